package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RegionPort;
import java.util.Optional;

/**
 * Makes the identity itself match the spec: observe it, plan ({@link IdentityPlan}, pure), then
 * create it when missing, update tags and isolation scope in place, or refuse (changing nothing)
 * what Azure cannot do or what the operator does not own.
 */
final class IdentityStep {

  /**
   * The pass's result: the condition; the identity as Azure now holds it (when it exists); the
   * principal of an earlier incarnation whose grants are now stale (it was recreated).
   */
  record Outcome(
      PartResult part, Optional<AzureIdentity> identity, Optional<String> replacedPrincipal) {
    static Outcome refused(PartResult why) {
      return new Outcome(why, Optional.empty(), Optional.empty());
    }
  }

  private final IdentityPort identities;
  private final RegionPort regions;
  private final Ownership ownership;
  private final EventRecorder events;

  IdentityStep(
      IdentityPort identities, RegionPort regions, Ownership ownership, EventRecorder events) {
    this.identities = identities;
    this.regions = regions;
    this.ownership = ownership;
    this.events = events;
  }

  /** One pass; throws {@link AzureRequestException} when Azure refuses or cannot be reached. */
  Outcome reconcile(
      UserAssignedIdentity resource, IdentityRef ref, UserAssignedIdentityStatus status) {
    UserAssignedIdentitySpec spec = resource.getSpec();
    Optional<PartResult> refusal =
        IdentityPlan.precheck(spec, ref, status, regions.regions(ref.subscriptionId()));
    if (refusal.isPresent()) {
      return Outcome.refused(refusal.get());
    }
    DesiredIdentity desired =
        new DesiredIdentity(
            spec.getLocation(),
            spec.effectiveIsolationScope().orElseThrow(),
            ownership.desiredTags(resource));
    IdentityPlan plan =
        IdentityPlan.decide(resource, ref, desired, identities.find(ref), ownership);
    if (plan instanceof IdentityPlan.Converge converge && !converge.changes().isEmpty()) {
      // An update decided on a listing (up to a resync period old) is decided again on a fresh
      // read: someone may have taken the identity over since.
      plan = IdentityPlan.decide(resource, ref, desired, identities.findFresh(ref), ownership);
    }
    if (plan instanceof IdentityPlan.Refuse refuse) {
      return Outcome.refused(refuse.why());
    }
    if (plan instanceof IdentityPlan.Create create) {
      AzureIdentity created = identities.createOrReplace(ref, create.desired());
      if (create.replacedPrincipal().isEmpty()) {
        events.normal(resource, "Created", "Created identity " + ref + " in " + spec.getLocation());
      }
      return provisioned(created, create.replacedPrincipal());
    }
    IdentityPlan.Converge converge = (IdentityPlan.Converge) plan;
    if (converge.adopt()) {
      events.normal(
          resource,
          "Adopted",
          "Took over existing identity "
              + ref
              + " (annotation "
              + UserAssignedIdentity.ADOPT_ANNOTATION
              + ")");
    }
    AzureIdentity current = converge.existing();
    if (!converge.changes().isEmpty()) {
      current = identities.update(ref, converge.desired());
      events.normal(
          resource, "Updated", "Updated " + String.join(", ", converge.changes()) + " of " + ref);
    }
    return provisioned(current, Optional.empty());
  }

  private static Outcome provisioned(AzureIdentity current, Optional<String> replacedPrincipal) {
    return new Outcome(
        PartResult.ready(
            "Provisioned",
            "Identity "
                + current.name()
                + " exists in "
                + current.location()
                + " with isolation scope "
                + current.isolationScope()),
        Optional.of(current),
        replacedPrincipal);
  }
}
