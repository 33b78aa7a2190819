package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DirectorySpec;
import dev.operators.identity.api.v1alpha1.DirectoryStatus;
import dev.operators.identity.api.v1alpha1.DirectoryStatus.Entry;
import dev.operators.identity.api.v1alpha1.DirectoryStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DirectoryPort;
import dev.operators.identity.operator.azure.DirectoryPort.AppRoleGrant;
import dev.operators.identity.operator.reconciler.DirectoryPlan.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity's directory side (spec.directory, Microsoft Graph): observe the service principal's
 * groups and app role assignments and look up what is declared, decide ({@link DirectoryPlan}),
 * then act, one small method per kind of change. Each entry that cannot be done fails alone.
 */
final class DirectoryStep {

  /** Appended to DirectoryReady: the token cache of managed identities (seeds 002, 003). */
  static final String TOKEN_CACHE_NOTE =
      "; group and app role changes can take hours to reach the identity's tokens (managed"
          + " identity tokens are cached for about 24 hours)";

  private static final Pattern GUID =
      Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");

  /** How a pass over the directory ended: its condition, and the status to record. */
  record Outcome(PartResult part, DirectoryStatus status) {}

  private final DirectoryPort directory;
  private final EventRecorder events;
  private final boolean allowRoleAssignable;

  DirectoryStep(DirectoryPort directory, EventRecorder events, boolean allowRoleAssignable) {
    this.directory = directory;
    this.events = events;
    this.allowRoleAssignable = allowRoleAssignable;
  }

  /**
   * One pass; {@code principalId} is null while the identity is only planned (Plan mode): Graph has
   * no principal yet, so every declared entry is to be added.
   */
  Outcome reconcile(
      UserAssignedIdentity resource, String principalId, DirectoryStatus before, Writes writes) {
    DirectorySpec spec = resource.getSpec().getDirectory();
    DirectoryStatus previous = before == null ? new DirectoryStatus() : before;
    if (spec == null
        && previous.getAddedToGroups().isEmpty()
        && previous.getAssignedAppRoles().isEmpty()) {
      return new Outcome(
          PartResult.ready("NoDirectoryEntries", "No directory entries declared"), null);
    }
    DirectorySpec declared = spec == null ? new DirectorySpec() : spec;
    Optional<DirectoryPort.Principal> principal =
        principalId == null
            ? Optional.of(new DirectoryPort.Principal(null, List.of(), List.of()))
            : directory.principal(principalId);
    if (principal.isEmpty()) {
      return new Outcome(
          PartResult.retrying(
              AzureFailures.PRINCIPAL_NOT_REPLICATED,
              "Microsoft Graph does not know the identity's service principal "
                  + principalId
                  + " yet (directory replication); retrying",
              AzureFailures.REPLICATION_DELAY),
          previous);
    }
    DirectoryPlan.Plan plan =
        DirectoryPlan.of(declared, observe(declared, principal.get(), previous));
    return act(resource, principalId, plan, principal.get(), previous, writes);
  }

  private DirectoryPlan.Observed observe(
      DirectorySpec spec, DirectoryPort.Principal principal, DirectoryStatus previous) {
    Map<String, Optional<DirectoryPort.Group>> groups = new HashMap<>();
    // An ID that is no GUID (a spec the schema did not check) names no group: nothing is sent.
    spec.declaredGroups().stream()
        .filter(g -> g.getId() != null)
        .forEach(
            g ->
                groups.put(
                    g.getId(),
                    GUID.matcher(g.getId()).matches()
                        ? directory.group(g.getId())
                        : Optional.empty()));
    Map<String, Optional<DirectoryPort.ResourceApp>> apps = new HashMap<>();
    Map<DirectorySpec.AppRole, DirectoryPlan.Resolution> roles = new LinkedHashMap<>();
    for (DirectorySpec.AppRole role : spec.declaredAppRoles()) {
      roles.put(role, AppRoleLookup.resolve(directory, role, apps));
    }
    return new DirectoryPlan.Observed(
        principal.groups(),
        principal.appRoles(),
        groups,
        roles,
        previous.getAddedToGroups(),
        previous.getAssignedAppRoles(),
        spec.removesUndeclared(),
        allowRoleAssignable);
  }

