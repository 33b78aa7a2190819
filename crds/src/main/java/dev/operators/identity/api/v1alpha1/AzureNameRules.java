package dev.operators.identity.api.v1alpha1;

/**
 * Azure's naming rules, shared by the CRD schema (annotations need compile-time constants) and the
 * operator's reconcile-time validation, so both refuse exactly the same input.
 */
public final class AzureNameRules {

  /** A GUID, as subscription IDs and role definition names are written. */
  public static final String GUID =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

  /** A subscription ID is a GUID. */
  public static final String SUBSCRIPTION_ID = "^" + GUID + "$";

  /**
   * The characters of one name segment of an ARM ID: letters, digits, hyphens, underscores and
   * parentheses, with single periods between them. Everything that could change the meaning of a
   * request path or query is outside it: '/', '?', '#', '%', '&', whitespace, control characters,
   * and the dot segments '.' and '..' (no segment starts or ends with a period, none has two in a
   * row).
   */
  public static final String SEGMENT = "[-\\p{L}\\p{N}_()]+(\\.[-\\p{L}\\p{N}_()]+)*";

  /** A resource provider namespace: Microsoft.Storage, microsoft.insights, SendGrid.Email. */
  public static final String NAMESPACE = "[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)+";

  /** A resource type segment: storageAccounts, sites, slots. */
  public static final String TYPE = "[a-zA-Z][a-zA-Z0-9]*";

  /**
   * Resource group: 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not
   * starting or ending with a period and without two periods in a row (the length is a separate
   * bound).
   */
  public static final String RESOURCE_GROUP = "^" + SEGMENT + "$";

  /**
   * User-assigned identity: 3 to 128 characters, letters, digits, hyphens and underscores, starting
   * with a letter or digit.
   */
  public static final String IDENTITY_NAME = "^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$";

  /** A region's programmatic name, as `az account list-locations` prints it: eastus, westeurope. */
  public static final String LOCATION = "^[a-z][a-z0-9]{1,49}$";

  private static final String MANAGEMENT_GROUP_PATH =
      "/[pP]roviders/Microsoft\\.Management/managementGroups/" + SEGMENT;
  private static final String SUBSCRIPTION_PATH = "/[sS]ubscriptions/" + GUID;
  private static final String RESOURCE_GROUP_PATH = "/[rR]esource[gG]roups/" + SEGMENT;
  private static final String PROVIDER_PATH =
      "/[pP]roviders/"
          + NAMESPACE
          + "/"
          + TYPE
          + "/"
          + SEGMENT
          + "(/"
          + TYPE
          + "/"
          + SEGMENT
          + ")*";

  /**
   * A role assignment scope: a management group, a subscription, a resource group, or a resource
   * (child resources included) in one. ARM IDs are case-insensitive: tools print both
   * resourceGroups and resourcegroups.
   */
  public static final String SCOPE_PATH =
      "("
          + MANAGEMENT_GROUP_PATH
          + "|"
          + SUBSCRIPTION_PATH
          + "("
          + RESOURCE_GROUP_PATH
          + "("
          + PROVIDER_PATH
          + ")?)?)";

  /** {@link #SCOPE_PATH}, anchored: the pattern of a role assignment's scope. */
  public static final String SCOPE = "^" + SCOPE_PATH + "$";

  /**
   * A resource in a resource group:
   * /subscriptions/{id}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...].
   */
  public static final String RESOURCE_ID =
      "^" + SUBSCRIPTION_PATH + RESOURCE_GROUP_PATH + PROVIDER_PATH + "$";

  /**
   * A role definition ID: /providers/Microsoft.Authorization/roleDefinitions/{guid}, under a
   * management group, subscription or resource group or at the tenant root.
   */
  public static final String ROLE_DEFINITION_ID =
      "("
          + MANAGEMENT_GROUP_PATH
          + "|"
          + SUBSCRIPTION_PATH
          + "("
          + RESOURCE_GROUP_PATH
          + ")?)?/[pP]roviders/Microsoft\\.Authorization/roleDefinitions/"
          + GUID;

