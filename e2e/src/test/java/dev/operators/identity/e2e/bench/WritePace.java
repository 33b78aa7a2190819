package dev.operators.identity.e2e.bench;

import dev.operators.identity.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the time over the floor went: per subscription, its ARM writes (the bucket that sets the
 * floor) per minute since the operator started, from its first write to its last. A minute below
 * the write bucket's refill rate is time the floor does not count: the operator was reading,
 * waiting on the identity provider, blocked by a 429, or out of work for that subscription.
 */
final class WritePace {

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private WritePace() {}

  /** {@code truncated}: the request log kept only the newest requests (the minutes before lack). */
  static void print(
      List<RecordedRequest> requests, Instant start, double writesPerSecond, boolean truncated) {
    Map<String, List<RecordedRequest>> writes =
        requests.stream()
            .filter(r -> !r.method().equals("GET") && !r.method().equals("DELETE"))
            .filter(r -> !r.resourceType().startsWith("Entra"))
            .collect(
                Collectors.groupingBy(
                    r -> ThrottleTrace.subscription(r.path()), TreeMap::new, Collectors.toList()));
    System.out.printf(
        "ARM writes per second, minute by minute (the bucket refills %.1f/s)%s:%n",
        writesPerSecond,
        truncated ? "; the request log is full, so the first minutes are missing" : "");
    writes.forEach(
        (subscription, sent) -> {
          long minutes = 1 + Duration.between(start, last(sent)).toMillis() / WINDOW.toMillis();
          long[] perMinute = new long[(int) minutes];
          sent.forEach(
              r -> perMinute[(int) (Duration.between(start, r.time()).toMillis() / 60_000)]++);
          StringBuilder row = new StringBuilder();
          for (long n : perMinute) {
            row.append(String.format(Locale.ROOT, " %5.1f", n / 60.0));
          }
          System.out.printf(
              "  %s: %d writes, first at %.1f s, last at %.1f s:%s%n",
              subscription.substring(subscription.length() - 3),
              sent.size(),
              Duration.between(start, sent.get(0).time()).toMillis() / 1000.0,
              Duration.between(start, last(sent)).toMillis() / 1000.0,
              row);
        });
  }

  private static Instant last(List<RecordedRequest> sent) {
    return sent.get(sent.size() - 1).time();
  }
}
