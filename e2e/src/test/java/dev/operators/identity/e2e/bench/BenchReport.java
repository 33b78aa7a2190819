package dev.operators.identity.e2e.bench;

import dev.operators.identity.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What the benchmark prints, phase by phase, with the targets beside the figures. */
final class BenchReport {
  private static final double MIB = 1024 * 1024;

  /** The emulator's request log keeps the newest 100,000 requests. */
  private static final int LOG_LIMIT = 100_000;

  private final BenchEstate estate;
  private final ScaleBenchmark.Options options;

  BenchReport(BenchEstate estate, ScaleBenchmark.Options options) {
    this.estate = estate;
    this.options = options;
  }

  void estate() {
    System.out.printf(
        "estate: %d identities x %d role assignments and %d assignees, %d subscription(s) of at"
            + " most %d identities (role-assignment limit %d)%n",
        estate.identities(),
        BenchEstate.ROLES,
        BenchEstate.ASSIGNEES,
        estate.subscriptions(),
        estate.perSubscription(),
        estate.roleAssignmentLimit());
    System.out.printf(
        "limits: ARM's default buckets and the identity provider's rates, times %.2f; operator"
            + " concurrency %d, heap cap %s, resync %d s, credential audit every %d resyncs%n",
        options.rateScale(),
        options.concurrency(),
        options.maxHeap(),
        options.resync().toSeconds(),
        options.credentialAuditResyncs());
  }

  void convergence(
      long ready,
      Instant start,
      Duration took,
      List<RecordedRequest> requests,
      double cpuSeconds,
      long peakHeap,
      long liveHeap) {
    BenchEstate.Floor floor = estate.floor();
    double seconds = took.toMillis() / 1000.0;
    System.out.println("== convergence");
    System.out.printf("identities Ready:     %d of %d%n", ready, estate.identities());
    System.out.printf("time to converge:     %.1f s%n", seconds);
    System.out.printf(
        "floor of the limits:  %.1f s (set by %s)%n", floor.seconds(), floor.boundBy());
    System.out.printf(
        "ratio:                %.2f (target: at most 1.1)%n",
        floor.seconds() > 0 ? seconds / floor.seconds() : Double.NaN);
    requests(requests, estate.identities(), 1);
    WritePace.print(requests, start, estate.writesPerSecond(), full(requests));
    System.out.printf(
        "operator CPU:         %.1f s over %.1f s (%.0f%% of one core)%n",
        cpuSeconds, seconds, 100 * cpuSeconds / seconds);
    System.out.printf(
        "operator heap:        peak used %.0f MiB, live after a full GC %.0f MiB (target at 10,000:"
            + " under 256 MiB)%n",
        peakHeap / MIB, liveHeap / MIB);
  }

  void steadyState(
      List<RecordedRequest> requests, long ready, double cpuSeconds, Duration wall, long peakHeap) {
    int resyncs = options.resyncs();
    List<RecordedRequest> arm = requests.stream().filter(BenchReport::isArm).toList();
    long reads = arm.stream().filter(r -> r.method().equals("GET")).count();
    long writes = arm.size() - reads;
    long throttled = requests.stream().filter(r -> r.status() == 429).count();
    System.out.printf(
        "== steady state: %d resync periods of %d s%n", resyncs, options.resync().toSeconds());
    System.out.printf("identities Ready:     %d of %d%n", ready, estate.identities());
    requests(requests, estate.identities(), resyncs);
    System.out.printf(
        "per resync:           %.1f reads, %.1f writes; per identity %.3f reads (target: at most"
            + " 0.05), %.3f writes (target: 0)%n",
        reads / (double) resyncs,
        writes / (double) resyncs,
        reads / (double) resyncs / estate.identities(),
        writes / (double) resyncs / estate.identities());
    System.out.printf("429 answers:          %d (target: 0)%n", throttled);
    System.out.printf(
        "operator CPU:         %.1f s over %.0f s; peak heap so far %.0f MiB%n",
        cpuSeconds, wall.toMillis() / 1000.0, peakHeap / MIB);
  }

  /** Whether the emulator's request log is (nearly) full: it keeps only the newest requests. */
  private static boolean full(List<RecordedRequest> requests) {
    return requests.size() >= LOG_LIMIT * 9 / 10;
  }

  /** An ARM request (not a token request to Entra). */
  private static boolean isArm(RecordedRequest request) {
    return !request.resourceType().startsWith("Entra");
  }

  /** Requests by kind, per identity (and per resync when over several), and the 429s. */
  private static void requests(List<RecordedRequest> requests, int identities, int periods) {
    Map<String, Long> byKind =
        requests.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.method() + " " + r.resourceType(), TreeMap::new, Collectors.counting()));
    long throttled = requests.stream().filter(r -> r.status() == 429).count();
    System.out.printf(
        "Azure requests:       %d (%.2f per identity%s), 429 answers: %d%s%n",
        requests.size(),
        requests.size() / (double) identities / periods,
        periods > 1 ? " per resync" : "",
        throttled,
        full(requests) ? " (the request log is full: counts are low)" : "");
    byKind.forEach(
        (kind, n) ->
            System.out.printf(
                "  %-66s %7d  %6.2f/identity%n", kind, n, n / (double) identities / periods));
    // Which bucket answered each 429: ARM's (SubscriptionRequestsThrottled) or the provider's.
    requests.stream()
        .filter(r -> r.status() == 429)
        .collect(
            Collectors.groupingBy(
                r -> "429 " + r.method() + " " + r.resourceType() + " " + r.errorCode(),
                TreeMap::new,
                Collectors.counting()))
        .forEach((kind, n) -> System.out.printf("  %-66s %7d%n", kind, n));
    ThrottleTrace.print(requests);
  }
}
