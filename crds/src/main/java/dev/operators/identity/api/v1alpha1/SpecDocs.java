package dev.operators.identity.api.v1alpha1;

/**
 * The descriptions of {@link UserAssignedIdentitySpec}'s fields, as the CRD's schema, {@code
 * kubectl explain} and the API reference show them.
 */
final class SpecDocs {

  static final String SUBSCRIPTION_ID =
      "Azure subscription (a GUID) that holds the identity. Optional: the operator's default"
          + " subscription is used when it is omitted.";

  static final String RESOURCE_GROUP =
      "Resource group that holds the identity; it must exist. 1 to 90 letters, digits,"
          + " underscores, hyphens, periods and parentheses, not ending with a period. Azure cannot"
          + " move an identity to another resource group: a change is a migration (see migration).";

  static final String AZURE_NAME =
      "Name of the identity in Azure. Optional: defaults to metadata.name. 3 to 128 letters,"
          + " digits, hyphens and underscores, starting with a letter or digit.";

  static final String LOCATION =
      "Azure region of the identity, by its programmatic name (eastus, westeurope). Azure cannot"
          + " move an identity to another region: a change is a migration (see migration).";

  static final String ISOLATION_SCOPE =
      "Isolation scope. None (default): the identity can be attached to resources in any region."
          + " Regional: only to resources in the identity's own region. Can be changed in place.";

  static final String TAGS =
      "Azure tags on the identity. At most 47 (Azure allows 50; the operator keeps 3 for"
          + " ownership). Names up to 512 characters without < > % & \\ ? /, values up to 256"
          + " characters; names starting with 'identity.operators.dev.' are reserved.";

  static final String ROLE_ASSIGNMENTS =
      "The complete set of Azure role assignments of the identity. The operator creates what is"
          + " missing and deletes every other assignment of the identity's principal it can see"
          + " (in the identity's subscription and every subscription named here), so no stale"
          + " assignment is left behind.";

  static final String FEDERATED_CREDENTIALS =
      "The complete set of federated identity credentials of the identity (workload identity:"
          + " tokens of an OIDC issuer for a subject, exchanged for the identity's tokens). The"
          + " operator creates what is missing, updates what differs and deletes every other"
          + " credential of the identity. At most 20 (Azure's limit).";

  static final String WORKLOAD_IDENTITY =
      "AKS workload identity: the ServiceAccounts whose pods use the identity, each wired with a"
          + " federated credential and the workload identity annotations.";

  static final String EXPORT_TO = "Where the identity's IDs are published (a ConfigMap).";

  static final String ASSIGNMENT_RESTRICTIONS =
      "Which kinds of resources the identity may be attached to (Azure's assignment"
          + " restrictions). Absent: Azure's setting is left as it is.";

  static final String ASSIGNEES =
      "Azure resources the identity is attached to, through each resource's own identity block."
          + " Other identities on those resources are kept. With isolationScope Regional, only"
          + " resources in the identity's region are accepted. Removing an entry detaches the"
          + " identity.";

  static final String DIRECTORY =
      "The directory side of the identity in Microsoft Entra ID (Microsoft Graph): the groups its"
          + " service principal is a member of and the app roles granted to it. Group and app role"
          + " changes can take hours to reach the identity's tokens (managed identity tokens are"
          + " cached for about 24 hours).";

  static final String DELETION_POLICY =
      "What deleting this resource does in Azure. Delete (default): delete the identity. Orphan:"
          + " leave it in Azure and only remove the Kubernetes resource.";

  static final String MANAGEMENT_POLICY =
      "What the operator may do in Azure. Manage: make Azure match the spec. Observe: read Azure"
          + " and report it, with what Manage would change, in status.plan; write nothing, and"
          + " delete nothing when this resource is deleted. Plan: list in status.plan every change"
          + " Manage would make, write nothing; switching to Manage applies exactly that plan if"
          + " Azure did not change meanwhile. Absent: Manage, except that the adoption of an"
          + " existing identity (annotation identity.operators.dev/adopt) first shows the grants"
          + " and attachments it would delete and waits for approval.";

  static final String MIGRATION =
      "How a move is carried out: a change of subscriptionId, resourceGroup, azureName or"
          + " location creates the new identity, grants and attaches it next to the old one,"
          + " verifies it, then removes the old one (status.migration shows the step).";

  private SpecDocs() {}
}
