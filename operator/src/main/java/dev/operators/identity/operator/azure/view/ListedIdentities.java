package dev.operators.identity.operator.azure.view;

import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Identities read by resource-group listing: one listing per group per resync period answers every
 * identity of the group; an identity the listing does not show (created since by someone else, or
 * gone) is read with one GET, so a create is never decided on a listing alone. Writes record what
 * Azure answered, deletes forget; {@link #findFresh} always reads afresh.
 */
final class ListedIdentities implements IdentityPort {

  private final IdentityPort delegate;
  private final ScopeListings<AzureIdentity> groups;

  ListedIdentities(IdentityPort delegate, Duration resync, Clock clock) {
    this.delegate = delegate;
    this.groups = new ScopeListings<>(resync, clock, this::listGroup);
  }

  @Override
  public Optional<AzureIdentity> find(IdentityRef ref) {
    Optional<AzureIdentity> listed = groups.find(scope(ref), ref.resourceId());
    return listed.isPresent() ? listed : findFresh(ref);
  }

  @Override
  public Optional<AzureIdentity> findFresh(IdentityRef ref) {
    Optional<AzureIdentity> read = delegate.find(ref);
    read.ifPresentOrElse(
        identity -> groups.record(scope(ref), ref.resourceId(), Compact.identity(identity)),
        () -> groups.forget(scope(ref), ref.resourceId()));
    return read;
  }

  @Override
  public List<AzureIdentity> list(String subscriptionId, String resourceGroup) {
    return delegate.list(subscriptionId, resourceGroup);
  }

  @Override
  public AzureIdentity createOrReplace(IdentityRef ref, DesiredIdentity desired) {
    return recorded(ref, delegate.createOrReplace(ref, desired));
  }

  @Override
  public AzureIdentity update(IdentityRef ref, DesiredIdentity desired) {
    return recorded(ref, delegate.update(ref, desired));
  }

  @Override
  public boolean delete(IdentityRef ref) {
    try {
      return delegate.delete(ref);
    } finally {
      groups.forget(scope(ref), ref.resourceId());
    }
  }

  /** How many group listings were made. */
  long listings() {
    return groups.listings();
  }

  private AzureIdentity recorded(IdentityRef ref, AzureIdentity written) {
    groups.record(scope(ref), ref.resourceId(), Compact.identity(written));
    return written;
  }

  private Map<String, AzureIdentity> listGroup(String scope) {
    String[] parts = scope.split("/", 2);
    try {
      return ScopeListings.byId(
          delegate.list(parts[0], parts[1]).stream().map(Compact::identity).toList(),
          AzureIdentity::resourceId);
    } catch (AzureRequestException e) {
      if (e.isNotFound()) {
        return Map.of(); // no such resource group (yet): every identity in it is a miss
      }
      throw e;
    }
  }

  private static String scope(IdentityRef ref) {
    return ref.subscriptionId() + "/" + ref.resourceGroup();
  }
}
