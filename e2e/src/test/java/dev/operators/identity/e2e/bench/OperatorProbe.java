package dev.operators.identity.e2e.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reads the operator's JVM from outside, as a cluster's monitoring would: the heap from its {@code
 * /metrics} endpoint ({@code jvm_memory_used_bytes{area="heap"}}, summed over its pools), its CPU
 * time from {@code /proc/<pid>/stat} (the operator's process alone), and a full collection on
 * request through {@code jcmd <pid> GC.run} (for the live heap).
 */
final class OperatorProbe {

  /** Linux's clock ticks per second for /proc times (USER_HZ, 100 on every common kernel). */
  private static final double TICKS_PER_SECOND = 100;

  private final long pid;
  private final URI metrics;
  private final HttpClient http = HttpClient.newHttpClient();
  private long peakHeap;

  OperatorProbe(long pid, int metricsPort) {
    this.pid = pid;
    this.metrics = URI.create("http://localhost:" + metricsPort + "/metrics");
  }

  /** The heap in use now (bytes), remembered for the peak; -1 while the endpoint is not up. */
  synchronized long sampleHeap() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return -1;
      }
      long used = 0;
      for (String line : response.body().split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
          used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      peakHeap = Math.max(peakHeap, used);
      return used;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  synchronized long peakHeap() {
    return peakHeap;
  }

  /** The heap still in use after a full collection (bytes). */
  long liveHeap() throws IOException, InterruptedException {
    Process gc =
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
    gc.getInputStream().readAllBytes();
    gc.waitFor(60, TimeUnit.SECONDS);
    return sampleHeap();
  }

  /** CPU seconds the operator's process used so far (user and system). */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // fields after the command name in parentheses: state is field 3, utime 14, stime 15
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
