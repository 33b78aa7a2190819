package dev.operators.identity.operator.azure.sdk;

import com.azure.core.management.Region;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.models.LocationInner;
import dev.operators.identity.operator.azure.AzureLocations;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.RegionPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RegionPort} on the subscriptions API ({@code GET /subscriptions/{id}/locations}), one
 * listing per subscription and hour: a cloud's regions change rarely. Where the operator may not
 * read them (403), the Azure SDK's region list stands in.
 */
public final class SdkRegionAdapter implements RegionPort {

  static final Duration CACHE_LIFETIME = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(SdkRegionAdapter.class);

  private record Cached(Set<String> regions, Instant expires) {}

  private final AzureSdk sdk;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public SdkRegionAdapter(AzureSdk sdk, Clock clock) {
    this.sdk = sdk;
    this.clock = clock;
  }

  @Override
  public Set<String> regions(String subscriptionId) {
    String key = subscriptionId.toLowerCase(Locale.ROOT);
    Cached cached = cache.get(key);
    if (cached != null && cached.expires().isAfter(clock.instant())) {
      return cached.regions();
    }
    Set<String> regions;
    try {
      regions =
          ResourceManager.authenticate(sdk.pipeline(), sdk.profile(subscriptionId))
              .withSubscription(subscriptionId)
              .subscriptionClient()
              .getSubscriptions()
              .listLocations(subscriptionId, null, Context.NONE)
              .stream()
              .map(LocationInner::name)
              .map(AzureLocations::normalize)
              .collect(Collectors.toUnmodifiableSet());
    } catch (RuntimeException e) {
      AzureRequestException error =
          AzureErrors.translate("list the regions of subscription " + subscriptionId, e);
      if (error.statusCode() != 403) {
        throw error;
      }
      // Roles scoped below the subscription may not read its locations: the SDK's own list of
      // the regions it knows is the next best source (it lags behind brand-new regions).
      LOG.warn(
          "cannot list the regions of subscription {} ({}); using the Azure SDK's region list",
          subscriptionId,
          error.errorCode());
      regions =
          Region.values().stream()
              .map(Region::name)
              .map(AzureLocations::normalize)
              .collect(Collectors.toUnmodifiableSet());
    }
    cache.put(key, new Cached(regions, clock.instant().plus(CACHE_LIFETIME)));
    return regions;
  }
}
