package dev.operators.identity.operator.azure;

/**
 * A role assignment to create. Always for a service principal (a managed identity), so Azure does
 * not need to look the principal up in a directory that may not have replicated it yet.
 */
public record NewRoleAssignment(
    String scope,
    String name,
    String roleDefinitionId,
    String principalId,
    String description,
    String condition,
    String conditionVersion) {}
