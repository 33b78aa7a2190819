package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredentialPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Federated identity credentials in memory, with Azure's rules: issuer and subject unique per
 * identity, 20 at most, concurrent writes of one identity refused with 409, and expressions shown
 * only to listings that ask for them (the preview api-version).
 */
final class InMemoryFederatedCredentials implements FederatedCredentialPort {

  final Map<String, Map<String, FederatedCredential>> byIdentity = new ConcurrentHashMap<>();
  final List<String> writes = new CopyOnWriteArrayList<>();
  final List<String> listings = new CopyOnWriteArrayList<>();
  private final Map<String, AzureRequestException> failOn = new ConcurrentHashMap<>();
  private final Map<String, Boolean> writing = new ConcurrentHashMap<>();

  /** Fails the next call of this kind ("list", "put", "delete"). */
  void failOn(String kind, AzureRequestException e) {
    failOn.put(kind, e);
  }

  Map<String, FederatedCredential> of(IdentityRef identity) {
    return byIdentity.computeIfAbsent(key(identity), k -> new LinkedHashMap<>());
  }

  /** Someone else writes a credential (the portal, another tool). */
  void addOutOfBand(IdentityRef identity, FederatedCredential credential) {
    of(identity).put(credential.name().toLowerCase(Locale.ROOT), credential);
  }

  @Override
  public List<FederatedCredential> list(IdentityRef identity, boolean showExpressions) {
    fail("list");
    listings.add(showExpressions ? "with expressions" : "without expressions");
    // As the stable api-version does: a flexible credential comes back without its expression.
    return of(identity).values().stream()
        .map(
            c ->
                showExpressions || !c.flexible()
                    ? c
                    : new FederatedCredential(c.name(), c.issuer(), null, null, c.audiences()))
        .toList();
  }

  @Override
  public FederatedCredential put(IdentityRef identity, FederatedCredential credential) {
    write("put " + credential.name(), identity);
    try {
      fail("put");
      Map<String, FederatedCredential> all = of(identity);
      String name = credential.name().toLowerCase(Locale.ROOT);
      for (FederatedCredential other : all.values()) {
        if (!other.name().equalsIgnoreCase(name)
            && !credential.flexible()
            && other.pair().equals(credential.pair())) {
          throw InMemoryAuthorization.error(
              400,
              "BadRequest",
              "Issuer and subject combination already exists for this Managed Identity.");
        }
      }
      if (!all.containsKey(name) && all.size() >= 20) {
        throw InMemoryAuthorization.error(400, "BadRequest", "at most 20 credentials");
      }
      all.put(name, credential);
      return credential;
    } finally {
      writing.remove(key(identity));
    }
  }

  @Override
  public boolean delete(IdentityRef identity, String name) {
    write("delete " + name, identity);
    try {
      fail("delete");
      return of(identity).remove(name.toLowerCase(Locale.ROOT)) != null;
    } finally {
      writing.remove(key(identity));
    }
  }

  /** The identity went: Azure deletes its credentials with it. */
  void identityDeleted(IdentityRef identity) {
    byIdentity.remove(key(identity));
  }

  private void write(String call, IdentityRef identity) {
    writes.add(call);
    if (writing.putIfAbsent(key(identity), true) != null) {
      throw InMemoryAuthorization.error(
          409,
          AzureFailures.CONCURRENT_FIC_CODE,
          "Too many Federated Identity Credentials are written concurrently for the managed"
              + " identity.");
    }
  }

  private void fail(String kind) {
    AzureRequestException e = failOn.remove(kind);
    if (e != null) {
      throw e;
    }
  }

  private static String key(IdentityRef identity) {
    return identity.resourceId().toLowerCase(Locale.ROOT);
  }
}
