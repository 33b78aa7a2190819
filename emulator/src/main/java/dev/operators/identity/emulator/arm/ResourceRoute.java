package dev.operators.identity.emulator.arm;

import java.util.List;

/**
 * A request path under a resource provider: {@code /subscriptions/{s}[/resourceGroups/{rg}]
 * /providers/{namespace}/{type}[/{name}[/...]]}, with names in the request's casing.
 *
 * @param resourceGroup {@code null} for a subscription-scope path
 * @param name {@code null} for a collection path
 * @param rest segments after the name (child types), empty if none
 */
public record ResourceRoute(
    String subscriptionId,
    String resourceGroup,
    String namespace,
    String type,
    String name,
    List<String> rest) {

  String fullType() {
    return namespace + "/" + type;
  }
}
