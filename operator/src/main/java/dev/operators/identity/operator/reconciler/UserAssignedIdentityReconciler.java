package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The story of one {@link UserAssignedIdentity}: validate the spec, make the identity in Azure
 * match it, report the outcome as conditions, and come back after the resync period to repair
 * drift. On deletion, delete the identity (or leave it, with {@code deletionPolicy: Orphan}) before
 * the finalizer goes.
 */
@ControllerConfiguration(name = UserAssignedIdentityReconciler.NAME)
public class UserAssignedIdentityReconciler
    implements Reconciler<UserAssignedIdentity>, Cleaner<UserAssignedIdentity> {

  public static final String NAME = "userassignedidentity";
  private static final Logger LOG = LoggerFactory.getLogger(UserAssignedIdentityReconciler.class);
  private static final List<String> PARTS = List.of(StatusDraft.IDENTITY_READY);

  private final SpecValidator validator;
  private final IdentityStep identityStep;
  private final IdentityPort identities;
  private final Ownership ownership;
  private final EventRecorder events;
  private final FailureBackoff backoff;
  private final Duration resyncPeriod;
  private final Clock clock;

  public UserAssignedIdentityReconciler(
      IdentityPort identities, EventRecorder events, ReconcilerSettings settings, Clock clock) {
    this.identities = identities;
    this.events = events;
    this.ownership = new Ownership(settings.clusterName());
    this.validator = new SpecValidator(settings.defaultSubscription());
    this.identityStep = new IdentityStep(identities, ownership, events);
    this.backoff = new FailureBackoff(settings.initialRetryDelay(), settings.maxRetryDelay());
    this.resyncPeriod = settings.resyncPeriod();
    this.clock = clock;
  }

  @Override
  public UpdateControl<UserAssignedIdentity> reconcile(
      UserAssignedIdentity resource, Context<UserAssignedIdentity> context) {
    StatusDraft draft = new StatusDraft(resource, clock);
    PartResult identity = reconcileIdentity(resource, draft);
    if (draft.set(
            StatusDraft.IDENTITY_READY, identity.ready(), identity.reason(), identity.message())
        && !identity.ready()) {
      events.warning(resource, identity.reason(), identity.message());
    }
    draft.summarizeReady(PARTS);
    Duration next = identity.retryAfter().orElse(resyncPeriod);
    if (!draft.changed() && resource.getStatus() != null) {
      return UpdateControl.<UserAssignedIdentity>noUpdate().rescheduleAfter(next);
    }
    resource.setStatus(draft.finish());
    return UpdateControl.patchStatus(resource).rescheduleAfter(next);
  }

  private PartResult reconcileIdentity(UserAssignedIdentity resource, StatusDraft draft) {
    SpecValidator.Result validation = validator.validate(resource);
    if (!validation.valid()) {
      return PartResult.failed("InvalidSpec", validation.message());
    }
    ResourceID id = ResourceID.fromResource(resource);
    try {
      PartResult result = identityStep.reconcile(resource, validation.ref(), draft);
      backoff.succeeded(id);
      return result;
    } catch (AzureRequestException e) {
      LOG.warn(
          "reconcile failed namespace={} name={} requestId={}: {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          e.requestId().orElse("-"),
          e.getMessage());
      return PartResult.azureFailure(e, backoff.failed(id));
    }
  }

  @Override
  public DeleteControl cleanup(
      UserAssignedIdentity resource, Context<UserAssignedIdentity> context) {
    if (resource.getSpec() != null
        && resource.getSpec().effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      events.normal(resource, "Orphaned", "deletionPolicy is Orphan: Azure was left as it is");
      return DeleteControl.defaultDelete();
    }
    Optional<IdentityRef> target = managedIdentity(resource);
    if (target.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    IdentityRef ref = target.get();
    ResourceID id = ResourceID.fromResource(resource);
    try {
      Optional<AzureIdentity> existing = identities.find(ref);
      if (existing.isEmpty()) {
        return DeleteControl.defaultDelete();
      }
      String knownPrincipal =
          resource.getStatus() == null ? null : resource.getStatus().getPrincipalId();
      if (ownership.judge(resource, existing.get(), knownPrincipal) != Ownership.Verdict.OWNED) {
        events.warning(
            resource,
            "NotDeleted",
            "Identity " + ref + " is not owned by this resource and was left in Azure");
        return DeleteControl.defaultDelete();
      }
      identities.delete(ref);
      backoff.succeeded(id);
      events.normal(resource, "Deleted", "Deleted identity " + ref);
      return DeleteControl.defaultDelete();
    } catch (AzureRequestException e) {
      PartResult failure = PartResult.azureFailure(e, backoff.failed(id));
      events.warning(resource, "DeleteFailed", failure.message());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(failure.retryAfter().orElse(resyncPeriod));
    }
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

  @Override
  public ErrorStatusUpdateControl<UserAssignedIdentity> updateErrorStatus(
      UserAssignedIdentity resource, Context<UserAssignedIdentity> context, Exception e) {
    LOG.error(
        "unexpected reconcile error namespace={} name={}",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        e);
    StatusDraft draft = new StatusDraft(resource, clock);
    String message = "Unexpected error: " + e;
    if (draft.set(StatusDraft.READY, false, "ReconcileError", message)) {
      events.warning(resource, "ReconcileError", message);
    }
    resource.setStatus(draft.finish());
    return ErrorStatusUpdateControl.patchStatus(resource);
  }
}
