package dev.operators.identity.emulator;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The emulated world: configuration, base URL and the resource store shared by all handlers. */
final class EmulatorState {
  final EmulatorConfig config;
  final URI baseUrl;
  final ResourceStore store = new ResourceStore();

  /** Principals Microsoft.Authorization knows (identities' service principals, seeded ones). */
  final PrincipalDirectory directory = new PrincipalDirectory();

  /** Simulated RBAC denials (control API), checked for every ARM request. */
  final AccessDenials denials = new AccessDenials();

  /** How long assignee long-running operations (VMs, scale sets, container apps) run. */
  volatile java.time.Duration asyncOperationDuration = java.time.Duration.ofMillis(300);

  /**
   * How long a new role assignment stays out of list results (ARM is eventually consistent: a
   * listing right after a write may not show it yet, while a GET or a conflicting PUT does).
   */
  volatile java.time.Duration roleAssignmentListingLag = java.time.Duration.ZERO;

  EmulatorState(EmulatorConfig config, URI baseUrl) {
    this.config = config;
    this.baseUrl = baseUrl;
  }

  /** The subscription id as configured (its casing), if it exists. */
  Optional<String> subscription(String subscriptionId) {
    return config.subscriptionIds().stream()
        .filter(s -> s.equalsIgnoreCase(subscriptionId))
        .findFirst();
  }

  /** A location as ARM normalises it ("East US" → "eastus"), if available. */
  Optional<String> location(String location) {
    if (location == null) {
      return Optional.empty();
    }
    String normalised = location.replace(" ", "").toLowerCase(Locale.ROOT);
    return config.locations().contains(normalised) ? Optional.of(normalised) : Optional.empty();
  }

  Optional<StoredResource> resourceGroup(String subscriptionId, String name) {
    return store.get(ArmIds.resourceGroup(subscriptionId, name));
  }

  /**
   * When the principal with this object id was created (from the identity that owns it), for
   * replication-delay checks; empty if no identity has it.
   */
  Optional<Instant> principalCreatedAt(String principalId) {
    return store.all().stream()
        .filter(r -> r.principalCreatedAt() != null)
        .filter(
            r ->
                principalId.equalsIgnoreCase(
                    r.document().path("properties").path("principalId").asText()))
        .map(StoredResource::principalCreatedAt)
        .findFirst();
  }

  /** Whether the principal is visible to the directory yet (principalReplicationDelay passed). */
  boolean principalReplicated(String principalId) {
    return principalCreatedAt(principalId)
        .map(t -> !Instant.now().isBefore(t.plus(config.principalReplicationDelay())))
        .orElse(false);
  }
}
