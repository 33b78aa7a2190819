package dev.operators.identity.operator.cli;

import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads identities and how Azure shows them, through the operator's ports (and so its Azure SDK
 * pipeline, credential and retries). Reads only. Requests: the identity (a GET, or one page of a
 * listing), one listing of the principal's role assignments at its subscription, one listing of its
 * federated credentials (a second, with the preview api-version, only when a flexible credential is
 * there), one GET per distinct role definition (cached), and one generic resource listing per
 * subscription, shared by every identity in it (one request per page of the subscription's
 * resources).
 */
public final class AzureEstate {

  private final AzurePorts ports;
  private final Map<String, List<AssigneeResource>> carriersBySubscription = new HashMap<>();

  public AzureEstate(AzurePorts ports) {
    this.ports = ports;
  }

  /** The identity with this resource ID; empty when Azure has none. */
  public Optional<AzureIdentity> identity(String resourceId) {
    return ports.identities().find(IdentityRef.parse(resourceId));
  }

  /** The identities of a resource group, or of the subscription when it is null. */
  public List<AzureIdentity> identities(String subscriptionId, String resourceGroup) {
    return ports.identities().list(subscriptionId, resourceGroup);
  }

  /** The identity with its role assignments, federated credentials and attachments. */
  public IdentityPicture picture(AzureIdentity identity) {
    IdentityRef ref = IdentityRef.parse(identity.resourceId());
    String subscriptionScope = "/subscriptions/" + ref.subscriptionId();
    List<RoleAssignment> assignments =
        identity.principalId() == null
            ? List.of()
            : ports.roleAssignments().listForPrincipal(subscriptionScope, identity.principalId());
    Map<String, String> roleNames = new HashMap<>();
    for (RoleAssignment assignment : assignments) {
      roleName(subscriptionScope, assignment.roleDefinitionId())
          .ifPresent(name -> roleNames.put(assignment.roleDefinitionGuid(), name));
    }
    List<AssigneeResource> attachedTo =
        carriers(ref.subscriptionId()).stream()
            .filter(r -> r.carries(identity.resourceId()))
            .toList();
    return new IdentityPicture(
        identity, assignments, roleNames, federatedCredentials(ref), attachedTo);
  }

  /**
   * The stable api-version lists a flexible credential with neither subject nor expression: only
   * then is the list read again with the version that shows expressions.
   */
  private List<FederatedCredential> federatedCredentials(IdentityRef ref) {
    List<FederatedCredential> stable = ports.federatedCredentials().list(ref, false);
    boolean hidden = stable.stream().anyMatch(c -> c.subject() == null && c.expression() == null);
    return hidden ? ports.federatedCredentials().list(ref, true) : stable;
  }

  /** The role's name; empty when Azure does not resolve it (a GUID is then as good a reference). */
  private Optional<String> roleName(String scope, String roleDefinitionId) {
    try {
      return ports
          .roleDefinitions()
          .findById(scope, roleDefinitionId)
          .map(RoleDefinition::roleName);
    } catch (AzureRequestException e) {
      return Optional.empty();
    }
  }

  private List<AssigneeResource> carriers(String subscriptionId) {
    return carriersBySubscription.computeIfAbsent(
        subscriptionId.toLowerCase(Locale.ROOT),
        sub -> ports.assignees().listCarryingUserAssignedIdentities(subscriptionId));
  }
}
