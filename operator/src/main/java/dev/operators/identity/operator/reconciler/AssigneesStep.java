package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.support.ManagedIdentitySupport;
import dev.operators.identity.operator.support.ManagedIdentitySupport.Availability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Attaches the identity to every declared assignee through the resource's own identity block, and
 * detaches it from resources no longer declared, keeping every other identity those resources have.
 * A Regional identity is never attached outside its region.
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

  Outcome reconcile(UserAssignedIdentity resource, UserAssignedIdentityStatus identity) {
    List<AssigneeStatus> previous = identity.getAssignees();
    Map<String, AssigneeStatus> entries = new LinkedHashMap<>();
    List<String> ambiguous = new ArrayList<>();
    Optional<Duration> retry = Optional.empty();
    for (AssigneeSpec spec : resource.getSpec().effectiveAssignees()) {
      AssigneeStatus entry = entry(spec.getResourceId());
      entries.put(key(spec.getResourceId()), entry);
      try {
        attach(resource, identity, entry).ifPresent(ambiguous::add);
      } catch (AzureRequestException e) {
        retry = PartResult.earliest(retry, failed(entry, e));
      }
    }
    for (AssigneeStatus gone : previous) {
      if (entries.containsKey(key(gone.getResourceId()))) {
        continue;
      }
      try {
        detach(resource, identity.getResourceId(), gone.getResourceId());
      } catch (AzureRequestException e) {
        // Keep it listed, so the detach is retried on the next pass.
        AssigneeStatus pending = entry(gone.getResourceId());
        pending.setResourceType(gone.getResourceType());
        pending.setLocation(gone.getLocation());
        retry = PartResult.earliest(retry, failed(pending, e));
        pending.setMessage("removed from spec, detaching: " + pending.getMessage());
        entries.put(key(gone.getResourceId()), pending);
      }
    }
    List<AssigneeStatus> result = List.copyOf(entries.values());
    warnAboutNewProblems(resource, result, previous);
    return new Outcome(summary(result, retry), result, ambiguous);
  }

  /**
   * Assignees in another region than the identity's: switching the identity to Regional would
   * strand them, so the switch is refused while any is declared.
   */
  List<String> outsideRegion(UserAssignedIdentity resource, String identityLocation) {
    List<String> outside = new ArrayList<>();
    for (AssigneeSpec spec : resource.getSpec().effectiveAssignees()) {
      assignees
          .find(spec.getResourceId())
          .filter(found -> found.location() != null && !found.location().equals(identityLocation))
          .ifPresent(found -> outside.add(found.id() + " (" + found.location() + ")"));
    }
    return outside;
  }

  /** Detaches the identity from every assignee it is on (deletion of the resource). */
  void detachAll(UserAssignedIdentity resource, String identityId, Collection<String> resourceIds) {
    for (String resourceId : resourceIds) {
      detach(resource, identityId, resourceId);
    }
  }

  private Optional<String> attach(
      UserAssignedIdentity resource, UserAssignedIdentityStatus identity, AssigneeStatus entry) {
    Optional<AssigneeResource> found = assignees.find(entry.getResourceId());
    if (found.isEmpty()) {
      entry.setState(State.Missing);
      entry.setMessage("the resource does not exist (deleted, or a wrong resource ID)");
      return Optional.empty();
    }
    AssigneeResource target = found.get();
    entry.setResourceType(target.type());
    entry.setLocation(target.location());
    String note = supportNote(target.type());
    if (identity.getIsolationScope() == IsolationScope.Regional
        && !Objects.equals(target.location(), identity.getLocation())) {
      entry.setState(State.Refused);
      entry.setMessage(
          "regional isolation: "
              + target.id()
              + " is in "
              + target.location()
              + " but the identity is Regional in "
              + identity.getLocation()
              + "; only resources in "
              + identity.getLocation()
              + " may use it");
      return Optional.empty();
    }
    AssigneeResource now = target;
    if (!target.carries(identity.getResourceId())) {
      now = assignees.attach(target.id(), identity.getResourceId());
      events.normal(resource, "Attached", "Attached the identity to " + target.id());
    }
    entry.setState(State.Attached);
    entry.setMessage(note);
    return now.hasAmbiguousDefaultIdentity() ? Optional.of(now.id()) : Optional.empty();
  }

  private void detach(UserAssignedIdentity resource, String identityId, String resourceId) {
    Optional<AssigneeResource> found = assignees.find(resourceId);
    if (found.isPresent() && found.get().carries(identityId)) {
      assignees.detach(resourceId, identityId);
      events.normal(resource, "Detached", "Detached the identity from " + resourceId);
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

  private static Optional<Duration> failed(AssigneeStatus entry, AzureRequestException e) {
    entry.setMessage(e.getMessage());
    if (e.isTransient()) {
      entry.setState(State.Pending);
      return Optional.of(e.retryAfter().orElse(Duration.ZERO));
    }
    entry.setState(State.Failed);
    return Optional.empty();
  }

  private void warnAboutNewProblems(
      UserAssignedIdentity resource, List<AssigneeStatus> entries, List<AssigneeStatus> previous) {
    for (AssigneeStatus entry : entries) {
      if (entry.getMessage() == null || entry.getState() == State.Pending) {
        continue;
      }
      boolean known =
          previous.stream()
              .anyMatch(
                  p ->
                      key(p.getResourceId()).equals(key(entry.getResourceId()))
                          && p.getState() == entry.getState()
                          && Objects.equals(p.getMessage(), entry.getMessage()));
      if (!known) {
        String reason =
            switch (entry.getState()) {
              case Refused -> "AssigneeRefused";
              case Missing -> "AssigneeMissing";
              case Failed -> "AssigneeFailed";
              default -> "UnsupportedAssignee";
            };
        events.warning(resource, reason, entry.getResourceId() + ": " + entry.getMessage());
      }
    }
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

  private static AssigneeStatus entry(String resourceId) {
    AssigneeStatus entry = new AssigneeStatus();
    entry.setResourceId(resourceId);
    return entry;
  }

  private static String key(String resourceId) {
    return resourceId.toLowerCase(Locale.ROOT);
  }
}
