package dev.operators.identity.e2e.bench;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.e2e.EmbeddedStack;
import dev.operators.identity.e2e.crash.OperatorProcess;
import dev.operators.identity.e2e.local.OperatorLaunch;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.RecordedRequest;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How close to Azure's limits the operator converges, and what its steady state costs (issue 13).
 * The operator's runnable jar runs in its own JVM (as in a pod) against the ARM emulator, with
 * ARM's default buckets and the identity provider's published rates switched on (times {@code
 * --rate-scale}), and the embedded Kubernetes API, both in this JVM. Prints the estate, the time to
 * converge against the floor its limits set, Azure requests by kind and per identity, 429s, the
 * operator's peak and live heap and CPU, then a steady state of several resync periods. {@code
 * --heap-mode} (10,000 identities by default) converges and reports the operator's heap only. A
 * benchmark, not a test: it asserts nothing and is not part of {@code mvn verify}. See README,
 * "Benchmark".
 */
public final class ScaleBenchmark {

  private ScaleBenchmark() {}

  /** The options, as {@code --name value} pairs (see README). */
  record Options(
      int identities,
      double rateScale,
      Duration resync,
      int resyncs,
      int credentialAuditResyncs,
      int concurrency,
      boolean heapMode,
      int roleAssignmentLimit,
      Duration timeout,
      String maxHeap,
      Path work) {

    static Options parse(String[] args) throws Exception {
      Map<String, String> given = new LinkedHashMap<>();
      boolean heap = false;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--heap-mode")) {
          heap = true;
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          given.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      return new Options(
          Integer.parseInt(given.getOrDefault("identities", heap ? "10000" : "2000")),
          Double.parseDouble(given.getOrDefault("rate-scale", "1")),
          Duration.ofSeconds(Long.parseLong(given.getOrDefault("resync-seconds", "120"))),
          Integer.parseInt(given.getOrDefault("resyncs", "3")),
          // The defaults' ratio: a 4-hour credential audit over a 10-minute resync.
          Integer.parseInt(given.getOrDefault("credential-audit-resyncs", "24")),
          Integer.parseInt(given.getOrDefault("concurrency", "15")),
          heap,
          Integer.parseInt(
              given.getOrDefault(
                  "role-assignment-limit",
                  Integer.toString(EmulatorConfig.DEFAULT_ROLE_ASSIGNMENT_LIMIT))),
          Duration.ofMinutes(Long.parseLong(given.getOrDefault("timeout-minutes", "60"))),
          given.getOrDefault("max-heap", "512m"),
          given.containsKey("work")
              ? Files.createDirectories(Path.of(given.get("work")))
              : Files.createTempDirectory("scale-bench"));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    BenchEstate estate =
        new BenchEstate(options.identities(), options.rateScale(), options.roleAssignmentLimit());
    BenchReport report = new BenchReport(estate, options);
    report.estate();
    try (EmbeddedStack stack = EmbeddedStack.start(estate.emulatorConfig(), 0, options.work())) {
      var azure = stack.emulator().control();
      estate.create(azure);
      stack.kubernetes().createNamespace(BenchEstate.NAMESPACE);
      int metricsPort = freePort();
      // Every resource is declared before the operator starts (as a GitOps sync of the whole
      // estate would): the time to converge is the operator's, not the embedded API's.
      createAll(stack, estate);
      try (OperatorProcess operator = operator(stack, options, metricsPort)) {
        azure.clearRequests();
        Instant start = Instant.now();
        operator.start();
        OperatorProbe probe = new OperatorProbe(operator.pid(), metricsPort);
        // Ready is counted from a watch: listing thousands of resources every few seconds would
        // load the embedded API the operator is measured against.
        var watched =
            stack
                .client()
                .resources(UserAssignedIdentity.class)
                .inNamespace(BenchEstate.NAMESPACE)
                .inform();
        awaitEndpoint(probe, operator);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(probe::sampleHeap, 1, 1, TimeUnit.SECONDS);
        try {
          long ready = awaitReady(watched, estate.identities(), start, options.timeout());
          Duration took = Duration.between(start, Instant.now());
          List<RecordedRequest> converging = azure.requests();
          // the whole process: its start and the informers' first list included
          double cpu = probe.cpuSeconds();
          long live = probe.liveHeap();
          report.convergence(ready, start, took, converging, cpu, probe.peakHeap(), live);
          writeLog(options.work().resolve("requests-converging.tsv"), start, converging);
          if (!options.heapMode()) {
            azure.clearRequests();
            double cpuSteady = probe.cpuSeconds();
            Duration steady = options.resync().multipliedBy(options.resyncs());
            Thread.sleep(steady.toMillis());
            report.steadyState(
                azure.requests(),
                countReady(watched),
                probe.cpuSeconds() - cpuSteady,
                steady,
                probe.peakHeap());
          }
        } finally {
          sampler.shutdownNow();
          watched.close();
        }
      }
    }
  }

  private static OperatorProcess operator(EmbeddedStack stack, Options options, int metricsPort)
      throws Exception {
    Path work = options.work();
    Path envFile =
        stack.emulator().writeConnectionEnv(work.resolve("emulator.env"), stack.caFile());
    Path kubeconfig = work.resolve("operator-kubeconfig");
    Files.writeString(kubeconfig, stack.kubernetes().kubeconfig());
    Map<String, String> env =
        new LinkedHashMap<>(OperatorLaunch.environment(envFile, kubeconfig, options.resync()));
    env.put("OPERATOR_HEALTH_PORT", Integer.toString(metricsPort));
    env.put("OPERATOR_AZURE_RATE_SCALE", Double.toString(options.rateScale()));
    env.put("OPERATOR_RECONCILE_CONCURRENCY", Integer.toString(options.concurrency()));
    env.put(
        "OPERATOR_CREDENTIAL_AUDIT_PERIOD",
        options.resync().multipliedBy(options.credentialAuditResyncs()).toSeconds() + "s");
    Path fromModule = Path.of("..").resolve(OperatorLaunch.JAR);
    Path jar = Files.exists(fromModule) ? fromModule : OperatorLaunch.JAR;
    // The Deployment's settings (helm values): serial GC; by default a heap cap above the 256 MiB
    // target so that the benchmark measures instead of failing (--max-heap 256m: whether it fits).
    return new OperatorProcess(
        jar,
        List.of("-XX:+UseSerialGC", "-Xmx" + options.maxHeap(), "-Xss512k"),
        env,
        work.resolve("operator.log"));
  }

  private static void createAll(EmbeddedStack stack, BenchEstate estate) throws Exception {
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> created = new java.util.ArrayList<>();
      for (int i = 0; i < estate.identities(); i++) {
        int n = i;
        created.add(pool.submit(() -> stack.client().resource(estate.resource(n)).create()));
      }
      for (var future : created) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    System.out.printf("declared %d resources in the embedded API%n", estate.identities());
  }

  /**
   * The Azure requests as a table (milliseconds since the operator started, method, path, status,
   * error code, milliseconds to answer), for a look at what the report sums up.
   */
  private static void writeLog(Path file, Instant start, List<RecordedRequest> requests)
      throws java.io.IOException {
    List<String> lines = new java.util.ArrayList<>();
    for (RecordedRequest r : requests) {
      lines.add(
          String.join(
              "\t",
              Long.toString(Duration.between(start, r.time()).toMillis()),
              r.method(),
              r.path(),
              Integer.toString(r.status()),
              String.valueOf(r.errorCode()),
              Long.toString(r.duration() == null ? -1 : r.duration().toMillis())));
    }
    Files.write(file, lines);
    System.out.printf("request log:          %s%n", file);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitEndpoint(OperatorProbe probe, OperatorProcess operator)
      throws InterruptedException {
    Instant until = Instant.now().plusSeconds(120);
    while (probe.sampleHeap() < 0) {
      if (!operator.alive() || Instant.now().isAfter(until)) {
        throw new IllegalStateException("the operator did not start: see its log");
      }
      Thread.sleep(500);
    }
  }

  private static long awaitReady(
      SharedIndexInformer<UserAssignedIdentity> watched, int count, Instant start, Duration timeout)
      throws InterruptedException {
    long ready = 0;
    long lastPrinted = -1;
    while (ready < count && Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
      Thread.sleep(1000);
      ready = countReady(watched);
      long elapsed = Duration.between(start, Instant.now()).toSeconds();
      if (elapsed / 30 != lastPrinted) {
        lastPrinted = elapsed / 30;
        System.out.printf("  %5d s: %d of %d Ready%n", elapsed, ready, count);
      }
    }
    return ready;
  }

  private static long countReady(SharedIndexInformer<UserAssignedIdentity> watched) {
    return watched.getStore().list().stream().filter(ScaleBenchmark::isReady).count();
  }

  private static boolean isReady(UserAssignedIdentity uai) {
    return uai.getStatus() != null
        && uai.getMetadata().getGeneration().equals(uai.getStatus().getObservedGeneration())
        && uai.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
