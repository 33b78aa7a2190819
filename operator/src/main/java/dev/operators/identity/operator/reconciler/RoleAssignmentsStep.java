package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.ListedAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.azure.RoleDefinitionPort;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import dev.operators.identity.operator.reconciler.RoleAssignmentPlan.Action;
import dev.operators.identity.operator.reconciler.RoleAssignmentPlan.Declared;
import dev.operators.identity.operator.reconciler.RoleAssignmentPlan.Listing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the role assignments of the identity's principal exactly the declared set, in four steps:
 * resolve the declared roles, observe the principal's assignments, plan ({@link
 * RoleAssignmentPlan}, pure), and carry the plan out: create what is missing (under deterministic
 * names), update what drifted, delete what is not declared when the plan says that is safe.
 */
final class RoleAssignmentsStep {

  /** The pass's result: the condition, one status entry per declared assignment, and more. */
  record Outcome(
      PartResult part,
      List<RoleAssignmentStatus> entries,
      List<String> searchScopes,
      List<String> privileged) {}

  private final RoleDefinitionPort roles;
  private final RoleAssignmentPort assignments;
  private final EventRecorder events;

  RoleAssignmentsStep(
      RoleDefinitionPort roles, RoleAssignmentPort assignments, EventRecorder events) {
    this.roles = roles;
    this.assignments = assignments;
    this.events = events;
  }

  /**
   * One pass; {@code principalId} is null while the identity is only planned (Plan mode): nothing
   * can be assigned to it yet, so every declared assignment is to be created.
   */
  Outcome reconcile(
      UserAssignedIdentity resource,
      String identitySubscription,
      String principalId,
      Collection<String> previousSearchScopes,
      Writes writes) {
    List<RoleAssignmentSpec> specs = resource.getSpec().effectiveRoleAssignments();
    List<Declared> declared = specs.stream().map(this::resolve).toList();
    Set<String> roots = searchRoots(resource, identitySubscription, previousSearchScopes);
    List<Listing> listings = new ArrayList<>();
    for (String root : roots) {
      listings.add(observe(root, principalId, isRequired(root, identitySubscription, specs)));
    }
    RoleAssignmentPlan plan = RoleAssignmentPlan.decide(principalId, declared, listings);
    RoleAssignmentsReport report = new RoleAssignmentsReport(plan.observationFailures());
    List<RoleAssignmentStatus> entries = new ArrayList<>();
    for (Action action : plan.actions()) {
      RoleAssignmentStatus entry = newEntry(declared.get(action.index()));
      entries.add(entry);
      act(resource, action, entry, report, writes);
    }
    for (RoleAssignment stale : plan.deletions()) {
      if (!writes.permit(
          "Delete",
          RoleAssignmentPlan.KIND,
          stale.id(),
          "role " + stale.roleDefinitionGuid() + " is not declared in spec.roleAssignments")) {
        continue;
      }
      try {
        if (!confirmed(stale, principalId)) {
          continue; // gone or changed since the listing: the next pass decides afresh
        }
        assignments.delete(stale.id());
        events.normal(
            resource,
            "RoleAssignmentDeleted",
            "Deleted role assignment "
                + stale.id()
                + " (role "
                + stale.roleDefinitionGuid()
                + "): not declared in spec.roleAssignments");
      } catch (AzureRequestException e) {
        report.pruneFailed(stale, AzureFailures.classify(e));
      }
    }
    return new Outcome(
        report.result(entries, plan.leftInPlace().size()),
        entries,
        plan.searchScopes(),
        plan.privileged());
  }

  /**
   * Reads the principal's assignments afresh and names every declared one Azure does not hold as
   * declared (empty: all are there); writes nothing. A migration's read-back of the new principal.
   */
  List<String> unverified(
      UserAssignedIdentity resource, String identitySubscription, String principalId) {
    List<RoleAssignmentSpec> specs = resource.getSpec().effectiveRoleAssignments();
    List<Declared> declared = specs.stream().map(this::resolve).toList();
    List<Listing> listings = new ArrayList<>();
    for (String root : searchRoots(resource, identitySubscription, List.of())) {
      listings.add(observe(root, principalId, true));
    }
    RoleAssignmentPlan plan = RoleAssignmentPlan.decide(principalId, declared, listings);
    List<String> missing = new ArrayList<>();
    plan.observationFailures().forEach(f -> missing.add("listing failed: " + f.message()));
    for (Action action : plan.actions()) {
      if (!(action instanceof Action.Keep)) {
        RoleAssignmentSpec spec = declared.get(action.index()).spec();
        missing.add("role " + spec.getRole() + " at " + spec.getScope());
      }
    }
    return missing;
  }

  /**
   * Deletes every role assignment of a principal under the given subscriptions and management
   * groups (for deletion of the resource, or a principal the identity no longer has).
   */
  void deleteAll(
      UserAssignedIdentity resource, String principalId, Collection<String> roots, Writes writes) {
    Map<String, RoleAssignment> found = new LinkedHashMap<>();
    for (String root : roots) {
      assignments
          .listForPrincipalFresh(root, principalId)
          .forEach(a -> found.putIfAbsent(a.id().toLowerCase(Locale.ROOT), a));
    }
    for (RoleAssignment assignment : found.values()) {
      if (!writes.permit(
          "Delete",
          RoleAssignmentPlan.KIND,
          assignment.id(),
          "granted to principal " + principalId + ", which the identity no longer has")) {
        continue;
      }
      assignments.delete(assignment.id());
      events.normal(
          resource,
          "RoleAssignmentDeleted",
          "Deleted role assignment " + assignment.id() + " of principal " + principalId);
    }
  }

