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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the identity itself match the spec: observe it, plan ({@link IdentityPlan}, pure), then
 * create it when missing, update tags and isolation scope in place, or refuse (changing nothing)
 * what Azure cannot do or what the operator does not own.
 */
final class IdentityStep {

  /** The action of a planned change that takes an existing identity over. */
  static final String ADOPT = "Adopt";

  /**
   * The pass's result: the condition; the identity as Azure now holds it (when it exists); the
   * principal of an earlier incarnation whose grants are now stale (it was recreated); whether its
   * creation is only planned (the parts after it then plan for a new identity); whether it was
   * adopted (or would be) in this pass.
   */
  record Outcome(
      PartResult part,
      Optional<AzureIdentity> identity,
      Optional<String> replacedPrincipal,
      boolean creationPlanned,
      boolean adopting) {
    static Outcome refused(PartResult why) {
      return new Outcome(why, Optional.empty(), Optional.empty(), false, false);
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
      UserAssignedIdentity resource,
      IdentityRef ref,
      UserAssignedIdentityStatus status,
      Writes writes) {
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
      if (!writes.permit(
          "Create",
          "Identity",
          ref.toString(),
          create.replacedPrincipal().isPresent()
              ? "deleted in Azure out of band: re-create it (a new principal)"
              : "missing in Azure")) {
        return new Outcome(
            PartResult.ready(
                "IdentityPlanned", "Identity " + ref + " is to be created; planned, not written"),
            Optional.empty(),
            create.replacedPrincipal(),
            true,
            false);
      }
      AzureIdentity created = identities.createOrReplace(ref, create.desired());
      if (create.replacedPrincipal().isEmpty()) {
        events.normal(resource, "Created", "Created identity " + ref + " in " + spec.getLocation());
      }
      return provisioned(created, create.replacedPrincipal(), false);
    }
    IdentityPlan.Converge converge = (IdentityPlan.Converge) plan;
    if (!converge.changes().isEmpty() && !permitted(converge, ref, writes)) {
      return provisioned(converge.existing(), Optional.empty(), converge.adopt());
    }
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
    return provisioned(current, Optional.empty(), converge.adopt());
  }

  /**
   * Asks before the update. Taking an identity over (its ownership tags) is a change of its own,
   * {@value #ADOPT}: the adoption annotation consents to it, so it is shown but no difference
   * between the spec and Azure (Observe does not list it, and a plan's digest leaves it out).
   */
  private static boolean permitted(IdentityPlan.Converge converge, IdentityRef ref, Writes writes) {
    List<String> changes = new ArrayList<>(converge.changes());
    boolean made = true;
    if (converge.adopt()) {
      made =
          writes.permit(
              ADOPT,
              "Identity",
              ref.toString(),
              "take it over: write the ownership tags (annotation "
                  + UserAssignedIdentity.ADOPT_ANNOTATION
                  + ")");
      if (Ownership.sameBesidesOwnership(converge.existing().tags(), converge.desired().tags())) {
        changes.remove("tags");
      }
    }
    if (!changes.isEmpty()) {
      made &= writes.permit("Update", "Identity", ref.toString(), String.join(", ", changes));
    }
    return made;
  }

  private static Outcome provisioned(
      AzureIdentity current, Optional<String> replacedPrincipal, boolean adopting) {
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
        replacedPrincipal,
        false,
        adopting);
  }
}
