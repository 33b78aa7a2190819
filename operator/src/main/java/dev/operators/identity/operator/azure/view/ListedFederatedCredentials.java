package dev.operators.identity.operator.azure.view;

import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredentialPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Federated credentials listed once per audit period per identity instead of once per resync. ARM
 * lists credentials per identity only (no listing per resource group or subscription shows them),
 * so a per-resync listing would cost one read per identity per resync, the whole steady-state
 * budget of a large estate.
 *
 * <p>What the view answers from ({@link #listRecent}): the identity's last listing, kept up to date
 * by the operator's own writes, for at most the audit period. Each identity's listing expires at
 * its own phase of the period (from its ARM ID), so the estate's audits are spread evenly over the
 * period rather than all due in one resync. The listing is keyed by the identity's principal too:
 * an identity deleted and created again under the same ID (new principal, no credentials) is never
 * answered from its predecessor's listing.
 *
 * <p>The trade-off: a credential added, changed or removed outside the operator is seen within one
 * audit period (not one resync). A change of the spec is not delayed: the step then plans a write,
 * and every delete is decided on a fresh listing ({@link #list}).
 */
final class ListedFederatedCredentials implements FederatedCredentialPort {

  private record Listing(String principalId, List<FederatedCredential> credentials, Instant due) {}

  private final FederatedCredentialPort delegate;
  private final Duration audit;
  private final Clock clock;
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();

  ListedFederatedCredentials(FederatedCredentialPort delegate, Duration audit, Clock clock) {
    this.delegate = delegate;
    this.audit = audit;
    this.clock = clock;
  }

  /** A fresh listing; it replaces what the view held for the identity. */
  @Override
  public List<FederatedCredential> list(IdentityRef identity, boolean showExpressions) {
    forget(identity);
    return delegate.list(identity, showExpressions);
  }

  @Override
  public List<FederatedCredential> listRecent(
      IdentityRef identity, String principalId, boolean showExpressions) {
    if (principalId == null || principalId.isBlank()) {
      return list(identity, showExpressions);
    }
    String key = key(identity, showExpressions);
    Instant now = clock.instant();
    Listing held = listings.get(key);
    if (held != null
        && held.principalId().equalsIgnoreCase(principalId)
        && now.isBefore(held.due())) {
      return held.credentials();
    }
    List<FederatedCredential> listed = list(identity, showExpressions);
    listings.put(key, new Listing(principalId, List.copyOf(listed), due(identity, now)));
    return listed;
  }

  @Override
  public FederatedCredential put(IdentityRef identity, FederatedCredential credential) {
    try {
      FederatedCredential written = delegate.put(identity, credential);
      update(identity, credential.name(), written);
      return written;
    } catch (RuntimeException e) {
      forget(identity);
      throw e;
    }
  }

  @Override
  public boolean delete(IdentityRef identity, String name) {
    try {
      boolean deleted = delegate.delete(identity, name);
      update(identity, name, null);
      return deleted;
    } catch (RuntimeException e) {
      forget(identity);
      throw e;
    }
  }

  /** Replaces (or with null removes) one credential in every listing held for the identity. */
  private void update(IdentityRef identity, String name, FederatedCredential written) {
    String prefix = identityKey(identity);
    listings.replaceAll(
        (key, held) -> {
          if (!key.startsWith(prefix)) {
            return held;
          }
          List<FederatedCredential> next = new ArrayList<>();
          for (FederatedCredential c : held.credentials()) {
            if (!c.name().equalsIgnoreCase(name)) {
              next.add(c);
            }
          }
          if (written != null) {
            next.add(written);
          }
          return new Listing(held.principalId(), List.copyOf(next), held.due());
        });
  }

  private void forget(IdentityRef identity) {
    listings.keySet().removeIf(k -> k.startsWith(identityKey(identity)));
  }

  /**
   * The next instant after {@code now} at the identity's phase of the audit period: a fixed offset
   * within the period, from the identity's ARM ID, so audits are spread evenly over the period.
   */
  private Instant due(IdentityRef identity, Instant now) {
    long period = Math.max(1, audit.toMillis());
    long phase = Math.floorMod(identityKey(identity).hashCode() * 0x9E3779B97F4A7C15L, period);
    long since = Math.floorMod(now.toEpochMilli() - phase, period);
    return now.plusMillis(period - since);
  }

  private static String identityKey(IdentityRef identity) {
    return identity.resourceId().toLowerCase(Locale.ROOT) + "|";
  }

  private static String key(IdentityRef identity, boolean showExpressions) {
    return identityKey(identity) + showExpressions;
  }
}
