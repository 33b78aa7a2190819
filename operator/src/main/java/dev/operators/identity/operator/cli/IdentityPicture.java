package dev.operators.identity.operator.cli;

import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RoleAssignment;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How Azure shows one identity: the identity, every role assignment of its principal visible from
 * its subscription (those at management groups above it included), the role names Azure resolved,
 * its federated credentials and the resources of its subscription that carry it.
 *
 * @param roleNames role names by role definition GUID (lower case); a role Azure did not resolve
 *     has none
 */
public record IdentityPicture(
    AzureIdentity identity,
    List<RoleAssignment> roleAssignments,
    Map<String, String> roleNames,
    List<FederatedCredential> federatedCredentials,
    List<AssigneeResource> attachedTo) {

  public IdentityPicture {
    roleAssignments = List.copyOf(roleAssignments);
    roleNames = Map.copyOf(roleNames);
    federatedCredentials = List.copyOf(federatedCredentials);
    attachedTo = List.copyOf(attachedTo);
  }

  /** The identity's subscription, as a scope. */
  public String subscriptionScope() {
    return "/subscriptions/" + IdentityRef.parse(identity.resourceId()).subscriptionId();
  }

  /**
   * Whether the assignment is only seen from the subscription: made at a management group above it
   * (or the tenant root), so not the identity's own to import. Assignments at the subscription, its
   * resource groups and resources are its own.
   */
  public boolean inherited(RoleAssignment assignment) {
    String scope = assignment.scope().toLowerCase(Locale.ROOT);
    String subscription = subscriptionScope().toLowerCase(Locale.ROOT);
    return !(scope.equals(subscription) || scope.startsWith(subscription + "/"));
  }

  /** The role's name, when Azure resolved it. */
  public Optional<String> roleName(RoleAssignment assignment) {
    return Optional.ofNullable(roleNames.get(assignment.roleDefinitionGuid()));
  }

  /** What a resource must declare: own assignments only, roles by name where known. */
  public ImportedIdentity imported() {
    return new ImportedIdentity(
        identity,
        roleAssignments.stream()
            .filter(a -> !inherited(a))
            .map(
                a ->
                    new ImportedIdentity.ImportedRoleAssignment(
                        roleName(a).orElse(a.roleDefinitionGuid()),
                        a.scope(),
                        a.description(),
                        a.condition(),
                        a.conditionVersion()))
            .toList(),
        federatedCredentials,
        attachedTo.stream().map(AssigneeResource::id).toList());
  }
}
