package dev.operators.identity.operator.azure.view;

import dev.operators.identity.operator.azure.AssigneeChange;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.PendingOperation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Assignees read through ARM's generic resource listing of each subscription (whose entries carry
 * each resource's identity block), once per resync period, shared by every identity attached to a
 * resource of it. A resource the listing does not show (it carries no user-assigned identity, or
 * appeared since) is read with one GET. Attach and detach read the resource afresh themselves (the
 * adapter writes with If-Match on that read); what they answer is recorded, a change still running
 * in Azure is forgotten (read afresh next time). {@link #findFresh} always reads afresh.
 */
final class ListedAssignees implements AssigneePort {

  private final AssigneePort delegate;
  private final ScopeListings<AssigneeResource> subscriptions;

  ListedAssignees(AssigneePort delegate, Duration resync, Clock clock) {
    this.delegate = delegate;
    this.subscriptions = new ScopeListings<>(resync, clock, this::listSubscription);
  }

  @Override
  public Optional<AssigneeResource> find(String resourceId) {
    Optional<String> sub = subscriptionOf(resourceId);
    if (sub.isEmpty()) {
      return delegate.find(resourceId);
    }
    Optional<AssigneeResource> listed = subscriptions.find(sub.get(), resourceId);
    return listed.isPresent() ? listed : findFresh(resourceId);
  }

  @Override
  public Optional<AssigneeResource> findFresh(String resourceId) {
    Optional<AssigneeResource> read = delegate.find(resourceId);
    subscriptionOf(resourceId)
        .ifPresent(
            sub ->
                read.ifPresentOrElse(
                    r -> subscriptions.record(sub, resourceId, Compact.assignee(r)),
                    () -> subscriptions.forget(sub, resourceId)));
    return read;
  }

  @Override
  public List<AssigneeResource> listCarryingUserAssignedIdentities(String subscriptionId) {
    return delegate.listCarryingUserAssignedIdentities(subscriptionId);
  }

  @Override
  public AssigneeChange attach(String resourceId, String identityId) {
    return recorded(resourceId, () -> delegate.attach(resourceId, identityId));
  }

  @Override
  public AssigneeChange detach(String resourceId, String identityId) {
    return recorded(resourceId, () -> delegate.detach(resourceId, identityId));
  }

  @Override
  public AssigneeChange check(String resourceId, PendingOperation operation) {
    return recorded(resourceId, () -> delegate.check(resourceId, operation));
  }

  /** How many subscription listings were made. */
  long listings() {
    return subscriptions.listings();
  }

  private AssigneeChange recorded(
      String resourceId, java.util.function.Supplier<AssigneeChange> change) {
    Optional<String> sub = subscriptionOf(resourceId);
    AssigneeChange result;
    try {
      result = change.get();
    } catch (RuntimeException e) {
      sub.ifPresent(s -> subscriptions.forget(s, resourceId));
      throw e;
    }
    if (sub.isPresent()) {
      if (result instanceof AssigneeChange.Done done) {
        subscriptions.record(sub.get(), resourceId, Compact.assignee(done.resource()));
      } else {
        subscriptions.forget(sub.get(), resourceId);
      }
    }
    return result;
  }

  private Map<String, AssigneeResource> listSubscription(String scope) {
    return ScopeListings.byId(
        delegate.listCarryingUserAssignedIdentities(scope).stream().map(Compact::assignee).toList(),
        AssigneeResource::id);
  }

  private static Optional<String> subscriptionOf(String resourceId) {
    String[] parts = resourceId == null ? new String[0] : resourceId.split("/");
    return parts.length > 2 && parts[1].equalsIgnoreCase("subscriptions") && !parts[2].isEmpty()
        ? Optional.of(parts[2].toLowerCase(Locale.ROOT))
        : Optional.empty();
  }
}
