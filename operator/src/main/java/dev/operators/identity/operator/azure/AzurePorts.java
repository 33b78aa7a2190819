package dev.operators.identity.operator.azure;

/** Every Azure port the reconcilers use: one value to wire production, local runs and tests. */
public record AzurePorts(
    IdentityPort identities,
    RoleDefinitionPort roleDefinitions,
    RoleAssignmentPort roleAssignments,
    AssigneePort assignees,
    RegionPort regions,
    FederatedCredentialPort federatedCredentials,
    AssignmentRestrictionPort assignmentRestrictions,
    DirectoryPort directory) {}
