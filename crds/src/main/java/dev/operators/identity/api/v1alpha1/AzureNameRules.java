package dev.operators.identity.api.v1alpha1;

/**
 * Azure's naming rules, shared by the CRD schema (annotations need compile-time constants) and the
 * operator's reconcile-time validation, so both refuse exactly the same input.
 */
public final class AzureNameRules {

  /** A subscription ID is a GUID. */
  public static final String SUBSCRIPTION_ID =
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  /**
   * Resource group: 1 to 90 characters, letters, digits, underscores, hyphens, periods and
   * parentheses, not ending with a period.
   */
  public static final String RESOURCE_GROUP = "^[-\\p{L}\\p{N}_.()]{0,89}[-\\p{L}\\p{N}_()]$";

  /**
   * User-assigned identity: 3 to 128 characters, letters, digits, hyphens and underscores, starting
   * with a letter or digit.
   */
  public static final String IDENTITY_NAME = "^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$";

  /** A region's programmatic name, as `az account list-locations` prints it: eastus, westeurope. */
  public static final String LOCATION = "^[a-z][a-z0-9]{1,49}$";

  /**
   * A role assignment scope: a management group, a subscription, or anything below one (resource
   * group, resource, child resource). ARM IDs are case-insensitive: tools print both resourceGroups
   * and resourcegroups.
   */
  public static final String SCOPE =
      "^(/[pP]roviders/Microsoft\\.Management/managementGroups/[^/]+"
          + "|/[sS]ubscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + "(/[rR]esource[gG]roups/[^/]+(/[pP]roviders/[^/]+/[^/]+/[^/]+(/[^/]+/[^/]+)*)?)?)$";

  /**
   * A resource in a resource group:
   * /subscriptions/{id}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...].
   */
  public static final String RESOURCE_ID =
      "^/[sS]ubscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + "/[rR]esource[gG]roups/[^/]+/[pP]roviders/[^/]+/[^/]+/[^/]+(/[^/]+/[^/]+)*$";

  /** Azure allows 50 tags on a resource; the operator keeps three for its ownership tags. */
  public static final int MAX_USER_TAGS = 47;

  /** Prefix of the tags the operator writes to record ownership; users cannot set them. */
  public static final String OWNER_TAG_PREFIX = "identity.operators.dev.";

  private AzureNameRules() {}
}