  /**
   * A role: a role definition ID, a role definition GUID, or a role name (which does not start with
   * '/' and holds no control characters; it travels only inside an encoded $filter).
   */
  public static final String ROLE = "^(" + ROLE_DEFINITION_ID + "|[^/\\p{Cc}][^\\p{Cc}]*)$";

  /** The longest scope or resource ID accepted (ARM's URLs stay well below it). */
  public static final int MAX_ID_LENGTH = 2048;

  /** The longest status message (metav1.Condition's limit); longer ones are cut. */
  public static final int MAX_MESSAGE_LENGTH = 32768;

  /** The longest role name or ID accepted. */
  public static final int MAX_ROLE_LENGTH = 512;

  /** Bounds of the lists and texts of the spec, shared by the CRD and the reconciler. */
  public static final int MAX_ROLE_ASSIGNMENTS = 200;

  public static final int MAX_ASSIGNEES = 100;
  public static final int MAX_RESOURCE_GROUP_LENGTH = 90;
  public static final int MAX_DESCRIPTION_LENGTH = 2048;
  public static final int MAX_CONDITION_LENGTH = 8192;
  public static final int MAX_TAG_NAME_LENGTH = 512;
  public static final int MAX_TAG_VALUE_LENGTH = 256;

  /** The only condition language version Azure accepts for role assignment conditions. */
  public static final String CONDITION_VERSION = "^2\\.0$";

  /** Resource provider whose resources carry no identity block: identities are not assignees. */
  public static final String MANAGED_IDENTITY_NAMESPACE = "Microsoft.ManagedIdentity";

  /** Azure allows 50 tags on a resource; the operator keeps three for its ownership tags. */
  public static final int MAX_USER_TAGS = 47;

  /** A Kubernetes object name (DNS-1123 subdomain). */
  public static final String KUBERNETES_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A Kubernetes namespace name (DNS-1123 label). */
  public static final String KUBERNETES_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** Workload identity's annotation on a ServiceAccount: the identity's client ID. */
  public static final String CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";

  /** Workload identity's annotation on a ServiceAccount: the identity's tenant ID. */
  public static final String TENANT_ID_ANNOTATION = "azure.workload.identity/tenant-id";

  /** A federated identity credential's name (ARM: 3 to 120, letter or digit first). */
  public static final String FEDERATED_CREDENTIAL_NAME = "^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$";

  /** An OIDC issuer: an https URL without whitespace or control characters. */
  public static final String ISSUER = "^https://[^\\s\\p{Cc}]+$";

  /** A token subject: no control characters. */
  public static final String SUBJECT = "^[^\\p{Cc}]+$";

  /**
   * A claims-matching expression: it starts with a claim lookup ({@code claims['sub']}, Entra's
   * flexible federated identity credential language) and holds no control characters. The rest of
   * the syntax is Microsoft Entra ID's to judge.
   */
  public static final String CLAIMS_MATCHING_EXPRESSION = "^claims\\['[^\\p{Cc}]+$";

  /** The only language version of claims-matching expressions (Entra: "always set to 1"). */
  public static final int CLAIMS_MATCHING_LANGUAGE_VERSION = 1;

  /** Azure allows 20 federated identity credentials on one identity. */
  public static final int MAX_FEDERATED_CREDENTIALS = 20;

  /** Each field of a federated identity credential holds at most 600 characters. */
  public static final int MAX_FEDERATED_CREDENTIAL_FIELD = 600;

  /** The audience Microsoft Entra ID expects in a workload's token. */
  public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

  /** Prefix of the tags the operator writes to record ownership; users cannot set them. */
  public static final String OWNER_TAG_PREFIX = "identity.operators.dev.";

  private AzureNameRules() {}
}
