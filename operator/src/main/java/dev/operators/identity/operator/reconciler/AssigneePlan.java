package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the assignees pass does, decided from what it observed (pure: no ports): for each declared
 * resource, attach, keep, or why not (missing, refused by regional isolation, not readable); for
 * each resource no longer declared that still carries the identity, detach; for each with an
 * operation still recorded from an earlier pass, check it first.
 */
final class AssigneePlan {

  /** What the identity is: its ARM ID, region and isolation scope, as Azure holds them. */
  record Identity(
      String resourceId, String location, IsolationScope scope, Optional<List<String>> restricted) {
    Identity(String resourceId, String location, IsolationScope scope) {
      this(resourceId, location, scope, Optional.empty());
    }
  }

  /** What to do for one resource (declared, or removed from the spec). */
  sealed interface Action {
    String resourceId();

    record Attach(String resourceId, AssigneeResource target) implements Action {}

    record Keep(String resourceId, AssigneeResource target) implements Action {}

    record Missing(String resourceId) implements Action {}

    record Refuse(String resourceId, AssigneeResource target, String message) implements Action {}

    /** It could not be read: retried (when the failure passes) with the entry kept. */
    record Unreadable(String resourceId, Failure failure, Optional<AssigneeStatus> removed)
        implements Action {}

    /** Removed from the spec and still carrying the identity. */
    record Detach(String resourceId, AssigneeStatus removed) implements Action {}

    /**
     * An attach or detach started on an earlier pass is still recorded: look at it (once, no
     * waiting) before anything else is written to the resource.
     */
    record Check(String resourceId, AssigneeStatus recorded, boolean declared) implements Action {}
  }

  private AssigneePlan() {}

  static List<Action> decide(
      Identity identity,
      List<String> declared,
      List<AssigneeStatus> previous,
      AssigneeObservation observed) {
    List<Action> actions = new ArrayList<>();
    Set<String> declaredKeys = new LinkedHashSet<>();
    Map<String, AssigneeStatus> running = new HashMap<>();
    previous.stream()
        .filter(p -> p.getOperation() != null)
        .forEach(p -> running.putIfAbsent(key(p.getResourceId()), p));
    for (String resourceId : declared) {
      if (!declaredKeys.add(key(resourceId))) {
        continue;
      }
      if (running.containsKey(key(resourceId))) {
        actions.add(new Action.Check(resourceId, running.get(key(resourceId)), true));
        continue;
      }
      Optional<Failure> failure = observed.failure(resourceId);
      if (failure.isPresent()) {
        actions.add(new Action.Unreadable(resourceId, failure.get(), Optional.empty()));
        continue;
      }
      Optional<AssigneeResource> found = observed.resource(resourceId);
      if (found.isEmpty()) {
        actions.add(new Action.Missing(resourceId));
        continue;
      }
      AssigneeResource target = found.get();
      Optional<String> refusal =
          RegionalIsolation.refusal(identity.scope(), identity.location(), target)
              .or(
                  () ->
                      identity
                          .restricted()
                          .flatMap(
                              providers ->
                                  AssignmentRestrictions.refusal(
                                      providers, target.id(), target.type())));
      if (refusal.isPresent()) {
        actions.add(new Action.Refuse(resourceId, target, refusal.get()));
      } else if (target.carries(identity.resourceId())) {
        actions.add(new Action.Keep(resourceId, target));
      } else {
        actions.add(new Action.Attach(resourceId, target));
      }
    }
    for (AssigneeStatus gone : previous) {
      String resourceId = gone.getResourceId();
      if (!declaredKeys.add(key(resourceId))) {
        continue;
      }
      Optional<Failure> failure = observed.failure(resourceId);
      if (gone.getOperation() != null) {
        actions.add(new Action.Check(resourceId, gone, false));
      } else if (failure.isPresent()) {
        actions.add(new Action.Unreadable(resourceId, failure.get(), Optional.of(gone)));
      } else if (observed
          .resource(resourceId)
          .filter(r -> r.carries(identity.resourceId()))
          .isPresent()) {
        actions.add(new Action.Detach(resourceId, gone));
      }
    }
    return actions;
  }

  static String key(String resourceId) {
    return resourceId.toLowerCase(Locale.ROOT);
  }
}
