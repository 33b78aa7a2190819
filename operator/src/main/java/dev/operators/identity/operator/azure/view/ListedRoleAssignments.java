package dev.operators.identity.operator.azure.view;

import dev.operators.identity.operator.azure.ListedAssignment;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Role assignments read by listing each subscription once per resync period (every principal's, at
 * the subscription, above it and below it: what a principal filter would return, for all principals
 * in one listing), shared by every identity whose assignments that subscription holds.
 * Management-group scopes are not cached (listed per principal, as before). Creates record what
 * Azure answered; a grant found under another name is read once (a GET after the write); deletes
 * forget. {@link #get} and {@link #listForPrincipalFresh} always read afresh: deletes are decided
 * on them, never on the shared listing alone.
 */
final class ListedRoleAssignments implements RoleAssignmentPort {

  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([^/]+)(/.*)?$", Pattern.CASE_INSENSITIVE);

  private final RoleAssignmentPort delegate;
  private final ScopeListings<Compact.Assignment> subscriptions;

  ListedRoleAssignments(RoleAssignmentPort delegate, Duration resync, Clock clock) {
    this.delegate = delegate;
    this.subscriptions = new ScopeListings<>(resync, clock, this::listSubscription);
  }

  @Override
  public List<RoleAssignment> listForPrincipal(String scope, String principalId) {
    if (!isSubscription(scope)) {
      return delegate.listForPrincipal(scope, principalId);
    }
    return subscriptions.matching(scope, a -> a.of(principalId)).stream()
        .map(Compact.Assignment::toAssignment)
        .toList();
  }

  @Override
  public List<RoleAssignment> listForPrincipalFresh(String scope, String principalId) {
    return delegate.listForPrincipal(scope, principalId);
  }

  @Override
  public RoleAssignmentWrite create(NewRoleAssignment assignment) {
    RoleAssignmentWrite write = delegate.create(assignment);
    if (write instanceof RoleAssignmentWrite.Written written) {
      record(written.assignment());
    } else if (write instanceof RoleAssignmentWrite.ExistsUnderName exists) {
      get(exists.id()); // the grant as Azure holds it, for the next pass
    }
    return write;
  }

  @Override
  public List<ListedAssignment> listAtScope(String scope) {
    return delegate.listAtScope(scope);
  }

  @Override
  public Optional<ListedAssignment> get(String roleAssignmentId) {
    Optional<ListedAssignment> read = delegate.get(roleAssignmentId);
    read.ifPresentOrElse(
        listed -> record(listed.assignment()),
        () -> subscriptions.forgetWherever(roleAssignmentId));
    return read;
  }

  @Override
  public boolean delete(String roleAssignmentId) {
    try {
      return delegate.delete(roleAssignmentId);
    } finally {
      subscriptions.forgetWherever(roleAssignmentId);
    }
  }

  /** How many subscription listings were made. */
  long listings() {
    return subscriptions.listings();
  }

  private void record(RoleAssignment assignment) {
    subscriptionOf(assignment.id())
        .ifPresent(
            sub -> subscriptions.record(sub, assignment.id(), Compact.Assignment.of(assignment)));
  }

  private Map<String, Compact.Assignment> listSubscription(String scope) {
    return ScopeListings.byId(
        delegate.listAtScope(scope).stream()
            .map(listed -> Compact.Assignment.of(listed.assignment()))
            .toList(),
        Compact.Assignment::id);
  }

  private static boolean isSubscription(String scope) {
    Matcher m = SUBSCRIPTION.matcher(scope);
    return m.matches() && m.group(2) == null;
  }

  /** The subscription scope an assignment lives under (none for management groups). */
  private static Optional<String> subscriptionOf(String id) {
    Matcher m = SUBSCRIPTION.matcher(id == null ? "" : id);
    return m.matches()
        ? Optional.of("/subscriptions/" + m.group(1).toLowerCase(Locale.ROOT))
        : Optional.empty();
  }
}
