package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.MigrationIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.migration.MigrationActs.Grant;
import dev.operators.identity.operator.migration.MigrationActs.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * What a migration grants the new identity (step 3) and reads back (step 5): its role assignments
 * and federated credentials, through the same steps as the identity in use, with the new principal
 * (role assignment names derive from the principal, so the new ones never collide with the old).
 * The directory's group memberships and app roles join this list as one more {@link Grant}.
 */
final class MigrationGrants {

  private MigrationGrants() {}

  static List<Grant> of(
      RoleAssignmentsStep roleAssignments,
      FederatedCredentialsStep credentials,
      Optional<String> oidcIssuer) {
    return List.of(roles(roleAssignments), credentials(credentials, oidcIssuer));
  }

  private static Grant roles(RoleAssignmentsStep step) {
    return new Grant() {
      @Override
      public String name() {
        return "role assignments";
      }

      @Override
      public Outcome grant(UserAssignedIdentity resource, MigrationIdentity target) {
        return MigrationWrites.guarded(
            () ->
                MigrationWrites.asOutcome(
                    step.reconcile(
                            resource,
                            subscription(target),
                            target.getPrincipalId(),
                            List.of(),
                            Writes.make())
                        .part()));
      }

      @Override
      public Outcome verify(UserAssignedIdentity resource, MigrationIdentity target) {
        return MigrationWrites.guarded(
            () ->
                missing(
                    step.unverified(resource, subscription(target), target.getPrincipalId()),
                    resource.getSpec().effectiveRoleAssignments().size()));
      }
    };
  }

  private static Grant credentials(FederatedCredentialsStep step, Optional<String> issuer) {
    return new Grant() {
      @Override
      public String name() {
        return "federated credentials";
      }

      @Override
      public Outcome grant(UserAssignedIdentity resource, MigrationIdentity target) {
        return MigrationWrites.guarded(
            () ->
                MigrationWrites.asOutcome(
                    step.reconcile(
                            resource,
                            IdentityRef.parse(target.getResourceId()),
                            true,
                            ServiceAccountPlan.credentials(resource, issuer),
                            Writes.make())
                        .part()));
      }

      @Override
      public Outcome verify(UserAssignedIdentity resource, MigrationIdentity target) {
        List<?> derived = ServiceAccountPlan.credentials(resource, issuer);
        return MigrationWrites.guarded(
            () ->
                missing(
                    step.unverified(
                        resource,
                        IdentityRef.parse(target.getResourceId()),
                        ServiceAccountPlan.credentials(resource, issuer)),
                    resource.getSpec().effectiveFederatedCredentials().size() + derived.size()));
      }
    };
  }

  private static Outcome missing(List<String> missing, int declared) {
    return missing.isEmpty()
        ? Outcome.done(declared + " in place")
        : Outcome.pending(
            "not yet in Azure: " + String.join(", ", missing), java.time.Duration.ofSeconds(2));
  }

  private static String subscription(MigrationIdentity target) {
    return IdentityRef.parse(target.getResourceId()).subscriptionId();
  }
}
