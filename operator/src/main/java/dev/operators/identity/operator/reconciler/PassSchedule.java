package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.RequestPass;
import dev.operators.identity.operator.azure.RequestPass.Priority;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a resource's next pass comes, and how urgent its Azure requests are: the operator's fair
 * queueing on top of JOSDK, whose queue has no priorities (every event or reschedule runs on the
 * same executor, at most one pass per resource at a time).
 *
 * <ul>
 *   <li>A first pass (created, changed, not yet Ready, being deleted) asks the request budget with
 *       priority {@link Priority#FIRST}: it may wait a moment for its subscription's budget. A
 *       resync of an unchanged Ready resource asks with {@link Priority#RESYNC}: it never waits and
 *       leaves a share of each bucket to first passes. So new work goes ahead of resyncs.
 *   <li>A pass the budget postponed (its subscription's budget is spent, or Azure throttled that
 *       subscription) gives its thread back at once and comes again after the postponement, with up
 *       to half of it again as jitter so that postponed passes do not return together; no backoff
 *       (nothing failed), and a postponed resync keeps the status it had. Resources of other
 *       subscriptions keep flowing on the freed threads.
 *   <li>Resyncs are spread: each resource comes back up to a tenth of the resync period early, by a
 *       fixed offset from its UID, so that resources created together do not resync together.
 *   <li>Failures back off per resource ({@link FailureBackoff}), {@code Retry-After} honoured.
 * </ul>
 */
final class PassSchedule {

  private final FailureBackoff backoff;
  private final Duration resyncPeriod;

  PassSchedule(FailureBackoff backoff, Duration resyncPeriod) {
    this.backoff = backoff;
    this.resyncPeriod = resyncPeriod;
  }

  /** A resync when the resource is unchanged since a pass that left it Ready; else a first pass. */
  static Priority priority(UserAssignedIdentity resource) {
    var status = resource.getStatus();
    boolean unchanged =
        status != null
            && resource.getMetadata().getDeletionTimestamp() == null
            && resource.getMetadata().getGeneration() != null
            && resource.getMetadata().getGeneration().equals(status.getObservedGeneration())
            && status.getConditions().stream()
                .anyMatch(
                    c -> StatusDraft.READY.equals(c.getType()) && "True".equals(c.getStatus()));
    return unchanged ? Priority.RESYNC : Priority.FIRST;
  }

  /** Whether the pass running on this thread is a resync the budget postponed. */
  static boolean postponedResync() {
    RequestPass pass = RequestPass.current();
    return pass.priority() == Priority.RESYNC && pass.postponed().isPresent();
  }

  /** The delay before the next pass of a resource after this one. */
  Duration next(ResourceID id, String uid, Optional<Duration> retry) {
    Optional<Duration> postponed = RequestPass.current().postponed();
    if (postponed.isPresent()) {
      return jittered(postponed.get());
    }
    if (retry.isEmpty()) {
      backoff.succeeded(id);
      return resync(uid);
    }
    return backoff.failed(id).delay(retry);
  }

  /** The resync period, less a fixed offset of up to a tenth of it from the resource's UID. */
  Duration resync(String uid) {
    long tenth = resyncPeriod.toMillis() / 10;
    if (uid == null || tenth == 0) {
      return resyncPeriod;
    }
    long offset = Math.floorMod((long) uid.hashCode() * 2654435761L, tenth);
    return resyncPeriod.minusMillis(offset);
  }

  /** A postponement plus up to half of it again, at random. */
  static Duration jittered(Duration postponed) {
    long millis = Math.max(1, postponed.toMillis());
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
  }
}
