package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RegionPort;
import dev.operators.identity.operator.azure.RequestPass;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link IdentityPort} held in memory, recording every call, with failures on demand. */
final class InMemoryIdentities implements IdentityPort, RegionPort {

  /** The regions the fake cloud has. */
  static final Set<String> REGIONS =
      Set.of("eastus", "westus", "westeurope", "northeurope", "swedencentral");

  static final String TENANT = "11111111-2222-3333-4444-555555555555";

  final Map<String, AzureIdentity> store = new ConcurrentHashMap<>();
  final List<String> calls = new ArrayList<>();
  final AtomicInteger regionLookups = new AtomicInteger();
  private final Deque<AzureRequestException> failures = new ArrayDeque<>();

  private final Map<String, AzureRequestException> failOn = new ConcurrentHashMap<>();

  void failNext(AzureRequestException e) {
    failures.add(e);
  }

  /** Fails the next call of this kind ("find", "put", "patch", "delete"). */
  void failOn(String kind, AzureRequestException e) {
    failOn.put(kind, e);
  }

  List<String> writes() {
    return calls.stream().filter(c -> !c.startsWith("find")).toList();
  }

  AzureIdentity seed(IdentityRef ref, String location, Map<String, String> tags) {
    AzureIdentity identity =
        new AzureIdentity(
            ref.resourceId(),
            ref.name(),
            location,
            null,
            tags,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            TENANT);
    store.put(key(ref), identity);
    return identity;
  }

  @Override
  public Optional<AzureIdentity> find(IdentityRef ref) {
    call("find " + ref.name());
    return Optional.ofNullable(store.get(key(ref)));
  }

  @Override
  public List<AzureIdentity> list(String subscriptionId, String resourceGroup) {
    call("list " + subscriptionId + "/" + resourceGroup);
    return store.values().stream()
        .filter(
            i -> {
              IdentityRef ref = IdentityRef.parse(i.resourceId());
              return ref.subscriptionId().equalsIgnoreCase(subscriptionId)
                  && (resourceGroup == null || ref.resourceGroup().equalsIgnoreCase(resourceGroup));
            })
        .toList();
  }

  @Override
  public AzureIdentity createOrReplace(IdentityRef ref, DesiredIdentity desired) {
    call("put " + ref.name());
    AzureIdentity existing = store.get(key(ref));
    AzureIdentity identity =
        new AzureIdentity(
            ref.resourceId(),
            ref.name(),
            desired.location(),
            desired.isolationScope(),
            desired.tags(),
            existing == null ? UUID.randomUUID().toString() : existing.principalId(),
            existing == null ? UUID.randomUUID().toString() : existing.clientId(),
            TENANT);
    store.put(key(ref), identity);
    return identity;
  }

  @Override
  public AzureIdentity update(IdentityRef ref, DesiredIdentity desired) {
    call("patch " + ref.name());
    AzureIdentity existing = store.get(key(ref));
    AzureIdentity identity =
        new AzureIdentity(
            existing.resourceId(),
            existing.name(),
            existing.location(),
            desired.isolationScope(),
            desired.tags(),
            existing.principalId(),
            existing.clientId(),
            existing.tenantId());
    store.put(key(ref), identity);
    return identity;
  }

  @Override
  public boolean delete(IdentityRef ref) {
    call("delete " + ref.name());
    return store.remove(key(ref)) != null;
  }

  private void call(String call) {
    calls.add(call);
    AzureRequestException targeted = failOn.remove(call.substring(0, call.indexOf(' ')));
    if (targeted != null) {
      throw targeted;
    }
    AzureRequestException failure = failures.poll();
    if (failure != null) {
      if (RequestPass.BUDGET_CODE.equals(failure.errorCode())) {
        // as the SDK adapter's request budget does when it refuses a request
        RequestPass.current().postpone(failure.retryAfter().orElseThrow());
      }
      throw failure;
    }
  }

  private static String key(IdentityRef ref) {
    return ref.resourceId().toLowerCase(Locale.ROOT);
  }

  @Override
  public Set<String> regions(String subscriptionId) {
    regionLookups.incrementAndGet();
    return REGIONS;
  }
}
