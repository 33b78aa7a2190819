package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The deletion of a {@link UserAssignedIdentity}: what its finalizer waits for. */
final class IdentityTeardown {

  private final SpecValidator validator;
  private final IdentityPort identities;
  private final Ownership ownership;
  private final RoleAssignmentsStep roleAssignmentsStep;
  private final AssigneesStep assigneesStep;
  private final EventRecorder events;
  private final FailureBackoff backoff;
  private final ReconcileListener listener;
  private final ClusterState cluster;
  private final DeletionPolicy namespaceDeletionPolicy;
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(IdentityTeardown.class);

  IdentityTeardown(
      SpecValidator validator,
      IdentityPort identities,
      Ownership ownership,
      RoleAssignmentsStep roleAssignmentsStep,
      AssigneesStep assigneesStep,
      EventRecorder events,
      FailureBackoff backoff,
      ReconcileListener listener,
      ClusterState cluster,
      DeletionPolicy namespaceDeletionPolicy) {
    this.validator = validator;
    this.identities = identities;
    this.ownership = ownership;
    this.roleAssignmentsStep = roleAssignmentsStep;
    this.assigneesStep = assigneesStep;
    this.events = events;
    this.backoff = backoff;
    this.listener = listener;
    this.cluster = cluster;
    this.namespaceDeletionPolicy = namespaceDeletionPolicy;
  }

  /**
   * Deletes what the resource owns in Azure, in order: detach from every assignee, delete every
   * role assignment of its principals (Azure keeps them after the identity is gone), then the
   * identity. A crash between the steps resumes here, as the finalizer stays until all are done; an
   * unknown intent (Orphan, an unreadable spec, a policy that is no name) deletes nothing.
   */
  DeleteControl cleanup(UserAssignedIdentity resource) {
    Optional<String> unknownIntent = unknownDeletionIntent(resource);
    if (unknownIntent.isPresent()) {
      // The safe reading of an unknown intent deletes nothing.
      events.warning(resource, "Orphaned", unknownIntent.get() + ": Azure was left as it is");
      return removed(resource);
    }
    // The intent is known from here on: a missing spec deletes (the default), else its policy.
    if (resource.getSpec() != null
        && resource.getSpec().effectiveDeletionPolicy().orElseThrow() == DeletionPolicy.Orphan) {
      events.normal(resource, "Orphaned", "deletionPolicy is Orphan: Azure was left as it is");
      return removed(resource);
    }
    Optional<IdentityRef> target = managedIdentity(resource);
    if (target.isEmpty()) {
      return removed(resource);
    }
    IdentityRef ref = target.get();
    ResourceID id = ResourceID.fromResource(resource);
    Optional<DeleteControl> cascade = cascadeDeletion(resource, ref, id);
    if (cascade.isPresent()) {
      return cascade.get();
    }
    try {
      Optional<AzureIdentity> existing = identities.find(ref);
      UserAssignedIdentityStatus status =
          resource.getStatus() == null ? new UserAssignedIdentityStatus() : resource.getStatus();
      if (existing.isPresent()
          && ownership.judge(resource, existing.get(), status.getPrincipalId())
              != Ownership.Verdict.OWNED) {
        events.warning(
            resource,
            "NotDeleted",
            "Identity " + ref + " is not owned by this resource and was left in Azure");
        return removed(resource);
      }
      // Detach from every assignee, then delete the role assignments (Azure keeps them after the
      // identity is gone), then the identity. A crash between the steps resumes here, as the
      // finalizer stays until all are done.
      if (existing.isPresent()) {
        assigneesStep.detachAll(resource, existing.get().resourceId(), assigneeIds(resource));
      }
      List<String> principals = new ArrayList<>(status.getStalePrincipalIds());
      existing.map(AzureIdentity::principalId).ifPresent(principals::add);
      if (existing.isEmpty() && status.getPrincipalId() != null) {
        principals.add(status.getPrincipalId());
      }
      var roots =
          RoleAssignmentsStep.searchRoots(
              resource, ref.subscriptionId(), status.getRoleAssignmentSearchScopes());
      for (String principal : principals) {
        roleAssignmentsStep.deleteAll(resource, principal, roots);
      }
      if (existing.isPresent()) {
        identities.delete(ref);
        events.normal(resource, "Deleted", "Deleted identity " + ref);
      }
      backoff.succeeded(id);
      return removed(resource);
    } catch (AzureRequestException e) {
      PartResult failure = PartResult.azureFailure(e);
      events.warning(resource, "DeleteFailed", failure.message());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(backoff.failed(id).delay(failure.retryAfter()));
    }
  }

