package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.reconciler.AssigneePlan.Action;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import dev.operators.identity.operator.support.ManagedIdentitySupport;
import dev.operators.identity.operator.support.ManagedIdentitySupport.Availability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Attaches the identity to every declared assignee through the resource's own identity block, and
 * detaches it from resources no longer declared, keeping every other identity those resources have:
 * observe each resource once, plan ({@link AssigneePlan}, pure), act. A Regional identity is never
 * attached outside its region ({@link RegionalIsolation}).
 */
final class AssigneesStep {

  /** The pass's result: the condition, one status entry per assignee, and ambiguous resources. */
  record Outcome(PartResult part, List<AssigneeStatus> entries, List<String> ambiguous) {}

  private final AssigneePort assignees;
  private final ManagedIdentitySupport support;
  private final String cloudName;
  private final EventRecorder events;

  AssigneesStep(
      AssigneePort assignees,
      ManagedIdentitySupport support,
      String cloudName,
      EventRecorder events) {
    this.assignees = assignees;
    this.support = support;
    this.cloudName = cloudName;
    this.events = events;
  }

  /** Reads the declared assignees (before the identity step, when a regional switch needs them). */
  AssigneeObservation observeDeclared(UserAssignedIdentity resource) {
    return AssigneeObservation.read(assignees, declared(resource));
  }

  /** {@code early}: what was read already in this pass, so nothing is read twice. */
  Outcome reconcile(
      UserAssignedIdentity resource,
      UserAssignedIdentityStatus identity,
      Optional<AssigneeObservation> early) {
    List<AssigneeStatus> previous = identity.getAssignees();
    List<String> wanted = declared(resource);
    List<String> all =
        Stream.concat(wanted.stream(), previous.stream().map(AssigneeStatus::getResourceId))
            .toList();
    AssigneeObservation observed =
        early
            .map(o -> o.andRead(assignees, all))
            .orElseGet(() -> AssigneeObservation.read(assignees, all));
    AssigneePlan.Identity target =
        new AssigneePlan.Identity(
            identity.getResourceId(), identity.getLocation(), identity.getIsolationScope());
    List<AssigneeStatus> entries = new ArrayList<>();
    List<String> ambiguous = new ArrayList<>();
    Optional<Duration> retry = Optional.empty();
    for (Action action : AssigneePlan.decide(target, wanted, previous, observed)) {
      AssigneeStatus entry = entry(action.resourceId());
      try {
        if (!act(resource, target, action, entry, ambiguous)) {
          continue;
        }
      } catch (AzureRequestException e) {
        retry = PartResult.longestWait(retry, failed(entry, AzureFailures.classify(e)));
        removedEntry(action).ifPresent(gone -> detaching(entry, gone));
      }
      if (action instanceof Action.Unreadable unreadable) {
        retry = PartResult.longestWait(retry, failed(entry, unreadable.failure()));
        unreadable.removed().ifPresent(gone -> detaching(entry, gone));
      }
      entries.add(entry);
    }
    return new Outcome(summary(entries, retry), List.copyOf(entries), ambiguous);
  }

  /** Detaches the identity from every assignee it is on (deletion of the resource). */
  void detachAll(UserAssignedIdentity resource, String identityId, Collection<String> resourceIds) {
    for (String resourceId : resourceIds) {
      Optional<AssigneeResource> found = assignees.find(resourceId);
      if (found.isPresent() && found.get().carries(identityId)) {
        detach(resource, resourceId, identityId);
      }
    }
  }

  /** Carries out one action; false when it leaves no status entry (a detach that succeeded). */
  private boolean act(
      UserAssignedIdentity resource,
      AssigneePlan.Identity identity,
      Action action,
      AssigneeStatus entry,
      List<String> ambiguous) {
    if (action instanceof Action.Missing) {
      entry.setState(State.Missing);
      entry.setMessage("the resource does not exist (deleted, or a wrong resource ID)");
    } else if (action instanceof Action.Refuse refuse) {
      describe(entry, refuse.target());
      entry.setState(State.Refused);
      entry.setMessage(refuse.message());
    } else if (action instanceof Action.Keep keep) {
      attached(entry, keep.target(), keep.target(), ambiguous);
    } else if (action instanceof Action.Attach attach) {
      describe(entry, attach.target());
      AssigneeResource now = assignees.attach(attach.target().id(), identity.resourceId());
      events.normal(resource, "Attached", "Attached the identity to " + attach.target().id());
      attached(entry, attach.target(), now, ambiguous);
    } else if (action instanceof Action.Detach detach) {
      detach(resource, detach.resourceId(), identity.resourceId());
      return false;
    }
    return true;
  }

  private void detach(UserAssignedIdentity resource, String resourceId, String identityId) {
    assignees.detach(resourceId, identityId);
    events.normal(resource, "Detached", "Detached the identity from " + resourceId);
  }

  private void attached(
      AssigneeStatus entry, AssigneeResource target, AssigneeResource now, List<String> ambiguous) {
    describe(entry, target);
    entry.setState(State.Attached);
    entry.setMessage(supportNote(target.type()));
    if (now.hasAmbiguousDefaultIdentity()) {
      ambiguous.add(now.id());
    }
  }

  /** Seed 004's table says the type cannot carry user-assigned identities here: say so. */
  private String supportNote(String resourceType) {
    Availability availability = support.userAssigned(resourceType, cloudName);
    if (availability != Availability.NOT_AVAILABLE) {
      return null;
    }
    return "Microsoft's table of services that support managed identities lists "
        + resourceType
        + " as not supporting user-assigned identities in "
        + cloudName
        + "; attaching anyway and letting Azure decide";
  }

  private static Optional<AssigneeStatus> removedEntry(Action action) {
    return action instanceof Action.Detach detach
        ? Optional.of(detach.removed())
        : Optional.empty();
  }

  /** A removed assignee whose detach did not happen stays listed, so it is retried. */
  private static void detaching(AssigneeStatus entry, AssigneeStatus gone) {
    entry.setResourceType(gone.getResourceType());
    entry.setLocation(gone.getLocation());
    entry.setMessage("removed from spec, detaching: " + entry.getMessage());
  }

  private static Optional<Duration> failed(AssigneeStatus entry, Failure failure) {
    entry.setMessage(failure.message());
    if (failure.passes()) {
      entry.setState(State.Pending);
      return failure.leastDelay().or(() -> Optional.of(Duration.ZERO));
    }
    entry.setState(State.Failed);
    return Optional.empty();
  }

  private static void describe(AssigneeStatus entry, AssigneeResource target) {
    entry.setResourceType(target.type());
    entry.setLocation(target.location());
  }

  private static PartResult summary(List<AssigneeStatus> entries, Optional<Duration> retry) {
    List<String> problems = new ArrayList<>();
    for (AssigneeStatus e : entries) {
      if (e.getState() != State.Attached) {
        problems.add(e.getState() + " " + e.getResourceId() + ": " + e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      return PartResult.ready("Attached", "Attached to " + entries.size() + " resource(s)");
    }
    String message = String.join("; ", problems);
    return retry
        .map(r -> PartResult.retrying("AssigneesPending", message, r))
        .orElseGet(() -> PartResult.failed("AssigneesNotReady", message));
  }

  private static List<String> declared(UserAssignedIdentity resource) {
    return resource.getSpec().effectiveAssignees().stream()
        .map(AssigneeSpec::getResourceId)
        .toList();
  }

  private static AssigneeStatus entry(String resourceId) {
    AssigneeStatus entry = new AssigneeStatus();
    entry.setResourceId(resourceId);
    return entry;
  }
}
