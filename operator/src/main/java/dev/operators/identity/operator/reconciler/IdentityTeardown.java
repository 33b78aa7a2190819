package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.MigrationIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.migration.MigrationPlan;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the operator removes from Azure (and from the directory): on deletion of a resource
 * (what its finalizer waits for, decided by {@link DeletionIntent}), and the grants of stale
 * principals (an identity deleted out of band and recreated has a new principal; the old one's role
 * assignments remain in Azure).
 */
final class IdentityTeardown {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityTeardown.class);

  /**
   * What a deletion attempt did: the control for JOSDK, and why the finalizer stays, if it does.
   */
  record Attempt(DeleteControl control, Optional<PartResult> waiting) {
    static Attempt done(DeleteControl control) {
      return new Attempt(control, Optional.empty());
    }
  }

  /** The stale principals whose grants are gone now, and why the rest remain, if any do. */
  record StaleCleanup(List<String> removed, Optional<PartResult> failure) {}

  private final SpecValidator validator;
  private final IdentityPort identities;
  private final Ownership ownership;
  private final RoleAssignmentsStep roleAssignmentsStep;
  private final AssigneesStep assigneesStep;
  private final ServiceAccountsStep serviceAccounts;
  private final DirectoryStep directory;
  private final EventRecorder events;
  private final WarningEvents warnings;
  private final FailureBackoff backoff;
  private final ReconcileListener listener;
  private final ClusterState cluster;
  private final NamespaceDeletion.Source namespaceDeletion;

  IdentityTeardown(
      SpecValidator validator,
      IdentityPort identities,
      Ownership ownership,
      RoleAssignmentsStep roleAssignmentsStep,
      AssigneesStep assigneesStep,
      ServiceAccountsStep serviceAccounts,
      DirectoryStep directory,
      EventRecorder events,
      FailureBackoff backoff,
      ReconcileListener listener,
      ClusterState cluster,
      NamespaceDeletion.Source namespaceDeletion) {
    this.validator = validator;
    this.identities = identities;
    this.ownership = ownership;
    this.roleAssignmentsStep = roleAssignmentsStep;
    this.assigneesStep = assigneesStep;
    this.serviceAccounts = serviceAccounts;
    this.directory = directory;
    this.events = events;
    this.warnings = new WarningEvents(events);
    this.backoff = backoff;
    this.listener = listener;
    this.cluster = cluster;
    this.namespaceDeletion = namespaceDeletion;
  }

  /**
   * Deletes what the resource owns in Azure, in order: detach from every assignee, delete every
   * role assignment of its principals (Azure keeps them after the identity is gone), then the
   * identity. A crash between the steps resumes here, as the finalizer stays until all are done.
   * While {@code paused} says why no Azure call may be made, a deletion that would delete in Azure
   * waits (a cascade or an Orphan policy, which call nothing in Azure, go on).
   */
  Attempt cleanup(UserAssignedIdentity resource, Optional<String> paused) {
    ResourceID id = ResourceID.fromResource(resource);
    DeletionIntent intent = DeletionIntent.of(resource, validator);
    if (intent instanceof DeletionIntent.Orphan orphan) {
      if (orphan.warn()) {
        warnings.orphaned(resource, orphan.message());
      } else {
        events.normal(resource, "Orphaned", orphan.message());
      }
      return removed(resource);
    }
    if (!(intent instanceof DeletionIntent.Delete delete)) {
      return removed(resource);
    }
    IdentityRef ref = delete.identity();
    Optional<String> cascade;
    try {
      cascade =
          DeletionIntent.cascade(
              cluster.crdTerminating(),
              cluster.namespaceTerminating(resource.getMetadata().getNamespace()),
              () -> namespaceDeletion.of(resource.getMetadata().getNamespace()));
    } catch (RuntimeException e) {
      // The cluster's state could not be read: nothing is deleted yet, the deletion is retried.
      String message = e.getMessage() + "; nothing was deleted yet";
      warnings.deletionDeferred(resource, message);
      return new Attempt(
          DeleteControl.noFinalizerRemoval()
              .rescheduleAfter(backoff.failed(id).delay(Optional.empty())),
          Optional.of(PartResult.retrying("DeletionDeferred", message, Duration.ZERO)));
    }
    if (cascade.isPresent()) {
      String message =
          cascade.get()
              + ": identity "
              + ref
              + ", its role assignments and its attachments were left in Azure. To manage it"
              + " again, re-create this resource (with the annotation "
              + UserAssignedIdentity.ADOPT_ANNOTATION
              + ": \"true\" if its ownership tags no longer match)";
      LOG.warn(
          "cascade deletion namespace={} name={}: {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          message);
      warnings.orphaned(resource, message);
      return removed(resource);
    }
    if (paused.isPresent()) {
      // Nothing in Azure is deleted while the resource is paused: the finalizer waits.
      return new Attempt(
          DeleteControl.noFinalizerRemoval()
              .rescheduleAfter(backoff.failed(id).delay(Optional.empty())),
          Optional.of(PartResult.retrying("Paused", paused.get(), Duration.ZERO)));
    }
    try {
      Optional<Duration> detaching = deleteOwned(resource, ref);
      backoff.succeeded(id);
      if (detaching.isPresent()) {
        // A detach runs in Azure: the identity goes once it is done, on a later pass.
        return new Attempt(
            DeleteControl.noFinalizerRemoval().rescheduleAfter(detaching.get()),
            Optional.of(
                PartResult.retrying(
                    "Detaching",
                    "Azure is still detaching the identity from an assignee; the identity is"
                        + " deleted once that is done",
                    detaching.get())));
      }
      return removed(resource);
    } catch (AzureRequestException e) {
      PartResult failure = PartResult.azureFailure(e);
      warnings.deleteFailed(resource, failure.message());
      return new Attempt(
          DeleteControl.noFinalizerRemoval()
              .rescheduleAfter(backoff.failed(id).delay(failure.retryAfter())),
          Optional.of(failure));
    }
  }

  /** Deletes the role assignments of earlier incarnations of the identity, as far as it can. */
  StaleCleanup removeStalePrincipals(
      UserAssignedIdentity resource,
      IdentityRef ref,
      UserAssignedIdentityStatus status,
      Writes writes) {
    List<String> removed = new ArrayList<>();
    for (String stale : status.getStalePrincipalIds()) {
      try {
        roleAssignmentsStep.deleteAll(
            resource,
            stale,
            RoleAssignmentsStep.searchRoots(
                resource, ref.subscriptionId(), status.getRoleAssignmentSearchScopes()),
            writes);
        if (writes.made()) {
          removed.add(stale);
        }
      } catch (AzureRequestException e) {
        return new StaleCleanup(removed, Optional.of(PartResult.azureFailure(e)));
      }
    }
    return new StaleCleanup(removed, Optional.empty());
  }

  /**
   * Empty once everything is deleted; else how long until a running detach is looked at. An
   * unfinished migration's other identities (its target, or its source past the switch, and an
   * abandoned target) go first, the same way.
   */
  private Optional<Duration> deleteOwned(UserAssignedIdentity resource, IdentityRef ref) {
    UserAssignedIdentityStatus status =
        resource.getStatus() == null ? new UserAssignedIdentityStatus() : resource.getStatus();
    for (MigrationIdentity other : MigrationPlan.besidesServing(status.getMigration())) {
      Optional<Duration> running =
          deleteIdentity(
              resource,
              IdentityRef.parse(other.getResourceId()),
              other.getPrincipalId(),
              List.of());
      if (running.isPresent()) {
        return running;
      }
    }
    return deleteIdentity(
        resource, ref, Ownership.knownPrincipal(status), status.getStalePrincipalIds());
  }

  /**
   * Detaches one identity of this resource from every assignee, deletes every role assignment of
   * its principal ({@code knownPrincipal} when the identity is gone already, and {@code stale}
   * ones), then the identity; an identity that is not this resource's is left, and said so. Empty
   * once done; else how long until a running detach is looked at.
   */
  Optional<Duration> deleteIdentity(
      UserAssignedIdentity resource, IdentityRef ref, String knownPrincipal, List<String> stale) {
    // Read afresh, never from a listing: what is deleted is decided on it.
    Optional<AzureIdentity> existing = identities.findFresh(ref);
    UserAssignedIdentityStatus status =
        resource.getStatus() == null ? new UserAssignedIdentityStatus() : resource.getStatus();
    if (existing.isPresent()
        && ownership.judge(resource, existing.get(), knownPrincipal) != Ownership.Verdict.OWNED) {
      warnings.notDeleted(
          resource, "Identity " + ref + " is not owned by this resource and was left in Azure");
      return Optional.empty();
    }
    if (existing.isPresent()) {
      Optional<Duration> running =
          assigneesStep.detachAll(resource, existing.get().resourceId(), assigneeIds(resource));
      if (running.isPresent()) {
        return running;
      }
    }
    List<String> principals = new ArrayList<>(stale);
    existing.map(AzureIdentity::principalId).ifPresent(principals::add);
    if (existing.isEmpty() && knownPrincipal != null) {
      principals.add(knownPrincipal);
    }
    var roots =
        RoleAssignmentsStep.searchRoots(
            resource, ref.subscriptionId(), status.getRoleAssignmentSearchScopes());
    for (String principal : principals) {
      roleAssignmentsStep.deleteAll(resource, principal, roots, Writes.make());
    }
    if (existing.isPresent()) {
      // Memberships and app role assignments it made, before the service principal goes.
      directory.removeMade(resource, existing.get().principalId(), status.getDirectory());
      serviceAccounts.release(resource, existing.get().clientId());
      identities.delete(ref);
      events.normal(resource, "Deleted", "Deleted identity " + ref);
    }
    return Optional.empty();
  }

  /** Every resource the identity may be attached to: declared now, or recorded before. */
  private static List<String> assigneeIds(UserAssignedIdentity resource) {
    Set<String> ids = new LinkedHashSet<>();
    if (resource.getSpec() != null) {
      resource.getSpec().effectiveAssignees().forEach(a -> ids.add(a.getResourceId()));
    }
    if (resource.getStatus() != null) {
      resource.getStatus().getAssignees().forEach(a -> ids.add(a.getResourceId()));
      if (resource.getStatus().getMigration() != null) {
        resource.getStatus().getMigration().getAssignees().forEach(a -> ids.add(a.getResourceId()));
      }
    }
    // A value that is no resource ID was never attached (nothing is sent for it).
    return ids.stream().filter(id -> ArmId.isValid(id, ArmId.Shape.AZURE_RESOURCE)).toList();
  }

  private Attempt removed(UserAssignedIdentity resource) {
    listener.removed(ResourceID.fromResource(resource));
    return Attempt.done(DeleteControl.defaultDelete());
  }
}
