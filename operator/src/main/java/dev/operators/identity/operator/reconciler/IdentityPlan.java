package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureLocations;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the identity pass does, decided from what it observed (pure: no ports): refuse (changing
 * nothing), create, recreate (deleted out of band: its old principal's grants become stale), update
 * tags or isolation scope in place, or keep.
 */
sealed interface IdentityPlan {

  record Refuse(PartResult why) implements IdentityPlan {}

  /** Missing in Azure; {@code replacedPrincipal} when it existed before (deleted out of band). */
  record Create(DesiredIdentity desired, Optional<String> replacedPrincipal)
      implements IdentityPlan {}

  /** Exists; {@code changes} names what an update sends (empty: nothing to write). */
  record Converge(
      AzureIdentity existing, DesiredIdentity desired, List<String> changes, boolean adopt)
      implements IdentityPlan {}

  /**
   * What must hold before Azure is even asked about the identity: a region the cloud has, and the
   * same identity (subscription, group, name, region) that this resource already manages.
   */
  static Optional<PartResult> precheck(
      UserAssignedIdentitySpec spec,
      IdentityRef ref,
      UserAssignedIdentityStatus status,
      Set<String> knownRegions) {
    return unknownRegion(spec.getLocation(), ref, knownRegions)
        .or(() -> refuseMove(spec, ref, status));
  }

  /** The plan once Azure answered whether (and how) the identity exists. */
  static IdentityPlan decide(
      UserAssignedIdentity resource,
      IdentityRef ref,
      DesiredIdentity desired,
      Optional<AzureIdentity> found,
      Ownership ownership) {
    if (found.isEmpty()) {
      return new Create(
          desired, Optional.ofNullable(Ownership.knownPrincipal(resource.getStatus())));
    }
    AzureIdentity existing = found.get();
    boolean adopt = false;
    switch (ownership.judge(resource, existing, resource.getStatus())) {
      case OWNED -> {}
      case OWNED_BY_OTHER -> {
        return new Refuse(
            PartResult.failed(
                "OwnedByAnother",
                "Identity "
                    + ref
                    + " is managed by another owner ("
                    + Ownership.describeOwner(existing)
                    + "); the operator will not change it"));
      }
      case UNOWNED -> {
        // Observe reads any identity (it writes nothing): it reports the adoption it would need.
        if (!resource.allowsAdoption() && !ManagementMode.observes(resource)) {
          return new Refuse(
              PartResult.failed(
                  "NotOwned",
                  "Identity "
                      + ref
                      + " already exists and was not created by this operator; add the"
                      + " annotation "
                      + UserAssignedIdentity.ADOPT_ANNOTATION
                      + ": \"true\" to take it over"));
        }
        adopt = true;
      }
    }
    if (!AzureLocations.normalize(existing.location()).equals(desired.location())) {
      return new Refuse(
          PartResult.failed(
              "LocationMismatch",
              "Identity "
                  + ref
                  + " exists in "
                  + existing.location()
                  + ", not in spec.location "
                  + desired.location()
                  + "; Azure cannot move an identity between regions"));
    }
    List<String> changes = new ArrayList<>();
    if (!existing.tags().equals(desired.tags())) {
      changes.add("tags");
    }
    if (existing.isolationScope() != desired.isolationScope()) {
      changes.add(
          "isolation scope " + existing.isolationScope() + " -> " + desired.isolationScope());
    }
    return new Converge(existing, desired, List.copyOf(changes), adopt);
  }

  /** A location the cloud does not have is refused before anything is sent with it. */
  private static Optional<PartResult> unknownRegion(
      String location, IdentityRef ref, Set<String> known) {
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

  /**
   * Azure cannot move an identity to another subscription, resource group or region, and a new name
   * is a different identity: such a change is reported and nothing is changed.
   */
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
}
