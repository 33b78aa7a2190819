package dev.operators.identity.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of an {@link ArmEmulator}: listening port (0 = ephemeral), the tenant and the one
 * registered client (service principal), the subscriptions that exist, the Azure regions that are
 * available, throttling (ARM's buckets; the identity provider's own throttling off unless set),
 * token lifetime, the delay before a new principal is "replicated", and the clock everything
 * time-based reads: token issue and expiry, throttling refill, long-running operations, replication
 * and listing delays, timestamps (the system clock unless a test sets its own; the TLS
 * certificate's validity and injected latency stay on real time).
 */
public record EmulatorConfig(
    int port,
    String tenantId,
    String clientId,
    String clientSecret,
    List<String> subscriptionIds,
    Set<String> locations,
    ThrottlingConfig throttling,
    Duration tokenLifetime,
    Duration principalReplicationDelay,
    int roleAssignmentLimit,
    Clock clock) {

  public static final String DEFAULT_TENANT_ID = "72f988bf-0000-0000-0000-000000000001";
  public static final String DEFAULT_CLIENT_ID = "0a1b2c3d-0000-0000-0000-00000000c11e";
  public static final String DEFAULT_CLIENT_SECRET = "emulator-client-secret~not-a-real-secret";
  public static final String DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000001";
  public static final String SECOND_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000002";

  /**
   * Role assignments per subscription (Azure's documented limit: 4000; RoleAssignmentLimitExceeded
   * beyond).
   */
  public static final int DEFAULT_ROLE_ASSIGNMENT_LIMIT = 4000;

  /** Azure public regions (names as ARM returns them from the locations API). */
  public static final List<String> AZURE_PUBLIC_REGIONS =
      List.of(
          "eastus",
          "eastus2",
          "westus",
          "westus2",
          "westus3",
          "centralus",
          "northcentralus",
          "southcentralus",
          "westcentralus",
          "canadacentral",
          "canadaeast",
          "brazilsouth",
          "northeurope",
          "westeurope",
          "uksouth",
          "ukwest",
          "francecentral",
          "germanywestcentral",
          "swedencentral",
          "switzerlandnorth",
          "norwayeast",
          "polandcentral",
          "italynorth",
          "spaincentral",
          "uaenorth",
          "southafricanorth",
          "centralindia",
          "southindia",
          "japaneast",
          "japanwest",
          "koreacentral",
          "eastasia",
          "southeastasia",
          "australiaeast",
          "australiasoutheast");

  public EmulatorConfig {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    subscriptionIds = List.copyOf(subscriptionIds);
    if (subscriptionIds.isEmpty()) {
      throw new IllegalArgumentException("at least one subscription is required");
    }
    locations = Set.copyOf(new LinkedHashSet<>(locations));
    Objects.requireNonNull(throttling, "throttling");
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    Objects.requireNonNull(principalReplicationDelay, "principalReplicationDelay");
    Objects.requireNonNull(clock, "clock");
  }

  /** Ephemeral port, fixed GUIDs, two subscriptions, Azure public regions, ARM's throttling. */
  public static EmulatorConfig defaults() {
    return new EmulatorConfig(
        0,
        DEFAULT_TENANT_ID,
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        List.of(DEFAULT_SUBSCRIPTION_ID, SECOND_SUBSCRIPTION_ID),
        new LinkedHashSet<>(AZURE_PUBLIC_REGIONS),
        ThrottlingConfig.azureDefaults(),
        Duration.ofHours(1),
        Duration.ZERO,
        DEFAULT_ROLE_ASSIGNMENT_LIMIT,
        Clock.systemUTC());
  }

  public EmulatorConfig withPort(int port) {
    return with(c -> c.port = port);
  }

  public EmulatorConfig withTenantId(String tenantId) {
    return with(c -> c.tenantId = tenantId);
  }

  public EmulatorConfig withClient(String clientId, String clientSecret) {
    return with(
        c -> {
          c.clientId = clientId;
          c.clientSecret = clientSecret;
        });
  }

  public EmulatorConfig withSubscriptionIds(List<String> subscriptionIds) {
    return with(c -> c.subscriptionIds = subscriptionIds);
  }

  public EmulatorConfig withLocations(Set<String> locations) {
    return with(c -> c.locations = locations);
  }

  public EmulatorConfig withThrottling(ThrottlingConfig throttling) {
    return with(c -> c.throttling = throttling);
  }

  /**
   * The managed identity provider's own throttling ({@link IdentityProviderThrottling#published()}
   * to switch it on), keeping ARM's buckets as they are.
   */
  public EmulatorConfig withIdentityProviderThrottling(IdentityProviderThrottling throttling) {
    return with(c -> c.throttling = c.throttling.withIdentityProvider(throttling));
  }

  public EmulatorConfig withTokenLifetime(Duration tokenLifetime) {
    return with(c -> c.tokenLifetime = tokenLifetime);
  }

  public EmulatorConfig withPrincipalReplicationDelay(Duration principalReplicationDelay) {
    return with(c -> c.principalReplicationDelay = principalReplicationDelay);
  }

  public EmulatorConfig withRoleAssignmentLimit(int roleAssignmentLimit) {
    return with(c -> c.roleAssignmentLimit = roleAssignmentLimit);
  }

  /** The clock the emulator reads for everything time-based (a test's own, to move time). */
  public EmulatorConfig withClock(Clock clock) {
    return with(c -> c.clock = clock);
  }

  /** This configuration with some fields changed: one copy serves every wither. */
  private EmulatorConfig with(java.util.function.Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** The fields of a configuration being changed. */
  private static final class Draft {
    int port;
    String tenantId;
    String clientId;
    String clientSecret;
    List<String> subscriptionIds;
    Set<String> locations;
    ThrottlingConfig throttling;
    Duration tokenLifetime;
    Duration principalReplicationDelay;
    int roleAssignmentLimit;
    Clock clock;

    Draft(EmulatorConfig from) {
      port = from.port;
      tenantId = from.tenantId;
      clientId = from.clientId;
      clientSecret = from.clientSecret;
      subscriptionIds = from.subscriptionIds;
      locations = from.locations;
      throttling = from.throttling;
      tokenLifetime = from.tokenLifetime;
      principalReplicationDelay = from.principalReplicationDelay;
      roleAssignmentLimit = from.roleAssignmentLimit;
      clock = from.clock;
    }

    EmulatorConfig build() {
      return new EmulatorConfig(
          port,
          tenantId,
          clientId,
          clientSecret,
          subscriptionIds,
          locations,
          throttling,
          tokenLifetime,
          principalReplicationDelay,
          roleAssignmentLimit,
          clock);
    }
  }

  /** The first subscription: the one tools use by default. */
  public String defaultSubscriptionId() {
    return subscriptionIds.get(0);
  }

  /** The regions in a stable order: known Azure regions in their usual order, then the rest. */
  public List<String> orderedLocations() {
    List<String> known = AZURE_PUBLIC_REGIONS.stream().filter(locations::contains).toList();
    List<String> others =
        locations.stream().filter(l -> !AZURE_PUBLIC_REGIONS.contains(l)).sorted().toList();
    return java.util.stream.Stream.concat(known.stream(), others.stream()).toList();
  }
}