  /**
   * A cascade is no user's wish to delete identities: the CRD being deleted (which deletes every
   * resource of the kind) leaves Azure as it is; a namespace being deleted does what the operator's
   * namespace deletion policy says (Orphan by default). When the cluster's state cannot be read,
   * nothing is deleted yet: the finalizer stays and the deletion is retried.
   */
  private Optional<DeleteControl> cascadeDeletion(
      UserAssignedIdentity resource, IdentityRef ref, ResourceID id) {
    String cascade;
    try {
      if (cluster.crdTerminating()) {
        cascade =
            "The UserAssignedIdentity CRD is being deleted, which deletes every resource of the"
                + " kind";
      } else if (cluster.namespaceTerminating(resource.getMetadata().getNamespace())
          && namespaceDeletionPolicy == DeletionPolicy.Orphan) {
        cascade =
            "The namespace is being deleted and the operator's namespace deletion policy is"
                + " Orphan (OPERATOR_NAMESPACE_DELETION_POLICY)";
      } else {
        return Optional.empty();
      }
    } catch (RuntimeException e) {
      events.warning(resource, "DeletionDeferred", e.getMessage() + "; nothing was deleted yet");
      return Optional.of(
          DeleteControl.noFinalizerRemoval()
              .rescheduleAfter(backoff.failed(id).delay(Optional.empty())));
    }
    String message =
        cascade
            + ": identity "
            + ref
            + ", its role assignments and its attachments were left in Azure. To manage it again,"
            + " re-create this resource (with the annotation "
            + UserAssignedIdentity.ADOPT_ANNOTATION
            + ": \"true\" if its ownership tags no longer match)";
    LOG.warn(
        "cascade deletion namespace={} name={}: {}",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        message);
    events.warning(resource, "Orphaned", message);
    return Optional.of(removed(resource));
  }

  /** Why the deletion policy cannot be known: an unreadable spec, or a value that is no name. */
  private static Optional<String> unknownDeletionIntent(UserAssignedIdentity resource) {
    var spec = resource.getSpec();
    if (spec == null) {
      return Optional.empty();
    }
    if (spec.readProblem().isPresent()) {
      return Optional.of("The spec could not be read (" + spec.readProblem().get() + ")");
    }
    if (spec.effectiveDeletionPolicy().isEmpty()) {
      return Optional.of(
          "deletionPolicy " + ArmId.quote(spec.getDeletionPolicy()) + " is not Delete or Orphan");
    }
    return Optional.empty();
  }

  /** Every resource the identity may be attached to: declared now, or recorded before. */
  private static List<String> assigneeIds(UserAssignedIdentity resource) {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    resource.getSpec().effectiveAssignees().forEach(a -> ids.add(a.getResourceId()));
    if (resource.getStatus() != null) {
      resource.getStatus().getAssignees().forEach(a -> ids.add(a.getResourceId()));
    }
    // A value that is no resource ID was never attached (nothing is sent for it).
    return ids.stream().filter(id -> ArmId.isValid(id, ArmId.Shape.AZURE_RESOURCE)).toList();
  }

  private DeleteControl removed(UserAssignedIdentity resource) {
    listener.removed(ResourceID.fromResource(resource));
    return DeleteControl.defaultDelete();
  }

  /**
   * The identity this resource manages: the one recorded in its status (what it created or
   * adopted), else the one its spec names when the spec is valid.
   */
  private Optional<IdentityRef> managedIdentity(UserAssignedIdentity resource) {
    if (resource.getStatus() != null && resource.getStatus().getResourceId() != null) {
      return Optional.of(IdentityRef.parse(resource.getStatus().getResourceId()));
    }
    SpecValidator.Result validation = validator.validate(resource);
    return validation.valid() ? Optional.of(validation.ref()) : Optional.empty();
  }
}
