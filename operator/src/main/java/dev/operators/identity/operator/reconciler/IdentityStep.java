package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureLocations;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RegionPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the identity itself match the spec: create it when missing, update tags and isolation scope
 * in place, and refuse (changing nothing) what Azure cannot do or what the operator does not own.
 */
final class IdentityStep {

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
  PartResult reconcile(UserAssignedIdentity resource, IdentityRef ref, StatusDraft draft) {
    UserAssignedIdentitySpec spec = resource.getSpec();
    UserAssignedIdentityStatus status = draft.current();
    Optional<PartResult> unacceptable =
        unknownRegion(spec.getLocation(), ref).or(() -> refuseMove(spec, ref, status));
    if (unacceptable.isPresent()) {
      return unacceptable.get();
    }
    DesiredIdentity desired =
        new DesiredIdentity(
            spec.getLocation(),
            spec.effectiveIsolationScope().orElseThrow(),
            ownership.desiredTags(resource));

    Optional<AzureIdentity> found = identities.find(ref);
    AzureIdentity current;
    if (found.isEmpty()) {
      current = identities.createOrReplace(ref, desired);
      if (status.getPrincipalId() == null) {
        events.normal(resource, "Created", "Created identity " + ref + " in " + spec.getLocation());
      } else {
        draft.addStalePrincipal(status.getPrincipalId());
        events.warning(
            resource,
            "Recreated",
            "Identity "
                + ref
                + " was deleted outside the operator and has been recreated; its principal ID"
                + " changed from "
                + status.getPrincipalId()
                + " to "
                + current.principalId());
      }
    } else {
      AzureIdentity existing = found.get();
      Optional<PartResult> refusal = refuseForeign(resource, ref, existing, status);
      if (refusal.isPresent()) {
        return refusal.get();
      }
      if (!AzureLocations.normalize(existing.location()).equals(spec.getLocation())) {
        return PartResult.failed(
            "LocationMismatch",
            "Identity "
                + ref
                + " exists in "
                + existing.location()
                + ", not in spec.location "
                + spec.getLocation()
                + "; Azure cannot move an identity between regions");
      }
      current = updateInPlace(resource, ref, existing, desired);
    }
    draft.recordIdentity(current);
    return PartResult.ready(
        "Provisioned",
        "Identity "
            + current.name()
            + " exists in "
            + current.location()
            + " with isolation scope "
            + current.isolationScope());
  }

  private AzureIdentity updateInPlace(
      UserAssignedIdentity resource,
      IdentityRef ref,
      AzureIdentity existing,
      DesiredIdentity desired) {
    List<String> changes = new ArrayList<>();
    if (!existing.tags().equals(desired.tags())) {
      changes.add("tags");
    }
    if (existing.isolationScope() != desired.isolationScope()) {
      changes.add(
          "isolation scope " + existing.isolationScope() + " -> " + desired.isolationScope());
    }
    if (changes.isEmpty()) {
      return existing;
    }
    AzureIdentity updated = identities.update(ref, desired);
    events.normal(resource, "Updated", "Updated " + String.join(", ", changes) + " of " + ref);
    return updated;
  }

  private Optional<PartResult> refuseForeign(
      UserAssignedIdentity resource,
      IdentityRef ref,
      AzureIdentity existing,
      UserAssignedIdentityStatus status) {
    switch (ownership.judge(resource, existing, status.getPrincipalId())) {
      case OWNED:
        return Optional.empty();
      case OWNED_BY_OTHER:
        return Optional.of(
            PartResult.failed(
                "OwnedByAnother",
                "Identity "
                    + ref
                    + " is managed by another owner ("
                    + Ownership.describeOwner(existing)
                    + "); the operator will not change it"));
      default:
        if (resource.allowsAdoption()) {
          events.normal(
              resource,
              "Adopted",
              "Took over existing identity " + ref + " (annotation " + adoptAnnotation() + ")");
          return Optional.empty();
        }
        return Optional.of(
            PartResult.failed(
                "NotOwned",
                "Identity "
                    + ref
                    + " already exists and was not created by this operator; add the annotation "
                    + adoptAnnotation()
                    + ": \"true\" to take it over"));
    }
  }

  /**
   * Azure cannot move an identity to another subscription, resource group or region, and a new name
   * is a different identity: such a change is reported and nothing is changed.
   */
  /** A location the cloud does not have is refused before anything is sent with it. */
  private Optional<PartResult> unknownRegion(String location, IdentityRef ref) {
    Set<String> known = regions.regions(ref.subscriptionId());
    if (known.contains(location)) {
      return Optional.empty();
    }
    String examples = known.stream().sorted().limit(8).collect(Collectors.joining(", "));
    return Optional.of(
        PartResult.failed(
            "InvalidSpec",
            "spec.location '"
                + location
                + "' is not a region of this cloud (subscription "
                + ref.subscriptionId()
                + " has "
                + known.size()
                + " regions, such as "
                + examples
                + "; `az account list-locations -o table` lists them). Nothing was sent to"
                + " Azure."));
  }

  private static Optional<PartResult> refuseMove(
      UserAssignedIdentitySpec spec, IdentityRef ref, UserAssignedIdentityStatus status) {
    if (status.getResourceId() != null && !ref.sameResourceAs(status.getResourceId())) {
      return Optional.of(
          PartResult.failed(
              "ChangeNotSupported",
              "The spec now names identity "
                  + ref
                  + " but this resource manages "
                  + status.getResourceId()
                  + "; moving or renaming an identity is not supported yet: revert"
                  + " spec.subscriptionId, spec.resourceGroup and spec.azureName, or create a new"
                  + " UserAssignedIdentity"));
    }
    if (status.getLocation() != null
        && !AzureLocations.normalize(status.getLocation()).equals(spec.getLocation())) {
      return Optional.of(
          PartResult.failed(
              "ChangeNotSupported",
              "spec.location changed from "
                  + status.getLocation()
                  + " to "
                  + spec.getLocation()
                  + "; Azure cannot move an identity between regions and migration is not"
                  + " supported yet: revert spec.location, or create a new UserAssignedIdentity"));
    }
    return Optional.empty();
  }

  private static String adoptAnnotation() {
    return UserAssignedIdentity.ADOPT_ANNOTATION;
  }
}