  /** Carries the plan out: every write goes through one of the four act methods below. */
  private Outcome act(
      UserAssignedIdentity resource,
      String principalId,
      DirectoryPlan.Plan plan,
      DirectoryPort.Principal seen,
      DirectoryStatus previous,
      Writes writes) {
    Tally tally = new Tally();
    List<String> added = new ArrayList<>();
    // What the operator made and still holds (gone out of band: forgotten).
    previous.getAddedToGroups().stream()
        .filter(g -> seen.groups().stream().anyMatch(m -> m.id().equalsIgnoreCase(g)))
        .forEach(added::add);
    List<DirectoryStatus.Assignment> assigned = new ArrayList<>();
    previous.getAssignedAppRoles().stream()
        .filter(a -> seen.appRoles().stream().anyMatch(g -> g.id().equals(a.getId())))
        .forEach(assigned::add);

    List<Entry> groups = new ArrayList<>();
    for (DirectoryPlan.GroupStep step : plan.groups()) {
      String id = step.groupId();
      if (step.decision() != Decision.ADD) {
        groups.add(Entry.group(id, state(step.decision()), step.message()));
        continue;
      }
      if (!writes.permit("Add", "GroupMembership", id, "declared in spec.directory.groups")) {
        groups.add(Entry.group(id, State.Planned, "planned, not written"));
        continue;
      }
      Optional<Tally.Miss> miss = tally.attempt(() -> addMember(resource, id, principalId));
      groups.add(
          miss.map(m -> Entry.group(id, m.state(), m.message()))
              .orElseGet(() -> Entry.group(id, State.Ready, "added")));
      if (miss.isEmpty()) {
        added.add(id);
      }
    }
    for (DirectoryPlan.Removal removal : plan.removals()) {
      if (!writes.permit("Remove", "GroupMembership", removal.groupId(), removal.why())) {
        groups.add(Entry.group(removal.groupId(), State.Planned, "removal planned, not made"));
        continue;
      }
      Optional<Tally.Miss> miss = tally.attempt(() -> removeMember(resource, removal, principalId));
      miss.ifPresent(
          m -> groups.add(Entry.group(removal.groupId(), m.state(), "removing: " + m.message())));
      if (miss.isEmpty()) {
        added.removeIf(g -> g.equalsIgnoreCase(removal.groupId()));
      }
    }
    List<Entry> appRoles = new ArrayList<>();
    for (DirectoryPlan.AppRoleStep step : plan.appRoles()) {
      String res = step.declared().getResource();
      String role = step.declared().getAppRole();
      if (step.decision() != Decision.ADD) {
        appRoles.add(Entry.appRole(res, role, state(step.decision()), step.message()));
        continue;
      }
      if (!writes.permit(
          "Grant", "AppRole", role + " of " + res, "declared in spec.directory.appRoles")) {
        appRoles.add(Entry.appRole(res, role, State.Planned, "planned, not written"));
        continue;
      }
      List<AppRoleGrant> made = new ArrayList<>();
      Optional<Tally.Miss> miss =
          tally.attempt(() -> made.add(assignAppRole(resource, principalId, step)));
      appRoles.add(
          miss.map(m -> Entry.appRole(res, role, m.state(), m.message()))
              .orElseGet(() -> Entry.appRole(res, role, State.Ready, "granted")));
      made.forEach(
          g -> assigned.add(new DirectoryStatus.Assignment(g.resourceId(), g.appRoleId(), g.id())));
    }
    for (DirectoryPlan.Revocation revocation : plan.revocations()) {
      if (!writes.permit(
          "Revoke",
          "AppRole",
          revocation.appRoleId() + " of " + revocation.resourceId(),
          "app role assignment " + revocation.assignmentId() + " is no longer declared")) {
        appRoles.add(
            Entry.appRole(
                revocation.resourceId(),
                revocation.appRoleId(),
                State.Planned,
                "revocation planned, not made"));
        continue;
      }
      Optional<Tally.Miss> miss = tally.attempt(() -> removeAppRole(resource, revocation));
      miss.ifPresent(
          m ->
              appRoles.add(
                  Entry.appRole(
                      revocation.resourceId(),
                      revocation.appRoleId(),
                      m.state(),
                      "removing: " + m.message())));
      if (miss.isEmpty()) {
        assigned.removeIf(a -> a.getId().equals(revocation.assignmentId()));
      }
    }
    plan.undeclared().forEach(e -> (e.getGroupId() != null ? groups : appRoles).add(e));

    DirectoryStatus status = new DirectoryStatus();
    status.setGroups(groups);
    status.setAppRoles(appRoles);
    status.setAddedToGroups(added);
    status.setAssignedAppRoles(assigned);
    return new Outcome(tally.part(groups, appRoles), status);
  }

  // ---- act: one method per kind of change (the only Graph writes of this step) ---------------

