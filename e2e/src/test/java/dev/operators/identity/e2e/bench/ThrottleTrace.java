package dev.operators.identity.e2e.bench;

import dev.operators.identity.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What came before the first few 429s of the identity provider: the requests of the same
 * subscription that count against the same kind of its buckets, with their arrival times, so that a
 * 429 can be told apart as the operator's budget admitting too many or the provider's bucket
 * holding fewer than it should.
 */
final class ThrottleTrace {

  private static final int SHOWN = 5;
  private static final Duration WINDOW = Duration.ofMillis(1500);

  private ThrottleTrace() {}

  static void print(List<RecordedRequest> requests) {
    List<RecordedRequest> throttled =
        requests.stream()
            .filter(r -> r.status() == 429 && "TooManyRequests".equals(r.errorCode()))
            .limit(SHOWN)
            .toList();
    for (RecordedRequest t : throttled) {
      String subscription = subscription(t.path());
      boolean write = !t.method().equals("GET");
      System.out.printf(
          "429 %s %s at %s; before it in %s (%s):%n",
          t.method(), t.path(), t.time(), subscription, write ? "writes" : "reads");
      requests.stream()
          .filter(r -> subscription.equals(subscription(r.path())))
          .filter(r -> r.path().toLowerCase(Locale.ROOT).contains("userassignedidentities"))
          .filter(r -> write != r.method().equals("GET"))
          .filter(r -> !r.time().isAfter(t.time()) && r.time().isAfter(t.time().minus(WINDOW)))
          .forEach(
              r ->
                  System.out.printf(
                      "    -%4d ms %s %s %d%n",
                      Duration.between(r.time(), t.time()).toMillis(),
                      r.method(),
                      r.path().substring(r.path().lastIndexOf('/')),
                      r.status()));
    }
  }

  /** The subscription ID of an ARM path, in lower case, or empty. */
  static String subscription(String path) {
    String[] parts = path.split("/");
    return parts.length > 2 ? parts[2].toLowerCase(Locale.ROOT) : "";
  }
}
