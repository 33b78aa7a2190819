package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.AzureOperationStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AssigneeChange;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.PendingOperation;
import dev.operators.identity.operator.reconciler.AssigneePlan.Action;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import dev.operators.identity.operator.support.ManagedIdentitySupport;
import dev.operators.identity.operator.support.ManagedIdentitySupport.Availability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Attaches the identity to every declared assignee through the resource's own identity block, and
 * detaches it from resources no longer declared, keeping every other identity those resources have:
 * observe each resource once, plan ({@link AssigneePlan}, pure), act. A Regional identity is never
 * attached outside its region ({@link RegionalIsolation}).
 */
final class AssigneesStep {

  /** How soon an operation is checked again when Azure gave no Retry-After. */
  static final Duration POLL = Duration.ofSeconds(10);

  /** The pass's result: the condition, one status entry per assignee, and ambiguous resources. */
  record Outcome(PartResult part, List<AssigneeStatus> entries, List<String> ambiguous) {}

  private final AssigneePort assignees;
  private final ManagedIdentitySupport support;
  private final String cloudName;
  private final EventRecorder events;
  private final Clock clock;

  AssigneesStep(
      AssigneePort assignees,
      ManagedIdentitySupport support,
      String cloudName,
      EventRecorder events,
      Clock clock) {
    this.assignees = assignees;
    this.support = support;
    this.cloudName = cloudName;
    this.events = events;
    this.clock = clock;
  }

  /** Reads the declared assignees (before the identity step, when a regional switch needs them). */
  AssigneeObservation observeDeclared(UserAssignedIdentity resource) {
    return AssigneeObservation.read(assignees, declared(resource));
  }

  /** {@code early}: what was read already in this pass, so nothing is read twice. */
  Outcome reconcile(
      UserAssignedIdentity resource,
      UserAssignedIdentityStatus identity,
      Optional<AssigneeObservation> early,
      Writes writes) {
    List<AssigneeStatus> previous = identity.getAssignees();
    List<String> wanted = declared(resource);
    // A resource with a recorded operation is checked, not read.
    Set<String> checked =
        previous.stream()
            .filter(p -> p.getOperation() != null)
            .map(p -> AssigneePlan.key(p.getResourceId()))
            .collect(Collectors.toSet());
    List<String> all =
        Stream.concat(wanted.stream(), previous.stream().map(AssigneeStatus::getResourceId))
            .filter(id -> !checked.contains(AssigneePlan.key(id)))
            .toList();
    // Resources the identity leaves are read afresh: a detach is never decided on a listing.
    Set<String> declaredKeys = wanted.stream().map(AssigneePlan::key).collect(Collectors.toSet());
    List<String> staying =
        all.stream().filter(id -> declaredKeys.contains(AssigneePlan.key(id))).toList();
    List<String> leaving =
        all.stream().filter(id -> !declaredKeys.contains(AssigneePlan.key(id))).toList();
    AssigneeObservation observed =
        early
            .map(o -> o.andRead(assignees, staying))
            .orElseGet(() -> AssigneeObservation.read(assignees, staying))
            .andRead(assignees::findFresh, leaving);
    AssigneePlan.Identity target =
        new AssigneePlan.Identity(
            identity.getResourceId(),
            identity.getLocation(),
            identity.getIsolationScope(),
            resource.getSpec().declaredRestrictions());
    List<AssigneeStatus> entries = new ArrayList<>();
    List<String> ambiguous = new ArrayList<>();
    Optional<Duration> retry = Optional.empty();
    for (Action action : AssigneePlan.decide(target, wanted, previous, observed)) {
      AssigneeStatus entry = entry(action.resourceId());
      Optional<Duration> wait;
      try {
        wait =
            permitted(action, target, writes, entry)
                ? act(resource, target, action, entry, ambiguous)
                : Optional.empty();
      } catch (AzureRequestException e) {
        wait = failed(entry, AzureFailures.classify(e));
        removedEntry(action).ifPresent(gone -> detaching(entry, gone));
      }
      retry = PartResult.longestWait(retry, wait);
      if (entry.getState() != null) {
        entries.add(entry);
      }
    }
    return new Outcome(summary(entries, retry), List.copyOf(entries), ambiguous);
  }

  /**
   * Detaches the identity from every assignee it is on (deletion of the resource); the longest wait
   * asked for when some detach still runs in Azure (the identity must not go before it ends).
   */
  Optional<Duration> detachAll(
      UserAssignedIdentity resource, String identityId, Collection<String> resourceIds) {
    Optional<Duration> running = Optional.empty();
    for (String resourceId : resourceIds) {
      Optional<AssigneeResource> found = assignees.findFresh(resourceId);
      if (found.isPresent() && found.get().carries(identityId)) {
        AssigneeChange change = assignees.detach(resourceId, identityId);
        events.normal(resource, "Detached", "Detached the identity from " + resourceId);
        if (change instanceof AssigneeChange.Running r) {
          running = PartResult.longestWait(running, Optional.of(r.retryAfter().orElse(POLL)));
        }
      }
    }
    return running;
  }

