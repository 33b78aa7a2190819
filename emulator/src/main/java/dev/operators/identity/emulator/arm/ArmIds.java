package dev.operators.identity.emulator.arm;

import java.util.Arrays;
import java.util.List;

/** Builds and takes apart ARM resource ids. */
public final class ArmIds {
  public static final String RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups";

  private ArmIds() {}

  public static String subscription(String subscriptionId) {
    return "/subscriptions/" + subscriptionId;
  }

  public static String resourceGroup(String subscriptionId, String resourceGroup) {
    return subscription(subscriptionId) + "/resourceGroups/" + resourceGroup;
  }

  /**
   * A resource id as resource providers return it. The MSI provider writes the resource-group
   * segment in lower case ({@code /resourcegroups/}), as its spec examples show.
   */
  public static String resource(
      String subscriptionId,
      String resourceGroup,
      String namespace,
      String type,
      String name,
      boolean lowerCaseResourceGroupsSegment) {
    return subscription(subscriptionId)
        + (lowerCaseResourceGroupsSegment ? "/resourcegroups/" : "/resourceGroups/")
        + resourceGroup
        + "/providers/"
        + namespace
        + "/"
        + type
        + "/"
        + name;
  }

  /** The parts of {@code /subscriptions/{s}/resourceGroups/{rg}[/providers/{ns}/{type}/{name}]}. */
  public record Parsed(
      String subscriptionId, String resourceGroup, String namespace, String type, String name) {
    public String fullType() {
      return namespace == null ? RESOURCE_GROUP_TYPE : namespace + "/" + type;
    }
  }

  public static Parsed parse(String armId) {
    List<String> s = Arrays.stream(armId.split("/")).filter(p -> !p.isEmpty()).toList();
    if (s.size() < 4
        || !s.get(0).equalsIgnoreCase("subscriptions")
        || !s.get(2).equalsIgnoreCase("resourceGroups")) {
      throw new IllegalArgumentException("not a resource group or resource id: " + armId);
    }
    if (s.size() == 4) {
      return new Parsed(s.get(1), s.get(3), null, null, s.get(3));
    }
    if (s.size() != 8 || !s.get(4).equalsIgnoreCase("providers")) {
      throw new IllegalArgumentException("unsupported resource id: " + armId);
    }
    return new Parsed(s.get(1), s.get(3), s.get(5), s.get(6), s.get(7));
  }
}
