package dev.operators.identity.operator.azure.sdk;

import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.CachingRoleDefinitions;
import dev.operators.identity.operator.azure.DirectoryPort;
import dev.operators.identity.operator.config.OperatorConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The ports on the Azure SDK, sharing one pipeline (credential, retries, HTTP client). */
public final class SdkAzurePorts {

  /** Role definitions change rarely; names are re-resolved at least this often. */
  static final Duration ROLE_DEFINITION_CACHE_LIFETIME = Duration.ofMinutes(10);

  static final int ROLE_DEFINITION_CACHE_ENTRIES = 1000;

  private SdkAzurePorts() {}

  public static AzurePorts connect(OperatorConfig config) {
    AzureSdk sdk = AzureSdk.connect(config);
    return on(sdk, config.defaultSubscription(), SdkDirectoryAdapter.connect(sdk));
  }

  /**
   * The ports as {@link #connect} wires them, on a given pipeline (the contract tests observe the
   * configured one with a recording policy appended).
   */
  static AzurePorts on(
      AzureSdk sdk, Optional<String> defaultSubscription, DirectoryPort directory) {
    var authorization = new SdkAuthorizationAdapter(sdk, defaultSubscription.orElse(null));
    return new AzurePorts(
        new SdkIdentityAdapter(sdk),
        new CachingRoleDefinitions(
            authorization,
            ROLE_DEFINITION_CACHE_LIFETIME,
            ROLE_DEFINITION_CACHE_ENTRIES,
            Clock.systemUTC()),
        authorization,
        new SdkAssigneeAdapter(sdk, Clock.systemUTC()),
        new SdkRegionAdapter(sdk, Clock.systemUTC()),
        new SdkFederatedCredentialAdapter(sdk),
        new SdkAssignmentRestrictionAdapter(sdk),
        directory);
  }
}
