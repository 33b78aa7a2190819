package dev.operators.identity.operator.azure.sdk;

import dev.operators.identity.operator.azure.RequestPass.Priority;
import dev.operators.identity.operator.azure.sdk.BudgetedRequest.ArmKind;
import dev.operators.identity.operator.azure.sdk.BudgetedRequest.ProviderOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * The operator's client-side request budget: token buckets that mirror Azure's ({@link
 * BudgetLimits}) per subscription, calling principal and kind of request, plus the managed identity
 * provider's per subscription, per identity and per tenant, so that the operator spaces its
 * requests instead of bouncing off 429s. Azure's own count corrects it: every answer's {@code
 * x-ms-ratelimit-remaining-subscription-*} lowers the bucket to what ARM says is left (other
 * clients of the same principal spend it too). A 429 blocks its subscription for that kind of
 * request until its {@code Retry-After}: every resource of the subscription waits, not just the one
 * that met it. A 429 of the identity provider (ARM's count still shows tokens) blocks only the
 * subscription's requests of that provider operation.
 *
 * <p>A request is admitted with a wait (reserving its tokens, so concurrent requests queue in
 * order) when the wait is short: up to {@link BudgetLimits#maxWait()} for a first pass, none for a
 * resync, which must also leave {@link BudgetLimits#resyncReserve()} of each ARM bucket to first
 * passes. Otherwise it is refused with the delay after which it would fit, and its pass is
 * postponed: the reconcile thread is free for other subscriptions. Pure and thread-safe; time from
 * the injected clock.
 */
final class RequestBudget {

  /** Sent after {@code delay}, or not sent and to be tried again after {@code delay}. */
  record Admission(boolean sent, Duration delay) {}

  private final BudgetLimits limits;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final Map<String, Instant> blockedUntil = new HashMap<>();
  private Instant swept;

  RequestBudget(BudgetLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    this.swept = clock.instant();
  }

  /**
   * How often buckets that refilled to the brim and blocks that ran out are forgotten: a full
   * bucket is the same as one not yet made, and without this the provider's per-identity buckets
   * (one per identity ever written) would grow with the estate's churn for the operator's life.
   */
  static final Duration SWEEP_PERIOD = Duration.ofMinutes(1);

  /**
   * How long a later page of a listing may wait its turn, whatever its pass: the pages before it
   * are spent, and the listing serves every resource of its scope. Refusing it would waste them,
   * and passes retrying the listing would drain the bucket page after page without ever completing
   * one (measured: a 2,000-identity benchmark whose identity listings of seven pages kept failing
   * against the provider's five listings per second).
   */
  static final Duration LATER_PAGE_WAIT = Duration.ofSeconds(10);

  /** Admits {@code request} of {@code principal} for a pass of {@code priority}, or refuses it. */
  synchronized Admission admit(BudgetedRequest request, String principal, Priority priority) {
    return admit(request, principal, priority, false);
  }

  /**
   * As {@link #admit(BudgetedRequest, String, Priority)}; {@code laterPage}: the request is a
   * listing's page after its first, which may wait up to {@link #LATER_PAGE_WAIT} and leaves no
   * reserve.
   */
  synchronized Admission admit(
      BudgetedRequest request, String principal, Priority priority, boolean laterPage) {
    Instant now = clock.instant();
    sweep(now);
    Duration blocked = Duration.ZERO;
    for (String block : blocks(request)) {
      Instant until = blockedUntil.get(block);
      if (until != null
          && until.isAfter(now)
          && Duration.between(now, until).compareTo(blocked) > 0) {
        blocked = Duration.between(now, until);
      }
    }
    if (!blocked.isZero()) {
      return new Admission(false, blocked);
    }
    boolean resync = priority == Priority.RESYNC && !laterPage;
    Duration wait = Duration.ZERO;
    List<Bucket> needed = buckets(request, principal);
    for (Bucket bucket : needed) {
      Duration own = bucket.waitFor(now, resync ? bucket.reserve : 0);
      wait = own.compareTo(wait) > 0 ? own : wait;
    }
    Duration bound = laterPage ? LATER_PAGE_WAIT : resync ? Duration.ZERO : limits.maxWait();
    if (wait.compareTo(bound) > 0) {
      return new Admission(false, wait);
    }
    // each bucket counts the request from when it is sent: after the longest of their waits
    Instant sending = now.plus(wait);
    needed.forEach(bucket -> bucket.reserve(sending));
    return new Admission(true, wait);
  }

  /**
   * What Azure answered: the remaining count of ARM's bucket for the request's kind (if the header
   * came), and for a 429 its {@code Retry-After}, which blocks the subscription's requests of that
   * kind (and of the provider's operation) until then.
   */
  synchronized void answered(
      BudgetedRequest request,
      String principal,
      int status,
      OptionalLong remaining,
      Optional<Duration> retryAfter) {
    Instant now = clock.instant();
    Bucket arm = armBucket(request, principal);
    if (remaining.isPresent()) {
      arm.lowerTo(now, remaining.getAsLong());
    }
    if (status == 429) {
      Instant until =
          now.plus(retryAfter.filter(d -> !d.isNegative()).orElse(Duration.ofSeconds(1)));
      for (String block : throttledBy(request, remaining)) {
        blockedUntil.merge(block, until, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
  }

  /**
   * A request that got no answer or a server error: its tokens back (Azure counted, at most, a
   * request it could not serve), so that its retry is not refused on its own account.
   */
  synchronized void refund(BudgetedRequest request, String principal) {
    buckets(request, principal).forEach(Bucket::refund);
  }

  /**
   * An admitted request is over (answered, failed, or abandoned before or after it was sent): it no
   * longer holds its buckets' refill back. Once per admitted request.
   */
  synchronized void settled(BudgetedRequest request, String principal) {
    Instant now = clock.instant();
    buckets(request, principal).forEach(bucket -> bucket.settle(now));
  }

  /** The buckets and blocks held now (for tests: forgotten ones do not count). */
  synchronized int held() {
    return buckets.size() + blockedUntil.size();
  }

  private void sweep(Instant now) {
    if (Duration.between(swept, now).compareTo(SWEEP_PERIOD) < 0) {
      return;
    }
    swept = now;
    buckets.values().removeIf(bucket -> bucket.fullAt(now));
    blockedUntil.values().removeIf(until -> !until.isAfter(now));
  }

  /**
   * What a 429 blocks. ARM counts a request before it passes it on and gives its remaining count on
   * the provider's answer too: a 429 whose count still shows tokens came from behind ARM, from the
   * managed identity provider's own limit, and blocks only that provider operation of the
   * subscription, not the role-assignment and assignee writes ARM would still take (measured: each
   * provider 429 held every write of its subscription back for its Retry-After). Without a count,
   * or with none left, it blocks ARM's kind too.
   */
  private static List<String> throttledBy(BudgetedRequest request, OptionalLong remaining) {
    boolean behindArm = remaining.isPresent() && remaining.getAsLong() > 0;
    Optional<String> provider = providerBlock(request);
    return behindArm && provider.isPresent() ? List.of(provider.get()) : blocks(request);
  }

  /** The blocks a request waits for: ARM's kind of its subscription, and its provider operation. */
  private static List<String> blocks(BudgetedRequest request) {
    List<String> keys = new ArrayList<>();
    keys.add(request.subscription() + "|arm|" + request.kind());
    providerBlock(request).ifPresent(keys::add);
    return keys;
  }

  private static Optional<String> providerBlock(BudgetedRequest request) {
    return request.provider().map(op -> request.subscription() + "|msi|" + op);
  }

  private List<Bucket> buckets(BudgetedRequest request, String principal) {
    List<Bucket> needed = new ArrayList<>();
    needed.add(armBucket(request, principal));
    if (request.provider().isPresent()) {
      ProviderOperation op = request.provider().get();
      needed.add(
          provider("sub|" + request.subscription() + "|" + op, limits.providerPerSubscription(op)));
      double perIdentity = limits.providerPerIdentity(op);
      if (request.identity().isPresent() && perIdentity > 0) {
        needed.add(provider("id|" + request.identity().get() + "|" + op, perIdentity));
      }
      if (op == ProviderOperation.WRITE) {
        needed.add(provider("tenant|" + op, limits.providerWritesPerTenant()));
      }
    }
    return needed;
  }

  private Bucket armBucket(BudgetedRequest request, String principal) {
    ArmKind kind = request.kind();
    return buckets.computeIfAbsent(
        "arm|" + request.subscription() + "|" + principal + "|" + kind,
        k ->
            new Bucket(
                limits.armCapacity(kind),
                limits.armRate(kind),
                limits.armResyncReserve(kind),
                clock.instant()));
  }

  /** The provider's bucket: one second's worth of requests, at least one (as the emulator's). */
  private Bucket provider(String key, double perSecond) {
    return buckets.computeIfAbsent(
        "msi|" + key,
        k -> new Bucket(Math.max(1, Math.floor(perSecond)), perSecond, 0, clock.instant()));
  }

  /**
   * How long a request counts as in flight at most without being settled (answered, failed or
   * abandoned): beyond the SDK's response timeout, so that a request whose end was never seen
   * cannot keep its bucket from refilling for good.
   */
  static final Duration IN_FLIGHT_EXPIRY = Duration.ofMinutes(2);

  /**
   * A token bucket whose tokens go below zero for requests admitted to wait their turn.
   *
   * <p>Azure counts a request when it arrives, this bucket when it admits it: a moment earlier, or
   * a wait earlier (the longest wait of all the buckets the request needs, so a bucket can admit a
   * request that another one holds back). While requests are on their way, Azure's bucket holds
   * this bucket's tokens plus one per request not yet arrived, and it stops refilling at its
   * capacity. So this bucket refills only up to its capacity less its requests in flight (admitted
   * and not yet settled, a little longer than until they arrive). And a wait that needs more tokens
   * than that room begins only once enough of them have reached Azure: when they are sent (known:
   * their admitted wait) and on their way (measured: how long requests of this bucket take to be
   * answered). Otherwise a burst from a full bucket whose requests arrive late, or a request spaced
   * from ones still waiting for another bucket, reaches Azure before its token (measured: the
   * identity provider's 429s while the benchmark converged, for identity PUTs held back by ARM's
   * write bucket and sent on its refill, 100 ms apart).
   */
  private static final class Bucket {
    /** What a request's way to Azure and back is taken to be before one was measured. */
    private static final double FIRST_TRANSIT_SECONDS = 0.05;

    private final double capacity;
    private final double perSecond;
    private final double reserve;

    /** When each request in flight is (or was) sent, earliest first. */
    private final PriorityQueue<Instant> inFlight = new PriorityQueue<>();

    private double tokens;
    private double transitSeconds = FIRST_TRANSIT_SECONDS;
    private Instant last;

    Bucket(double capacity, double perSecond, double reserve, Instant now) {
      this.capacity = capacity;
      this.perSecond = perSecond;
      this.reserve = reserve;
      this.tokens = capacity;
      this.last = now;
    }

    private void refill(Instant now) {
      Instant expired = now.minus(IN_FLIGHT_EXPIRY);
      while (!inFlight.isEmpty() && inFlight.peek().isBefore(expired)) {
        inFlight.poll();
      }
      if (now.isAfter(last)) {
        double seconds = seconds(last, now);
        double room = capacity - inFlight.size();
        if (tokens < room) {
          tokens = Math.min(room, tokens + seconds * perSecond);
        }
        last = now;
      }
    }

    boolean fullAt(Instant now) {
      refill(now);
      return tokens >= capacity;
    }

    /** How long until a token is there with {@code keep} tokens left behind it. */
    Duration waitFor(Instant now, double keep) {
      refill(now);
      double need = 1 + keep;
      if (need <= tokens) {
        return Duration.ZERO;
      }
      double room = capacity - inFlight.size();
      double seconds;
      if (need <= room || inFlight.isEmpty()) {
        seconds = (need - tokens) / perSecond;
      } else {
        // up to the room now; beyond it once enough of the requests in flight have arrived
        int arrivals = (int) Math.min(inFlight.size(), Math.ceil(need - room));
        double arrived = seconds(now, kthSent(arrivals)) + transitSeconds;
        double toRoom = Math.max(0, room - tokens) / perSecond;
        seconds = Math.max(toRoom, arrived) + (need - Math.max(room, tokens)) / perSecond;
      }
      // whole microseconds, rounded up (less a trace, so that floating-point noise of a wait that
      // is a whole number does not add one)
      double micros = seconds * 1e6;
      return Duration.ofNanos((long) Math.ceil(micros - 1e-6) * 1000);
    }

    /** Takes a token for a request sent at {@code sending}. */
    void reserve(Instant sending) {
      tokens -= 1;
      inFlight.add(sending);
    }

    /**
     * A request of this bucket is settled: answered, failed or abandoned. Taken to be the one sent
     * first; the time since it was sent is how long a request takes (a moving average).
     */
    void settle(Instant now) {
      refill(now);
      Instant sent = inFlight.poll();
      if (sent != null && !sent.isAfter(now)) {
        double took = seconds(sent, now);
        transitSeconds = 0.8 * transitSeconds + 0.2 * Math.min(took, 1.0);
      }
    }

    void refund() {
      // the refunded request is still counted in flight until it is settled, just after
      tokens = Math.min(capacity - inFlight.size() + 1, tokens + 1);
    }

    /** Azure says fewer are left than this bucket believes. */
    void lowerTo(Instant now, long remaining) {
      refill(now);
      tokens = Math.min(tokens, remaining);
    }

    /** When the k-th earliest request in flight is sent (1 for the earliest). */
    private Instant kthSent(int k) {
      if (k <= 1) {
        return inFlight.peek();
      }
      List<Instant> sorted = new ArrayList<>(inFlight);
      sorted.sort(null);
      return sorted.get(k - 1);
    }

    /** Seconds from {@code from} to {@code to} (negative when {@code to} is earlier). */
    private static double seconds(Instant from, Instant to) {
      return Duration.between(from, to).toNanos() / 1e9;
    }
  }
}
