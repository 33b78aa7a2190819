package dev.operators.identity.operator.metrics;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

/**
 * Azure calls as metrics, in two positions of the pipeline: per call (before the retry policy: one
 * call as the adapter sees it, its final status and its latency including retries) and per attempt
 * (after it: every HTTP request sent, so retries and 429 answers are counted even when a retry then
 * succeeds). Labels are the operation ({@code PUT
 * Microsoft.ManagedIdentity/userAssignedIdentities}, never the path) and the status code; request
 * ids go to the DEBUG log, not to labels.
 */
public final class AzureCallMetricsPolicy implements HttpPipelinePolicy {

  public static final String CALLS = "azure.identity.operator.azure.calls";
  public static final String CALL_DURATION = "azure.identity.operator.azure.call.duration";
  public static final String ATTEMPTS = "azure.identity.operator.azure.attempts";
  public static final String RETRIES = "azure.identity.operator.azure.retries";
  public static final String THROTTLED = "azure.identity.operator.azure.throttled";

  /** Status label of a call that got no answer (connection refused, timeout). */
  public static final String NO_RESPONSE = "none";

  private static final String ATTEMPT_KEY = "azure-identity-operator.attempt";
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;

  private AzureCallMetricsPolicy(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The per-call and the per-retry policy, both recording into {@code registry}. */
  public static List<HttpPipelinePolicy> policies(MeterRegistry registry) {
    return List.of(new AzureCallMetricsPolicy(registry), new Attempts(registry));
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_CALL;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return Mono.defer(
        () -> {
          String operation = operation(context.getHttpRequest());
          long start = System.nanoTime();
          return next.process()
              .doOnNext(response -> record(operation, status(response), start))
              .doOnError(error -> record(operation, NO_RESPONSE, start));
        });
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    String operation = operation(context.getHttpRequest());
    long start = System.nanoTime();
    try {
      HttpResponse response = next.processSync();
      record(operation, status(response), start);
      return response;
    } catch (RuntimeException e) {
      record(operation, NO_RESPONSE, start);
      throw e;
    }
  }

  private void record(String operation, String status, long startNanos) {
    Counter.builder(CALLS)
        .description("Azure Resource Manager calls, by operation and final status code")
        .tags("operation", operation, "status", status)
        .register(registry)
        .increment();
    Timer.builder(CALL_DURATION)
        .description("Latency of Azure Resource Manager calls, retries included")
        .tags("operation", operation, "status", status)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** Every HTTP request sent, retries included: attempts, retries and throttling. */
  static final class Attempts implements HttpPipelinePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(AzureCallMetricsPolicy.class);
    private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");

    private final MeterRegistry registry;

    Attempts(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
      return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public Mono<HttpResponse> process(
        HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
      return Mono.defer(
          () -> {
            HttpRequest request = context.getHttpRequest();
            int attempt = nextAttempt(context);
            long start = System.nanoTime();
            return next.process()
                .doOnNext(response -> record(request, attempt, response, start))
                .doOnError(error -> record(request, attempt, null, start));
          });
    }

    @Override
    public HttpResponse processSync(
        HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
      HttpRequest request = context.getHttpRequest();
      int attempt = nextAttempt(context);
      long start = System.nanoTime();
      try {
        HttpResponse response = next.processSync();
        record(request, attempt, response, start);
        return response;
      } catch (RuntimeException e) {
        record(request, attempt, null, start);
        throw e;
      }
    }

    private static int nextAttempt(HttpPipelineCallContext context) {
      Object counter = context.getData(ATTEMPT_KEY).orElse(null);
      if (!(counter instanceof AtomicInteger attempts)) {
        AtomicInteger first = new AtomicInteger(1);
        context.setData(ATTEMPT_KEY, first);
        return 1;
      }
      return attempts.incrementAndGet();
    }

    private void record(HttpRequest request, int attempt, HttpResponse response, long start) {
      String operation = operation(request);
      String status = status(response);
      Counter.builder(ATTEMPTS)
          .description("HTTP requests sent to Azure Resource Manager, retries included")
          .tags("operation", operation, "status", status)
          .register(registry)
          .increment();
      if (attempt > 1) {
        Counter.builder(RETRIES)
            .description("Azure Resource Manager requests that were retries of a failed attempt")
            .tags("operation", operation)
            .register(registry)
            .increment();
      }
      if (response != null && response.getStatusCode() == 429) {
        Counter.builder(THROTTLED)
            .description("429 answers from Azure Resource Manager (throttling)")
            .tags("operation", operation)
            .register(registry)
            .increment();
      }
      if (LOG.isDebugEnabled()) {
        String requestId = response == null ? null : response.getHeaderValue(REQUEST_ID);
        try (var ignored = MDC.putCloseable("azure.requestId", requestId)) {
          LOG.debug(
              "azure call {} {} status={} requestId={} attempt={} durationMs={}",
              request.getHttpMethod(),
              request.getUrl().getPath(),
              status,
              requestId == null ? "-" : requestId,
              attempt,
              (System.nanoTime() - start) / 1_000_000);
        }
      }
    }
  }

  private static String status(HttpResponse response) {
    return response == null ? NO_RESPONSE : Integer.toString(response.getStatusCode());
  }

  private static String operation(HttpRequest request) {
    return operation(request.getHttpMethod().name(), request.getUrl().getPath());
  }

  /**
   * The method and the resource type an ARM path addresses: the namespace after the last {@code
   * providers} segment and every type after it ({@code
   * /subscriptions/s/resourceGroups/rg/providers/
   * Microsoft.ManagedIdentity/userAssignedIdentities/x} is {@code
   * Microsoft.ManagedIdentity/userAssignedIdentities}; a role assignment on a storage account is
   * {@code Microsoft.Authorization/roleAssignments}); {@code resourceGroups} or {@code
   * subscriptions} without a provider. Names never appear, so the label stays bounded.
   */
  static String operation(String method, String path) {
    String[] segments =
        Arrays.stream(path == null ? new String[0] : path.split("/"))
            .filter(s -> !s.isEmpty())
            .toArray(String[]::new);
    int providers = -1;
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].equalsIgnoreCase("providers")) {
        providers = i;
      }
    }
    String type;
    if (providers >= 0 && providers + 1 < segments.length) {
      StringBuilder builder = new StringBuilder(segments[providers + 1]);
      for (int i = providers + 2; i < segments.length; i += 2) {
        builder.append('/').append(segments[i]);
      }
      type = builder.toString();
    } else if (providers >= 0) {
      type = "providers";
    } else if (segments.length >= 3 && segments[2].equalsIgnoreCase("resourceGroups")) {
      type = "resourceGroups";
    } else if (segments.length >= 1 && segments[0].equalsIgnoreCase("subscriptions")) {
      type = "subscriptions";
    } else {
      type = "other";
    }
    return method.toUpperCase(Locale.ROOT) + " " + type;
  }
}
