package dev.operators.identity.operator.cli;

import dev.operators.identity.operator.azure.ArmPrefixes;
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
   * Whether the assignment was made above the identity's subscription: at a management group (or
   * the tenant root). It is still the principal's own, and the operator manages every assignment of
   * the principal it lists, so it is imported too (its scope then needs a policy that allows it).
   */
  public boolean aboveSubscription(RoleAssignment assignment) {
    String scope = assignment.scope().toLowerCase(Locale.ROOT);
    return scope.equals("/") || scope.startsWith("/providers/microsoft.management/");
  }

  /** Whether the assignment is at, below or above the subscription: not another subscription's. */
  boolean ownScope(RoleAssignment assignment) {
    return ArmPrefixes.covers(subscriptionScope(), assignment.scope())
        || aboveSubscription(assignment);
  }

  /** The role's name, when Azure resolved it. */
  public Optional<String> roleName(RoleAssignment assignment) {
    return Optional.ofNullable(roleNames.get(assignment.roleDefinitionGuid()));
  }

  /**
   * What a resource must declare to manage exactly what Azure holds: every assignment of the
   * principal at, below or above its subscription, roles by name where known.
   */
  public ImportedIdentity imported() {
    return new ImportedIdentity(
        identity,
        roleAssignments.stream()
            .filter(this::ownScope)
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
