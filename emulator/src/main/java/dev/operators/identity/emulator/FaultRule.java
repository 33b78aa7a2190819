package dev.operators.identity.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fault to inject into matching ARM/Entra requests before they are throttled or handled.
 *
 * @param method HTTP method to match, {@code null} for any
 * @param pathRegex regular expression searched (case-insensitive {@code find()}) in the request
 *     path
 * @param kind what to do
 * @param status status to answer with ({@link FaultKind#STATUS})
 * @param retryAfterSeconds {@code Retry-After} sent with a 429 or 503 status fault (0 = none)
 * @param latency delay before serving normally ({@link FaultKind#LATENCY}), or the longest hold
 *     ({@link FaultKind#HOLD_THEN_DROP}, {@link FaultKind#APPLY_THEN_DROP})
 * @param count how many matching requests the rule applies to; -1 until cleared
 */
public record FaultRule(
    String method,
    String pathRegex,
    FaultKind kind,
    int status,
    int retryAfterSeconds,
    Duration latency,
    int count) {

  /** What a fault does. */
  public enum FaultKind {
    /** Answer with an ARM error of the given status instead of handling the request. */
    STATUS,
    /** Wait, then serve the request normally. */
    LATENCY,
    /** Close the connection without sending any response. */
    DROP_CONNECTION,
    /**
     * Hold the request unapplied (for {@code latency} at most, or until released), then close the
     * connection: the write never happened and no answer came, as when a caller dies while its
     * request is on its way.
     */
    HOLD_THEN_DROP,
    /**
     * Apply the request, then hold its answer (for {@code latency} at most, or until released) and
     * close the connection without sending it: the write happened, its caller never heard.
     */
    APPLY_THEN_DROP
  }

  public FaultRule {
    Objects.requireNonNull(kind, "kind");
    pathRegex = pathRegex == null ? "" : pathRegex;
    Pattern.compile(pathRegex);
    latency = latency == null ? Duration.ZERO : latency;
    if (count == 0 || count < -1) {
      throw new IllegalArgumentException("count must be positive or -1, was " + count);
    }
  }

  /**
   * Answer {@code status} to {@code count} matching requests with ARM's error body for it; 429 and
   * 503 carry {@code Retry-After: 1} unless changed with {@link #withRetryAfter(int)}.
   */
  public static FaultRule status(String method, String pathRegex, int status, int count) {
    int retryAfter = status == 429 || status == 503 ? 1 : 0;
    return new FaultRule(
        method, pathRegex, FaultKind.STATUS, status, retryAfter, Duration.ZERO, count);
  }

  public static FaultRule latency(String method, String pathRegex, Duration latency, int count) {
    return new FaultRule(method, pathRegex, FaultKind.LATENCY, 0, 0, latency, count);
  }

  public static FaultRule dropConnection(String method, String pathRegex, int count) {
    return new FaultRule(method, pathRegex, FaultKind.DROP_CONNECTION, 0, 0, Duration.ZERO, count);
  }

  /** {@link FaultKind#HOLD_THEN_DROP}: held unapplied for {@code maxHold} at most, then dropped. */
  public static FaultRule holdThenDrop(
      String method, String pathRegex, Duration maxHold, int count) {
    return new FaultRule(method, pathRegex, FaultKind.HOLD_THEN_DROP, 0, 0, maxHold, count);
  }

  /** {@link FaultKind#APPLY_THEN_DROP}: applied, answer held for {@code maxHold}, then dropped. */
  public static FaultRule applyThenDrop(
      String method, String pathRegex, Duration maxHold, int count) {
    return new FaultRule(method, pathRegex, FaultKind.APPLY_THEN_DROP, 0, 0, maxHold, count);
  }

  /** Whether requests under this rule are held (see {@link EmulatorControl#heldRequests()}). */
  public boolean holds() {
    return kind == FaultKind.HOLD_THEN_DROP || kind == FaultKind.APPLY_THEN_DROP;
  }

  public FaultRule withRetryAfter(int seconds) {
    return new FaultRule(method, pathRegex, kind, status, seconds, latency, count);
  }

  public boolean matches(String requestMethod, String path) {
    if (method != null && !method.equalsIgnoreCase(requestMethod)) {
      return false;
    }
    return Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE).matcher(path).find();
  }

  /** Short description for the request log, e.g. {@code STATUS 429}. */
  String describe() {
    return switch (kind) {
      case STATUS -> "STATUS " + status;
      case LATENCY -> "LATENCY " + latency.toMillis() + "ms";
      case DROP_CONNECTION, HOLD_THEN_DROP, APPLY_THEN_DROP -> kind.name();
    };
  }

  String methodOrAny() {
    return method == null ? "*" : method.toUpperCase(Locale.ROOT);
  }
}
