package dev.operators.identity.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.Context;
import dev.operators.identity.operator.CannedResponse;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AzureCallMetricsPolicyTest {

  static final String IDENTITY =
      "https://management.azure.com/subscriptions/s1/resourceGroups/rg/providers/"
          + "Microsoft.ManagedIdentity/userAssignedIdentities/orders-api?api-version=2023-01-31";
  static final String PUT_IDENTITY = "PUT Microsoft.ManagedIdentity/userAssignedIdentities";

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void operationIsMethodAndResourceTypeNeverTheName() {
    assertThat(
            AzureCallMetricsPolicy.operation(
                "put",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
                    + "userAssignedIdentities/orders-api"))
        .isEqualTo(PUT_IDENTITY);
    assertThat(
            AzureCallMetricsPolicy.operation(
                "GET",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
                    + "/providers/Microsoft.Authorization/roleAssignments/0000-1111"))
        .isEqualTo("GET Microsoft.Authorization/roleAssignments");
    assertThat(
            AzureCallMetricsPolicy.operation(
                "GET",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
                    + "userAssignedIdentities/id/federatedIdentityCredentials/fic"))
        .isEqualTo(
            "GET Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    assertThat(
            AzureCallMetricsPolicy.operation(
                "GET", "/providers/Microsoft.Management/managementGroups/mg"))
        .isEqualTo("GET Microsoft.Management/managementGroups");
    assertThat(AzureCallMetricsPolicy.operation("GET", "/subscriptions/s/resourcegroups/rg"))
        .isEqualTo("GET resourceGroups");
    assertThat(AzureCallMetricsPolicy.operation("GET", "/subscriptions/s"))
        .isEqualTo("GET subscriptions");
    assertThat(AzureCallMetricsPolicy.operation("GET", "/")).isEqualTo("GET other");
  }

  @Test
  void countsCallsAttemptsRetriesAndThrottlingOfARetriedCall() {
    HttpPipeline pipeline = pipeline(429, 500, 200);

    try (HttpResponse response =
        pipeline.sendSync(new HttpRequest(HttpMethod.PUT, IDENTITY), Context.NONE)) {
      assertThat(response.getStatusCode()).isEqualTo(200);
    }

    assertThat(count(AzureCallMetricsPolicy.CALLS, PUT_IDENTITY, "200")).isEqualTo(1);
    assertThat(count(AzureCallMetricsPolicy.ATTEMPTS, PUT_IDENTITY, "429")).isEqualTo(1);
    assertThat(count(AzureCallMetricsPolicy.ATTEMPTS, PUT_IDENTITY, "500")).isEqualTo(1);
    assertThat(count(AzureCallMetricsPolicy.ATTEMPTS, PUT_IDENTITY, "200")).isEqualTo(1);
    assertThat(count(AzureCallMetricsPolicy.RETRIES, PUT_IDENTITY, null)).isEqualTo(2);
    assertThat(count(AzureCallMetricsPolicy.THROTTLED, PUT_IDENTITY, null)).isEqualTo(1);
    assertThat(
            registry
                .get(AzureCallMetricsPolicy.CALL_DURATION)
                .tags("operation", PUT_IDENTITY, "status", "200")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void countsTheAsyncPathTooAndAFinalFailureByItsStatus() {
    HttpPipeline pipeline = pipeline(404);

    try (HttpResponse response = pipeline.send(new HttpRequest(HttpMethod.GET, IDENTITY)).block()) {
      assertThat(response.getStatusCode()).isEqualTo(404);
    }

    String get = "GET Microsoft.ManagedIdentity/userAssignedIdentities";
    assertThat(count(AzureCallMetricsPolicy.CALLS, get, "404")).isEqualTo(1);
    assertThat(count(AzureCallMetricsPolicy.ATTEMPTS, get, "404")).isEqualTo(1);
    assertThat(registry.find(AzureCallMetricsPolicy.RETRIES).counters()).isEmpty();
    assertThat(registry.find(AzureCallMetricsPolicy.THROTTLED).counters()).isEmpty();
  }

  @Test
  void labelsAreOnlyOperationAndStatus() {
    pipeline(200).sendSync(new HttpRequest(HttpMethod.PUT, IDENTITY), Context.NONE).close();

    for (Meter meter : registry.getMeters()) {
      // "le": the latency buckets of the timer, as the simple registry shows them
      assertThat(meter.getId().getTags())
          .allSatisfy(tag -> assertThat(tag.getKey()).isIn("operation", "status", "le"));
      assertThat(meter.getId().getTags())
          .noneSatisfy(tag -> assertThat(tag.getValue()).contains("orders-api"));
    }
  }

  double count(String name, String operation, String status) {
    var search = registry.find(name).tag("operation", operation);
    if (status != null) {
      search = search.tag("status", status);
    }
    var counter = search.counter();
    return counter == null ? 0 : counter.count();
  }

  /** Per-call policy, retries, per-retry policy, and a client answering these statuses in turn. */
  HttpPipeline pipeline(int... statuses) {
    Deque<Integer> answers = new ArrayDeque<>();
    for (int status : statuses) {
      answers.add(status);
    }
    List<HttpPipelinePolicy> policies = new ArrayList<>();
    List<HttpPipelinePolicy> metrics = AzureCallMetricsPolicy.policies(registry);
    policies.add(metrics.get(0));
    policies.add(new RetryPolicy(new FixedDelay(3, Duration.ofMillis(1))));
    policies.add(metrics.get(1));
    return new HttpPipelineBuilder()
        .policies(policies.toArray(HttpPipelinePolicy[]::new))
        .httpClient(
            request ->
                Mono.fromSupplier(
                    () ->
                        new CannedResponse(
                            request,
                            answers.removeFirst(),
                            new HttpHeaders().set("x-ms-request-id", "3f2a9c1e-request"),
                            "")))
        .build();
  }
}