  private void addMember(UserAssignedIdentity resource, String groupId, String principalId) {
    directory.addMember(groupId, principalId);
    events.normal(resource, "AddedToGroup", "Added the identity to group " + groupId);
  }

  private void removeMember(
      UserAssignedIdentity resource, DirectoryPlan.Removal removal, String principalId) {
    directory.removeMember(removal.groupId(), principalId);
    events.normal(
        resource,
        "RemovedFromGroup",
        "Removed the identity from group " + removal.groupId() + ": " + removal.why());
  }

  private AppRoleGrant assignAppRole(
      UserAssignedIdentity resource, String principalId, DirectoryPlan.AppRoleStep step) {
    AppRoleGrant grant = directory.assignAppRole(principalId, step.resourceId(), step.appRoleId());
    events.normal(
        resource,
        "AppRoleGranted",
        "Granted app role "
            + step.declared().getAppRole()
            + " of "
            + step.declared().getResource()
            + " to the identity");
    return grant;
  }

  private void removeAppRole(UserAssignedIdentity resource, DirectoryPlan.Revocation revocation) {
    directory.removeAppRole(revocation.resourceId(), revocation.assignmentId());
    events.normal(
        resource,
        "AppRoleRevoked",
        "Removed app role "
            + revocation.appRoleId()
            + " of "
            + revocation.resourceId()
            + " from the identity: "
            + revocation.why());
  }

  /**
   * Before the identity is deleted: removes the memberships and app role assignments the operator
   * made (Entra would drop them with the service principal; the operator does not rely on it).
   */
  void removeMade(UserAssignedIdentity resource, String principalId, DirectoryStatus status) {
    if (status == null) {
      return;
    }
    for (String group : status.getAddedToGroups()) {
      removeMember(
          resource, new DirectoryPlan.Removal(group, "the resource is deleted"), principalId);
    }
    for (DirectoryStatus.Assignment a : status.getAssignedAppRoles()) {
      removeAppRole(
          resource,
          new DirectoryPlan.Revocation(
              a.getResourceId(), a.getAppRoleId(), a.getId(), "the resource is deleted"));
    }
  }

  /** Every entry of a directory status (groups, then app roles); none without one. */
  static List<Entry> entries(DirectoryStatus status) {
    List<Entry> all = new ArrayList<>();
    if (status != null) {
      all.addAll(status.getGroups());
      all.addAll(status.getAppRoles());
    }
    return all;
  }

  private static State state(Decision decision) {
    return switch (decision) {
      case READY -> State.Ready;
      case REFUSED -> State.Refused;
      case MISSING -> State.Missing;
      case ADD -> State.Pending;
    };
  }

  /** The failures of one pass's writes: each entry's own, and the longest wait asked for. */
  private static final class Tally {
    record Miss(State state, String message) {}

    private Optional<Duration> retry = Optional.empty();

    /** Runs one write: empty when it worked, else how its entry stands. */
    Optional<Miss> attempt(Runnable write) {
      try {
        write.run();
        return Optional.empty();
      } catch (AzureRequestException e) {
        AzureFailures.Failure failure = AzureFailures.classify(e);
        State state =
            failure.passes() ? State.Pending : e.isNotFound() ? State.Missing : State.Failed;
        retry = PartResult.longestWait(retry, failure.retry());
        return Optional.of(new Miss(state, e.getMessage()));
      }
    }

    PartResult part(List<Entry> groups, List<Entry> appRoles) {
      List<Entry> all = new ArrayList<>(groups);
      all.addAll(appRoles);
      long pending = all.stream().filter(e -> e.getState() == State.Pending).count();
      long bad =
          all.stream()
              .filter(
                  e ->
                      e.getState() == State.Missing
                          || e.getState() == State.Refused
                          || e.getState() == State.Failed)
              .count();
      long undeclared = all.stream().filter(e -> e.getState() == State.Undeclared).count();
      long ready = all.stream().filter(e -> e.getState() == State.Ready).count();
      String summary =
          ready
              + " of the declared groups and app roles in place"
              + (undeclared > 0
                  ? ", " + undeclared + " undeclared reported (spec.directory.authoritative)"
                  : "");
      if (pending > 0) {
        return PartResult.retrying(
            "DirectoryPending",
            pending + " entries pending; " + summary,
            retry.orElse(Duration.ZERO));
      }
      if (bad > 0) {
        return PartResult.failed(
            "DirectoryEntriesFailed",
            bad + " entries failed (see status.directory); " + summary + TOKEN_CACHE_NOTE);
      }
      return PartResult.ready("DirectoryReconciled", summary + TOKEN_CACHE_NOTE);
    }
  }
}
