package dev.operators.identity.operator.azure.view;

import dev.operators.identity.operator.azure.AzurePorts;
import java.time.Clock;
import java.time.Duration;

/**
 * Azure as the operator observes it at scale: identities, role assignments and assignees read by
 * listing per scope (resource group, subscription) at most once per resync period, and shared by
 * every resource that needs the same scope; a single GET after a write, on a miss, or where a
 * delete is decided ({@code findFresh}, {@code get}, {@code listForPrincipalFresh}). The other
 * ports are passed through. Drift made outside the operator shows within one resync period of the
 * listing, so a resource's pass repairs it within two periods at worst. Federated credentials,
 * which ARM lists per identity only, are listed once per audit period ({@link
 * ListedFederatedCredentials}).
 */
public final class AzureView {

  private AzureView() {}

  /**
   * The ports with the listing views in front; {@code resync}: how old a listing may get; {@code
   * credentialAudit}: how old an identity's credential listing may get.
   */
  public static AzurePorts over(
      AzurePorts azure, Duration resync, Duration credentialAudit, Clock clock) {
    return new AzurePorts(
        new ListedIdentities(azure.identities(), resync, clock),
        azure.roleDefinitions(),
        new ListedRoleAssignments(azure.roleAssignments(), resync, clock),
        new ListedAssignees(azure.assignees(), resync, clock),
        azure.regions(),
        new ListedFederatedCredentials(azure.federatedCredentials(), credentialAudit, clock),
        azure.assignmentRestrictions(),
        azure.directory());
  }
}
