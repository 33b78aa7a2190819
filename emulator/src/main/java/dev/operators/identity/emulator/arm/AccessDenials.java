package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Simulated RBAC denials: requests whose ARM action matches a rule's regex and whose scope starts
 * with its prefix answer 403 {@code AuthorizationFailed}. The action is derived from the path and
 * method the way ARM names operations: {@code {namespace}/{type}[/{childType}]/read|write|delete},
 * {@code .../{name}/action} for POST, {@code Microsoft.Resources/subscriptions/resourceGroups/...}
 * for resource groups; the scope is the addressed resource (its parent for a list or a POST
 * action).
 */
public final class AccessDenials {
  public record Denial(String actionRegex, String scopePrefix) {
    boolean matches(String action, String scope) {
      boolean actionMatches =
          Pattern.compile(actionRegex, Pattern.CASE_INSENSITIVE).matcher(action).matches();
      boolean scopeMatches =
          scopePrefix == null
              || scopePrefix.isEmpty()
              || scope.toLowerCase(Locale.ROOT).startsWith(scopePrefix.toLowerCase(Locale.ROOT));
      return actionMatches && scopeMatches;
    }
  }

  private final List<Denial> denials = new CopyOnWriteArrayList<>();

  public void deny(String actionRegex, String scopePrefix) {
    Pattern.compile(actionRegex); // fail fast on an invalid regex
    denials.add(new Denial(actionRegex, scopePrefix));
  }

  public void clear() {
    denials.clear();
  }

  public List<Denial> active() {
    return List.copyOf(denials);
  }

  /** Throws ARM's 403 when a rule denies the request. */
  void check(ArmRequest request) {
    if (denials.isEmpty()) {
      return;
    }
    String action = action(request);
    String scope = scope(request);
    for (Denial denial : denials) {
      if (denial.matches(action, scope)) {
        throw authorizationFailed(request.callerObjectId(), action, scope);
      }
    }
  }

  /**
   * ARM's 403. Message as quoted in public issue threads (e.g. a Terraform/AKS report: "The client
   * '6a3b…' with object id '6a3b…' does not have authorization to perform action
   * 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/…/providers/
   * Microsoft.Authorization/roleAssignments/f0a5…' or the scope is invalid. If access was recently
   * granted, please refresh your credentials."): for a service principal both ids are its object
   * id.
   */
  public static ArmException authorizationFailed(String objectId, String action, String scope) {
    return authorizationFailed(objectId, "does not have authorization", action, scope);
  }

  /**
   * ARM's 403 when role-based access and its conditions refuse the action, as Microsoft's RBAC
   * troubleshooting page and public deployment logs quote it for role-assignment writes: "The
   * client '…' with object id '…' does not have authorization or an ABAC condition not fulfilled to
   * perform action 'Microsoft.Authorization/roleAssignments/write' over scope '…/roleAssignments/…'
   * or the scope is invalid. If access was recently granted, please refresh your credentials."
   */
  public static ArmException authorizationOrConditionFailed(
      String objectId, String action, String scope) {
    return authorizationFailed(
        objectId, "does not have authorization or an ABAC condition not fulfilled", action, scope);
  }

  private static ArmException authorizationFailed(
      String objectId, String lacks, String action, String scope) {
    String oid = objectId == null ? "00000000-0000-0000-0000-000000000000" : objectId;
    return new ArmException(
        403,
        "AuthorizationFailed",
        "The client '"
            + oid
            + "' with object id '"
            + oid
            + "' "
            + lacks
            + " to perform action '"
            + action
            + "' over scope '"
            + scope
            + "' or the scope is invalid. If access was recently granted, please refresh your"
            + " credentials.");
  }

  /** The ARM action a request performs, e.g. Microsoft.Authorization/roleAssignments/write. */
  public static String action(ArmRequest request) {
    List<String> s = request.segments;
    int p = lastProviders(s);
    String verb = verb(request.method);
    if (p < 0) {
      boolean group = s.size() >= 3 && s.get(2).equalsIgnoreCase("resourceGroups");
      String type =
          group
              ? "Microsoft.Resources/subscriptions/resourceGroups"
              : "Microsoft.Resources/subscriptions";
      return type + "/" + verb;
    }
    StringBuilder action = new StringBuilder(s.get(p + 1));
    List<String> rest = s.subList(p + 2, s.size());
    for (int i = 0; i < rest.size(); i += 2) {
      action.append('/').append(rest.get(i));
    }
    if (request.method.equals("POST")) {
      if (rest.size() % 2 == 0 && !rest.isEmpty()) {
        action.append('/').append(rest.get(rest.size() - 1));
      }
      return action.append("/action").toString();
    }
    return action.append('/').append(verb).toString();
  }

  /** The scope ARM names in the 403: the resource, or the parent of a collection or action. */
  public static String scope(ArmRequest request) {
    List<String> s = request.segments;
    int p = lastProviders(s);
    boolean collection;
    if (p < 0) {
      collection = s.size() == 1 || s.size() == 3;
    } else {
      int rest = s.size() - p - 2;
      collection = rest % 2 == 1;
    }
    boolean parent = (collection && request.method.equals("GET")) || request.method.equals("POST");
    List<String> scope = parent && !s.isEmpty() ? s.subList(0, s.size() - 1) : s;
    return "/" + String.join("/", scope);
  }

  private static int lastProviders(List<String> s) {
    for (int i = s.size() - 2; i >= 0; i--) {
      if (s.get(i).equalsIgnoreCase("providers")) {
        return i;
      }
    }
    return -1;
  }

  private static String verb(String method) {
    return switch (method) {
      case "PUT", "PATCH" -> "write";
      case "DELETE" -> "delete";
      case "POST" -> "action";
      default -> "read";
    };
  }
}
