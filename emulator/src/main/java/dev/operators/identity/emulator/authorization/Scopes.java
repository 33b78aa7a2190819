package dev.operators.identity.emulator.authorization;

import dev.operators.identity.emulator.arm.AccessDenials;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.http.ArmRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a role assignment or definition request points: its scope resolved and checked as ARM does,
 * and the scopes above a scope (for inheritance).
 */
final class Scopes {
  private final EmulatorState state;
  private final ManagementGroups managementGroups;

  Scopes(EmulatorState state, ManagementGroups managementGroups) {
    this.state = state;
    this.managementGroups = managementGroups;
  }

  /**
   * Checks that the scope exists the way ARM does before the request reaches the provider: a
   * missing resource group is 404 {@code ResourceGroupNotFound}; a missing resource 404 {@code
   * ResourceNotFound} (emulator's judgement: the message ARM gives for any request under a missing
   * resource); an unknown management group 403 {@code AuthorizationFailed} ("... or the scope is
   * invalid", what ARM answers for a scope the caller has no access to — judgement, no public quote
   * found for role assignments at a missing management group).
   */
  Scope resolve(ArmRequest request, String path) {
    List<String> s = segments(path);
    if (s.isEmpty()) {
      return new Scope("/", Scope.Kind.ROOT, null);
    }
    if (s.get(0).equalsIgnoreCase("providers")) {
      if (s.size() == 4
          && s.get(1).equalsIgnoreCase("Microsoft.Management")
          && s.get(2).equalsIgnoreCase("managementGroups")) {
        if (!managementGroups.exists(s.get(3))) {
          throw AccessDenials.authorizationFailed(
              request.callerObjectId(),
              AccessDenials.action(request),
              AccessDenials.scope(request));
        }
        return new Scope(path, Scope.Kind.MANAGEMENT_GROUP, null);
      }
      throw ArmErrors.notFound(request.path);
    }
    if (!s.get(0).equalsIgnoreCase("subscriptions") || s.size() < 2) {
      throw ArmErrors.notFound(request.path);
    }
    String subscription =
        state.subscription(s.get(1)).orElseThrow(() -> ArmErrors.subscriptionNotFound(s.get(1)));
    if (s.size() == 2) {
      return new Scope(path, Scope.Kind.SUBSCRIPTION, subscription);
    }
    String group = null;
    if (s.get(2).equalsIgnoreCase("resourceGroups") && s.size() >= 4) {
      group = s.get(3);
      String requested = group;
      state
          .resourceGroup(subscription, group)
          .filter(
              g ->
                  !g.document()
                      .path("properties")
                      .path("provisioningState")
                      .asText()
                      .equals("Deleting"))
          .orElseThrow(() -> ArmErrors.resourceGroupNotFound(requested));
      if (s.size() == 4) {
        return new Scope(path, Scope.Kind.RESOURCE_GROUP, subscription);
      }
    }
    int providers = group == null ? 2 : 4;
    if (s.size() < providers + 4 || !s.get(providers).equalsIgnoreCase("providers")) {
      throw ArmErrors.notFound(request.path);
    }
    if (state.store().get(path).isEmpty()) {
      String type = s.get(providers + 1) + "/" + s.get(providers + 2);
      throw ArmErrors.resourceNotFound(type, s.get(s.size() - 1), group);
    }
    return new Scope(path, Scope.Kind.RESOURCE, subscription);
  }

  /**
   * The scope itself and every scope above it, as keys: parent resources, the resource group, the
   * subscription, its management groups (innermost first) and the root "/".
   */
  Set<String> atOrAbove(String scopePath) {
    Set<String> result = new LinkedHashSet<>();
    List<String> s = segments(scopePath);
    if (!s.isEmpty() && s.get(0).equalsIgnoreCase("subscriptions")) {
      for (int len = s.size(); len >= 2; len--) {
        if (len % 2 == 0 && !s.get(len - 2).equalsIgnoreCase("providers")) {
          result.add(Scope.key("/" + String.join("/", s.subList(0, len))));
        }
      }
      managementGroups.above(s.get(1)).forEach(result::add);
    } else if (s.size() == 4 && s.get(0).equalsIgnoreCase("providers")) {
      managementGroups.chain(s.get(3)).forEach(result::add);
    }
    result.add("/");
    return result;
  }

  /**
   * Whether a scope (as a key) lies strictly below {@code scope}: by id prefix for a subscription,
   * a resource group or a resource; through the management-group chain of the scope's subscription
   * for a management group; always for the root.
   */
  Predicate<String> below(Scope scope) {
    String scopeKey = scope.key();
    return switch (scope.kind()) {
      case ROOT -> other -> !other.equals(scopeKey);
      case MANAGEMENT_GROUP ->
          other -> !other.equals(scopeKey) && atOrAbove(other).contains(scopeKey);
      default -> other -> other.startsWith(scopeKey + "/");
    };
  }

  /** A path's non-empty segments. */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }
}
