package dev.operators.identity.operator.cli;

import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.FederatedCredential;
import java.util.List;

/**
 * One identity as the import found it in Azure: what a {@code UserAssignedIdentity} must declare so
 * that the operator, managing it, has nothing to change.
 *
 * @param roleAssignments its own role assignments (at or below its subscription), roles by name
 *     where Azure resolved them, else by role definition GUID
 * @param assigneeIds the resources whose identity block carries it
 */
public record ImportedIdentity(
    AzureIdentity identity,
    List<ImportedRoleAssignment> roleAssignments,
    List<FederatedCredential> federatedCredentials,
    List<String> assigneeIds) {

  public ImportedIdentity {
    roleAssignments = List.copyOf(roleAssignments);
    federatedCredentials = List.copyOf(federatedCredentials);
    assigneeIds = List.copyOf(assigneeIds);
  }

  /** A role assignment as a spec declares it. */
  public record ImportedRoleAssignment(
      String role, String scope, String description, String condition, String conditionVersion) {}
}
