package dev.operators.identity.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.operator.metrics.OperatorMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesProbesAndPrometheusMetrics() throws Exception {
    AtomicBoolean live = new AtomicBoolean(true);
    AtomicBoolean ready = new AtomicBoolean(false);
    try (OperatorMetrics metrics = OperatorMetrics.create();
        HealthEndpoint endpoint = HealthEndpoint.start(0, live::get, ready::get, metrics::scrape)) {
      assertThat(get(endpoint, "/healthz").statusCode()).isEqualTo(200);
      live.set(false);
      assertThat(get(endpoint, "/healthz").statusCode()).isEqualTo(503);
      assertThat(get(endpoint, "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(endpoint, "/readyz").statusCode()).isEqualTo(200);

      HttpResponse<String> scrape = get(endpoint, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(scrape.body())
          .contains("azure_identity_operator_managed_identities{ready=\"True\"} 0")
          .contains("azure_identity_operator_role_assignments{state=\"Failed\"} 0")
          .contains("azure_identity_operator_managed_identities_longest_not_ready_seconds 0")
          .contains("azure_identity_operator_reconcile_errors_total 0")
          .contains("jvm_memory_used_bytes")
          .contains("process_uptime_seconds");
    }
  }

  HttpResponse<String> get(HealthEndpoint endpoint, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
