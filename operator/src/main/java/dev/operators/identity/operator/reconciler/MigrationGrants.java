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
      DirectoryStep directory,
      Optional<String> oidcIssuer) {
    return List.of(
        roles(roleAssignments), credentials(credentials, oidcIssuer), directory(directory));
  }

  /**
   * The declared group memberships and app roles (spec.directory), granted to the new principal and
   * read back from Microsoft Graph: a pass that would still add one is not verified.
   */
  private static Grant directory(DirectoryStep step) {
    return new Grant() {
      @Override
      public String name() {
        return "group memberships and app roles";
      }

      @Override
      public Outcome grant(UserAssignedIdentity resource, MigrationIdentity target) {
        if (resource.getSpec().getDirectory() == null) {
          return Outcome.done("none declared");
        }
        return MigrationWrites.guarded(
            () ->
                MigrationWrites.asOutcome(
                    step.reconcile(resource, target.getPrincipalId(), null, Writes.make()).part()));
      }

      @Override
      public Outcome verify(UserAssignedIdentity resource, MigrationIdentity target) {
        if (resource.getSpec().getDirectory() == null) {
          return Outcome.done("none declared");
        }
        Writes probe = Writes.plan();
        return MigrationWrites.guarded(
            () -> {
              var outcome = step.reconcile(resource, target.getPrincipalId(), null, probe);
              List<String> missing =
                  probe.changes().stream()
                      .filter(c -> c.getAction().equals("Add") || c.getAction().equals("Grant"))
                      .map(c -> c.getKind() + " " + c.getTarget())
                      .toList();
              if (missing.isEmpty() && !outcome.part().ready()) {
                return MigrationWrites.asOutcome(outcome.part());
              }
              return missing(missing, missing.size());
            });
      }
    };
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
                            target.getPrincipalId(),
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
