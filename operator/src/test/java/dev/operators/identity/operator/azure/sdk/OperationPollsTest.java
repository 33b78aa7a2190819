package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineBuilder;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.PendingOperation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Which write responses start an operation, and which recorded URLs the operator will poll. */
class OperationPollsTest {

  static final String ARM = "https://management.azure.com";

  static HttpHeaders headers(String name, String value) {
    return new HttpHeaders().set(HttpHeaderName.fromString(name), value);
  }

  @Test
  void aWriteStartsAnOperationWhenAzureNamesWhereToPoll() {
    String op = ARM + "/subscriptions/s/providers/Microsoft.Compute/locations/eastus/operations/1";

    assertThat(OperationPolls.started(200, headers("Azure-AsyncOperation", op)))
        .contains(new PendingOperation("Azure-AsyncOperation", op));
    assertThat(OperationPolls.started(202, headers("Location", op)))
        .contains(new PendingOperation("Location", op));
    assertThat(OperationPolls.started(201, headers("Location", op))).isPresent();
    // A 200 with Location only is complete (Location then names the resource, not a monitor).
    assertThat(OperationPolls.started(200, headers("Location", op))).isEmpty();
    assertThat(OperationPolls.started(200, new HttpHeaders())).isEmpty();
  }

  @Test
  void retryAfterIsReadInSecondsOrAsAnHttpDate() {
    assertThat(OperationPolls.retryAfter(headers("Retry-After", "7")))
        .contains(Duration.ofSeconds(7));
    assertThat(OperationPolls.retryAfter(new HttpHeaders())).isEmpty();
  }

  @Test
  void aRecordedUrlOffTheOperatorsOwnEndpointIsNeverPolled() {
    AtomicInteger sent = new AtomicInteger();
    var pipeline =
        new HttpPipelineBuilder()
            .httpClient(
                request -> {
                  sent.incrementAndGet();
                  return Mono.error(new AssertionError("nothing may be sent"));
                })
            .build();

    for (String url :
        new String[] {
          "https://attacker.example/steal",
          "http://management.azure.com/operations/1",
          "https://management.azure.com:8443/operations/1",
          "https://user@management.azure.com/operations/1",
          "not a url at all ://"
        }) {
      assertThatThrownBy(
              () ->
                  OperationPolls.look(
                      pipeline,
                      ARM,
                      ARM + "/subscriptions/s/resourceGroups/rg/providers/X/y/z",
                      new PendingOperation("Azure-AsyncOperation", url),
                      "the change of z"))
          .as(url)
          .isInstanceOfSatisfying(
              AzureRequestException.class, e -> assertThat(e.statusCode()).isEqualTo(-1));
    }
    assertThat(sent).hasValue(0);
  }
}
