package dev.operators.identity.emulator.authorization;

import dev.operators.identity.emulator.resources.ResourceStore;

/**
 * A scope of Microsoft.Authorization as resolved from a request path: the tenant root ("/"), a
 * management group, a subscription, a resource group or a resource.
 */
record Scope(String path, Kind kind, String subscriptionId) {
  enum Kind {
    ROOT,
    MANAGEMENT_GROUP,
    SUBSCRIPTION,
    RESOURCE_GROUP,
    RESOURCE
  }

  String key() {
    return key(path);
  }

  /** The scope's key: "/" for the tenant root, else the resource store's key of its id. */
  static String key(String path) {
    return path.equals("/") ? "/" : ResourceStore.key(path);
  }
}