  /**
   * A delete decided on a listing (which may be a resync period old) goes ahead only when a fresh
   * read shows the same assignment: same principal, role and scope.
   */
  private boolean confirmed(RoleAssignment stale, String principalId) {
    return assignments
        .get(stale.id())
        .map(ListedAssignment::assignment)
        .filter(now -> principalId.equalsIgnoreCase(now.principalId()))
        .filter(now -> now.key().equals(stale.key()))
        .isPresent();
  }

  /** Every subscription and management group the resource's assignments may live under. */
  static Set<String> searchRoots(
      UserAssignedIdentity resource, String identitySubscription, Collection<String> recorded) {
    Set<String> roots = new LinkedHashSet<>();
    roots.add(AzureScopes.subscriptionScope(identitySubscription));
    resource
        .getSpec()
        .effectiveRoleAssignments()
        .forEach(spec -> AzureScopes.searchRoot(spec.getScope()).ifPresent(roots::add));
    roots.addAll(recorded);
    return roots;
  }

  private Declared resolve(RoleAssignmentSpec spec) {
    try {
      Optional<RoleDefinition> definition = roles.resolve(spec.getScope(), spec.getRole());
      return definition
          .map(d -> Declared.resolved(spec, d))
          .orElseGet(() -> Declared.noSuchRole(spec));
    } catch (AzureRequestException e) {
      return Declared.lookupFailed(spec, AzureFailures.classify(e));
    }
  }

  private Listing observe(String root, String principalId, boolean required) {
    if (principalId == null) {
      return Listing.of(root, required, List.of());
    }
    try {
      return Listing.of(root, required, assignments.listForPrincipal(root, principalId));
    } catch (AzureRequestException e) {
      return Listing.failed(root, AzureFailures.classify(e));
    }
  }

  private void act(
      UserAssignedIdentity resource,
      Action action,
      RoleAssignmentStatus entry,
      RoleAssignmentsReport report,
      Writes writes) {
    try {
      if (!(action instanceof Action.Keep || action instanceof Action.Refuse)
          && !writes.permit(
              action instanceof Action.Update ? "Update" : "Create",
              RoleAssignmentPlan.KIND,
              RoleAssignmentPlan.describe(action),
              action instanceof Action.Update
                  ? "its condition or description differs from the spec"
                  : "declared in spec.roleAssignments, missing in Azure")) {
        entry.setState(State.Planned);
        entry.setMessage("planned, not written (" + RoleAssignmentPlan.describe(action) + ")");
        return;
      }
      if (action instanceof Action.Keep keep) {
        ready(entry, keep.current().name(), keep.current().id());
      } else if (action instanceof Action.Refuse refuse) {
        entry.setState(refuse.pending() ? State.Pending : State.Failed);
        entry.setMessage(refuse.message());
        refuse.failure().ifPresent(report::retryFor);
      } else if (action instanceof Action.Update update) {
        if (written(entry, assignments.create(update.write()), resource)) {
          events.normal(
              resource,
              "RoleAssignmentUpdated",
              "Updated the condition or description of role assignment " + entry.getId());
        }
      } else if (action instanceof Action.Create create) {
        if (written(entry, assignments.create(create.write()), resource)) {
          events.normal(
              resource,
              "RoleAssignmentCreated",
              "Assigned role '"
                  + create.roleName()
                  + "' at "
                  + create.write().scope()
                  + " ("
                  + entry.getId()
                  + ")");
        }
      }
    } catch (AzureRequestException e) {
      Failure failure = AzureFailures.classify(e);
      entry.setState(failure.passes() ? State.Pending : State.Failed);
      entry.setMessage(
          failure.action() == AzureFailures.Action.WAIT_FOR_REPLICATION
              ? "waiting for Microsoft Entra ID to replicate the identity's principal: "
                  + failure.message()
              : failure.message());
      report.retryFor(failure);
    }
  }

  /** Records a PUT's answer; false when the grant existed under another name (adopted). */
  private boolean written(
      RoleAssignmentStatus entry, RoleAssignmentWrite write, UserAssignedIdentity resource) {
    if (write instanceof RoleAssignmentWrite.Written written) {
      ready(entry, written.assignment().name(), written.assignment().id());
      return true;
    }
    // The same principal, role and scope exist under another name (created by someone else, or
    // not yet visible in the listing): adopt it.
    RoleAssignmentWrite.ExistsUnderName exists = (RoleAssignmentWrite.ExistsUnderName) write;
    ready(entry, exists.name(), exists.id());
    events.normal(
        resource,
        "RoleAssignmentAdopted",
        "Role assignment " + exists.name() + " already grants this role at " + entry.getScope());
    return false;
  }

  private static boolean isRequired(
      String root, String identitySubscription, List<RoleAssignmentSpec> declared) {
    return root.equals(AzureScopes.subscriptionScope(identitySubscription))
        || declared.stream()
            .anyMatch(s -> AzureScopes.searchRoot(s.getScope()).filter(root::equals).isPresent());
  }

  private static RoleAssignmentStatus newEntry(Declared declared) {
    RoleAssignmentStatus entry = new RoleAssignmentStatus();
    entry.setRole(declared.spec().getRole());
    entry.setScope(declared.spec().getScope());
    declared.role().ifPresent(role -> entry.setRoleDefinitionId(role.id()));
    return entry;
  }

  private static void ready(RoleAssignmentStatus entry, String name, String id) {
    entry.setName(name);
    entry.setId(id);
    entry.setState(State.Ready);
    entry.setMessage(null);
  }
}
