package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureLocations;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Seed 000's regional isolation, the one rule every check uses: a Regional identity is used only by
 * resources in its own region. A resource Azure reports without a region is in none.
 */
final class RegionalIsolation {

  private RegionalIsolation() {}

  static boolean inRegion(String identityLocation, AssigneeResource resource) {
    return resource.location() != null
        && identityLocation != null
        && AzureLocations.normalize(resource.location())
            .equals(AzureLocations.normalize(identityLocation));
  }

  /**
   * Why an identity of this scope and region may not be attached to the resource, if it may not.
   */
  static Optional<String> refusal(
      IsolationScope scope, String identityLocation, AssigneeResource resource) {
    if (scope != IsolationScope.Regional || inRegion(identityLocation, resource)) {
      return Optional.empty();
    }
    return Optional.of(
        "regional isolation: "
            + resource.id()
            + " is in "
            + resource.location()
            + " but the identity is Regional in "
            + identityLocation
            + "; only resources in "
            + identityLocation
            + " may use it");
  }

  /** The resources a switch to Regional would strand, as "id (region)". */
  static List<String> outside(String identityLocation, Collection<AssigneeResource> resources) {
    return resources.stream()
        .filter(r -> !inRegion(identityLocation, r))
        .map(r -> r.id() + " (" + r.location() + ")")
        .toList();
  }

  /** The spec asks for Regional on an identity that exists with another isolation scope. */
  static boolean switching(UserAssignedIdentity resource, UserAssignedIdentityStatus before) {
    return resource.getSpec().effectiveIsolationScope().orElse(null) == IsolationScope.Regional
        && before.getIsolationScope() != null
        && before.getIsolationScope() != IsolationScope.Regional;
  }

  /**
   * Switching an existing identity to Regional while it is declared on resources in other regions
   * would strand them: refused, changing nothing.
   */
  static Optional<PartResult> refuseSwitch(
      UserAssignedIdentityStatus before, Optional<AssigneeObservation> observed) {
    if (observed.isEmpty()) {
      return Optional.empty();
    }
    Optional<AzureFailures.Failure> unreadable = observed.get().anyFailure();
    if (unreadable.isPresent()) {
      return Optional.of(unreadable.get().asPart());
    }
    List<String> outside =
        RegionalIsolation.outside(before.getLocation(), observed.get().existing());
    if (outside.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        PartResult.failed(
            "IsolationChangeRefused",
            "isolationScope Regional refused: the identity is in "
                + before.getLocation()
                + " and these assignees are not: "
                + String.join(", ", outside)
                + "; remove them from spec.assignees or keep isolationScope None. Nothing was"
                + " changed."));
  }
}
