package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.migration.MigrationStep;
import dev.operators.identity.operator.support.ManagedIdentitySupport;
import java.time.Clock;
import java.util.Optional;

/**
 * The steps of a {@code UserAssignedIdentity} pass and of its deletion, wired once from the ports;
 * each step observes, plans and acts for one part of the resource.
 */
record IdentitySteps(
    IdentityStep identity,
    RoleAssignmentsStep roleAssignments,
    FederatedCredentialsStep federatedCredentials,
    ServiceAccountsStep serviceAccounts,
    ExportStep export,
    RestrictionsStep restrictions,
    AssigneesStep assignees,
    DirectoryStep directory,
    IdentityTeardown teardown,
    Optional<String> oidcIssuer) {

  /** The migration of an identity to a new place, on these steps. */
  MigrationStep migration(
      AzurePorts azure, ReconcilerSettings settings, EventRecorder events, Clock clock) {
    return new MigrationStep(
        new MigrationWrites(
            azure.identities(),
            azure.regions(),
            azure.assignees(),
            new Ownership(settings.clusterName()),
            assignees,
            serviceAccounts,
            export,
            federatedCredentials,
            teardown,
            MigrationGrants.of(roleAssignments, federatedCredentials, directory, oidcIssuer)),
        events,
        clock,
        settings.resyncPeriod());
  }

  static IdentitySteps wire(
      AzurePorts azure,
      EventRecorder events,
      ReconcilerSettings settings,
      KubernetesPorts kubernetes,
      SpecValidator validator,
      PolicyStep policyStep,
      FailureBackoff backoff,
      ReconcileListener listener,
      Clock clock) {
    Ownership ownership = new Ownership(settings.clusterName());
    RoleAssignmentsStep roleAssignments =
        new RoleAssignmentsStep(azure.roleDefinitions(), azure.roleAssignments(), events);
    AssigneesStep assignees =
        new AssigneesStep(
            azure.assignees(), ManagedIdentitySupport.load(), settings.cloudName(), events, clock);
    ServiceAccountsStep serviceAccounts =
        new ServiceAccountsStep(kubernetes.serviceAccounts(), events, settings.oidcIssuer());
    DirectoryStep directory =
        new DirectoryStep(azure.directory(), events, settings.allowRoleAssignableGroups());
    IdentityTeardown teardown =
        new IdentityTeardown(
            validator,
            azure.identities(),
            ownership,
            roleAssignments,
            assignees,
            serviceAccounts,
            directory,
            events,
            backoff,
            listener,
            kubernetes.cluster(),
            policyStep.namespaceDeletion(settings.namespaceDeletionPolicy()));
    return new IdentitySteps(
        new IdentityStep(azure.identities(), azure.regions(), ownership, events),
        roleAssignments,
        new FederatedCredentialsStep(azure.federatedCredentials(), events),
        serviceAccounts,
        new ExportStep(kubernetes.configMaps(), events),
        new RestrictionsStep(azure.assignmentRestrictions(), events),
        assignees,
        directory,
        teardown,
        settings.oidcIssuer());
  }
}
