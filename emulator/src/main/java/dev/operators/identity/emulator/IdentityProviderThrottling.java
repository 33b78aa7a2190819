package dev.operators.identity.emulator;

/**
 * The managed identity resource provider's own throttling, applied after ARM's buckets to requests
 * for Microsoft.ManagedIdentity/userAssignedIdentities and their federated identity credentials.
 * Off by default ({@link #off()}): the emulator then throttles with ARM's buckets only.
 *
 * <p>Each limit is a token bucket holding one second's worth of requests (at least one) and
 * refilled at its rate on the emulator's clock; a request takes a token from every bucket it counts
 * against, or from none when one of them is empty, and then answers 429 with {@code Retry-After}
 * (whole seconds until every bucket it needs has a token). What counts where:
 *
 * <ul>
 *   <li>create or update (identity PUT and PATCH, federated identity credential PUT and DELETE):
 *       the subscription's, the tenant's and the identity's write buckets (a credential's write
 *       counts against its identity);
 *   <li>GET of an identity or of a credential: the subscription's and the identity's read buckets;
 *   <li>list (identities of a group or subscription, credentials of an identity): the
 *       subscription's list bucket;
 *   <li>identity DELETE: the subscription's and the identity's delete buckets.
 * </ul>
 *
 * @param enabled whether the provider throttles at all
 */
public record IdentityProviderThrottling(
    boolean enabled,
    double writesPerSecondPerSubscription,
    double writesPerSecondPerTenant,
    double writesPerSecondPerIdentity,
    double readsPerSecondPerSubscription,
    double readsPerSecondPerIdentity,
    double listsPerSecondPerSubscription,
    double deletesPerSecondPerSubscription,
    double deletesPerSecondPerIdentity) {

  /**
   * The rates collected in ARM-FACTS (create/update 2 per second per subscription, 10 per tenant,
   * 0.25 per identity; GET 10 per subscription, 0.5 per identity; list 5 per subscription; delete 2
   * per subscription, 0.25 per identity), switched on. Microsoft publishes no bucket sizes, and its
   * managed identity limits page gives other creation rates (80 per 20 seconds per subscription and
   * region): the numbers are a setting, not a fact.
   */
  public static IdentityProviderThrottling published() {
    return new IdentityProviderThrottling(true, 2, 10, 0.25, 10, 0.5, 5, 2, 0.25);
  }

  /** The published rates, switched off: the emulator's default. */
  public static IdentityProviderThrottling off() {
    return published().withEnabled(false);
  }

  public IdentityProviderThrottling withEnabled(boolean on) {
    return new IdentityProviderThrottling(
        on,
        writesPerSecondPerSubscription,
        writesPerSecondPerTenant,
        writesPerSecondPerIdentity,
        readsPerSecondPerSubscription,
        readsPerSecondPerIdentity,
        listsPerSecondPerSubscription,
        deletesPerSecondPerSubscription,
        deletesPerSecondPerIdentity);
  }
}