  /**
   * Asks before an attach or detach; an entry whose write is only planned says so, and a planned
   * detach keeps the removed entry, so that a later pass still makes it.
   */
  private static boolean permitted(
      Action action, AssigneePlan.Identity identity, Writes writes, AssigneeStatus entry) {
    boolean made = true;
    if (action instanceof Action.Attach attach) {
      made =
          writes.permit(
              "Attach",
              "Assignee",
              attach.target().id(),
              "declared in spec.assignees; it does not carry " + identity.resourceId());
      if (!made) {
        describe(entry, attach.target());
      }
    } else if (action instanceof Action.Detach detach) {
      made =
          writes.permit(
              "Detach",
              "Assignee",
              detach.resourceId(),
              "no longer in spec.assignees; it carries " + identity.resourceId());
      if (!made) {
        detaching(entry, detach.removed());
      }
    }
    if (!made) {
      entry.setState(State.Planned);
      entry.setMessage(
          (action instanceof Action.Detach ? "removed from spec, " : "") + "planned, not written");
    }
    return made;
  }

  /** Carries out one action: the wait it asks for; an entry left without a state is dropped. */
  private Optional<Duration> act(
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
      AssigneeChange change = assignees.attach(attach.target().id(), identity.resourceId());
      events.normal(resource, "Attached", "Attached the identity to " + attach.target().id());
      if (change instanceof AssigneeChange.Running running) {
        return running(entry, "Attach", running, now());
      }
      attached(entry, attach.target(), ((AssigneeChange.Done) change).resource(), ambiguous);
    } else if (action instanceof Action.Detach detach) {
      AssigneeChange change = assignees.detach(detach.resourceId(), identity.resourceId());
      events.normal(resource, "Detached", "Detached the identity from " + detach.resourceId());
      if (change instanceof AssigneeChange.Running running) {
        Optional<Duration> wait = running(entry, "Detach", running, now());
        detaching(entry, detach.removed());
        return wait;
      }
    } else if (action instanceof Action.Check check) {
      return check(identity, check, entry, ambiguous);
    } else if (action instanceof Action.Unreadable unreadable) {
      Optional<Duration> wait = failed(entry, unreadable.failure());
      unreadable.removed().ifPresent(gone -> detaching(entry, gone));
      return wait;
    }
    return Optional.empty();
  }

  /** One look at an operation of an earlier pass; the resource as it then is decides the entry. */
  private Optional<Duration> check(
      AssigneePlan.Identity identity,
      Action.Check check,
      AssigneeStatus entry,
      List<String> ambiguous) {
    AzureOperationStatus recorded = check.recorded().getOperation();
    entry.setResourceType(check.recorded().getResourceType());
    entry.setLocation(check.recorded().getLocation());
    AssigneeChange change =
        assignees.check(
            check.resourceId(),
            new PendingOperation(recorded.getPollHeader(), recorded.getPollUrl()));
    if (change instanceof AssigneeChange.Running running) {
      Optional<Duration> wait =
          running(entry, recorded.getAction(), running, recorded.getStartedAt());
      if (!check.declared()) {
        detaching(entry, check.recorded());
      }
      return wait;
    }
    AssigneeResource now = ((AssigneeChange.Done) change).resource();
    boolean carries = now.carries(identity.resourceId());
    if (!check.declared() && !carries) {
      return Optional.empty(); // detached: the entry goes
    }
    Optional<String> refusal =
        RegionalIsolation.refusal(identity.scope(), identity.location(), now);
    if (check.declared() && carries && refusal.isEmpty()) {
      attached(entry, now, now, ambiguous);
      return Optional.empty();
    }
    // The resource is not where the spec wants it yet: the next pass plans from a fresh read.
    describe(entry, now);
    entry.setState(State.Pending);
    entry.setMessage(
        "an earlier "
            + recorded.getAction().toLowerCase(Locale.ROOT)
            + " completed; the next pass continues");
    if (!check.declared()) {
      detaching(entry, check.recorded());
    }
    return Optional.of(Duration.ZERO);
  }

  /** Azure carries the change out on its own: recorded, and checked on a later pass. */
  private static Optional<Duration> running(
      AssigneeStatus entry, String action, AssigneeChange.Running running, String startedAt) {
    entry.setState(State.Pending);
    entry.setOperation(
        new AzureOperationStatus(
            action, running.operation().pollHeader(), running.operation().pollUrl(), startedAt));
    String message =
        "Azure is carrying out the "
            + action.toLowerCase(Locale.ROOT)
            + " as a long-running operation (started "
            + startedAt
            + "); the operator checks it on a later pass";
    entry.setMessage(message);
    return Optional.of(running.retryAfter().orElse(POLL));
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
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
    entry.setState(failure.passes() ? State.Pending : State.Failed);
    return failure.retry();
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
