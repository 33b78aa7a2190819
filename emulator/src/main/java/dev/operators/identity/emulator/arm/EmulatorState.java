package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.entra.PrincipalDirectory;
import dev.operators.identity.emulator.resources.ResourceStore;
import dev.operators.identity.emulator.resources.StoredResource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The emulated world: configuration, base URL and the resource store shared by all handlers. */
public final class EmulatorState {
  private final EmulatorConfig config;
  private final URI baseUrl;
  private final ResourceStore store = new ResourceStore();
  private final PrincipalDirectory directory = new PrincipalDirectory();
  private final AccessDenials denials = new AccessDenials();
  private volatile Duration asyncOperationDuration = Duration.ofMillis(300);
  private volatile Duration roleAssignmentListingLag = Duration.ZERO;

  public EmulatorState(EmulatorConfig config, URI baseUrl) {
    this.config = config;
    this.baseUrl = baseUrl;
  }

  public EmulatorConfig config() {
    return config;
  }

  /** The emulator's clock's current instant (see {@link EmulatorConfig#clock()}). */
  public Instant now() {
    return config.clock().instant();
  }

  /** {@code https://127.0.0.1:PORT}, no trailing slash. */
  public URI baseUrl() {
    return baseUrl;
  }

  public ResourceStore store() {
    return store;
  }

  /** Principals Microsoft.Authorization knows (identities' service principals, seeded ones). */
  public PrincipalDirectory directory() {
    return directory;
  }

  /** Simulated RBAC denials (control API), checked for every ARM request. */
  public AccessDenials denials() {
    return denials;
  }

  /** How long assignee long-running operations (VMs, scale sets, container apps) run. */
  public Duration asyncOperationDuration() {
    return asyncOperationDuration;
  }

  public void asyncOperationDuration(Duration duration) {
    this.asyncOperationDuration = duration;
  }

  /**
   * How long a new role assignment stays out of list results (ARM is eventually consistent: a
   * listing right after a write may not show it yet, while a GET or a conflicting PUT does).
   */
  public Duration roleAssignmentListingLag() {
    return roleAssignmentListingLag;
  }

  public void roleAssignmentListingLag(Duration lag) {
    this.roleAssignmentListingLag = lag;
  }

  /** The subscription id as configured (its casing), if it exists. */
  public Optional<String> subscription(String subscriptionId) {
    return config.subscriptionIds().stream()
        .filter(s -> s.equalsIgnoreCase(subscriptionId))
        .findFirst();
  }

  /** A location as ARM normalises it ("East US" → "eastus"), if available. */
  public Optional<String> location(String location) {
    if (location == null) {
      return Optional.empty();
    }
    String normalised = location.replace(" ", "").toLowerCase(Locale.ROOT);
    return config.locations().contains(normalised) ? Optional.of(normalised) : Optional.empty();
  }

  public Optional<StoredResource> resourceGroup(String subscriptionId, String name) {
    return store.get(ArmIds.resourceGroup(subscriptionId, name));
  }

  /**
   * When the principal with this object id was created (from the identity that owns it), for
   * replication-delay checks; empty if no identity has it.
   */
  public Optional<Instant> principalCreatedAt(String principalId) {
    return store.withPrincipal(null, principalId).stream()
        .map(StoredResource::principalCreatedAt)
        .filter(t -> t != null)
        .findFirst();
  }

  /** Whether the principal is visible to the directory yet (principalReplicationDelay passed). */
  boolean principalReplicated(String principalId) {
    return principalCreatedAt(principalId)
        .map(t -> !now().isBefore(t.plus(config.principalReplicationDelay())))
        .orElse(false);
  }
}
