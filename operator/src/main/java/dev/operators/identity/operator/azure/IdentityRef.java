package dev.operators.identity.operator.azure;

import java.util.Locale;

/** Where a user-assigned identity lives in Azure: subscription, resource group and name. */
public record IdentityRef(String subscriptionId, String resourceGroup, String name) {

  public static final String RESOURCE_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

  /** The ARM resource ID. */
  public String resourceId() {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/"
        + RESOURCE_TYPE
        + "/"
        + name;
  }

  /** The request path, each segment percent-encoded. */
  public String path() {
    return "/subscriptions/"
        + ArmId.encodeSegment(subscriptionId)
        + "/resourceGroups/"
        + ArmId.encodeSegment(resourceGroup)
        + "/providers/"
        + RESOURCE_TYPE
        + "/"
        + ArmId.encodeSegment(name);
  }

  /** ARM IDs are case-insensitive: compare them this way. */
  public boolean sameResourceAs(String otherResourceId) {
    return otherResourceId != null
        && resourceId().toLowerCase(Locale.ROOT).equals(otherResourceId.toLowerCase(Locale.ROOT));
  }

  /** Parses an identity's ARM resource ID. */
  public static IdentityRef parse(String resourceId) {
    ArmId.parse(resourceId, ArmId.Shape.AZURE_RESOURCE);
    String[] parts = resourceId.split("/");
    // "", subscriptions, {sub}, resourceGroups, {rg}, providers, Microsoft.ManagedIdentity,
    // userAssignedIdentities, {name}
    if (parts.length != 9
        || !parts[1].equalsIgnoreCase("subscriptions")
        || !parts[3].equalsIgnoreCase("resourceGroups")
        || !(parts[6] + "/" + parts[7]).equalsIgnoreCase(RESOURCE_TYPE)) {
      throw new IllegalArgumentException("not a user-assigned identity ID: " + resourceId);
    }
    return new IdentityRef(parts[2], parts[4], parts[8]);
  }

  @Override
  public String toString() {
    return resourceId();
  }
}
