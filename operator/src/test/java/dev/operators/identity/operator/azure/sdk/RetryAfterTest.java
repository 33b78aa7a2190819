package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.DateTimeRfc1123;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.operator.CannedResponse;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.config.AzureCloud;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@code Retry-After} in both of its HTTP forms, seconds and an HTTP date, reaches {@link
 * AzureRequestException#retryAfter()} on the typed SDK path (reads) and the adapter's own pipeline
 * path (writes). The ARM emulator sends seconds only, so the HTTP date is pinned here, on canned
 * answers; its contract tests pin the seconds against the emulator.
 */
class RetryAfterTest {

  static final IdentityRef REF =
      new IdentityRef("00000000-0000-0000-0000-000000000001", "rg-orders", "orders-api");
  static final DesiredIdentity DESIRED =
      new DesiredIdentity("eastus", IsolationScope.None, Map.of());

  private final List<HttpRequest> sent = new ArrayList<>();

  /** An identity adapter whose every request is answered 429 with this Retry-After. */
  SdkIdentityAdapter throttledWith(String retryAfter, boolean withRetries) {
    var builder =
        new HttpPipelineBuilder()
            .httpClient(
                request -> {
                  sent.add(request);
                  return Mono.just(
                      new CannedResponse(
                          request,
                          429,
                          new HttpHeaders()
                              .set("Content-Type", "application/json")
                              .set("Retry-After", retryAfter)
                              .set("x-ms-request-id", "req-429"),
                          "{\"error\":{\"code\":\"SubscriptionRequestsThrottled\","
                              + "\"message\":\"Number of requests exceeded.\"}}"));
                });
    if (withRetries) {
      builder.policies(new RetryPolicy(new BoundedRetryStrategy()));
    }
    return new SdkIdentityAdapter(
        AzureSdk.on(
            AzureCloud.custom("https://management.example/", "https://login.example/"),
            "11111111-2222-3333-4444-555555555555",
            builder.build()));
  }

  static String httpDate(Duration fromNow) {
    return new DateTimeRfc1123(OffsetDateTime.now(ZoneOffset.UTC).plus(fromNow)).toString();
  }

  static AzureRequestException readFails(SdkIdentityAdapter adapter) {
    return catchThrowableOfType(AzureRequestException.class, () -> adapter.find(REF));
  }

  static AzureRequestException writeFails(SdkIdentityAdapter adapter) {
    return catchThrowableOfType(
        AzureRequestException.class, () -> adapter.createOrReplace(REF, DESIRED));
  }

  @Test
  void secondsAreTheDelayOnReadsAndWrites() {
    SdkIdentityAdapter adapter = throttledWith("120", false);

    assertThat(readFails(adapter).retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(writeFails(adapter).retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(writeFails(adapter).requestId()).contains("req-429");
  }

  @Test
  void anHttpDateIsTheTimeLeftUntilThenOnReadsAndWrites() {
    SdkIdentityAdapter adapter = throttledWith(httpDate(Duration.ofMinutes(3)), false);

    for (AzureRequestException e : List.of(readFails(adapter), writeFails(adapter))) {
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.errorCode()).isEqualTo("SubscriptionRequestsThrottled");
      assertThat(e.retryAfter().orElseThrow())
          .isBetween(Duration.ofSeconds(170), Duration.ofMinutes(3));
    }
  }

  @Test
  void aDateAlreadyPastIsNoDelayAndAnUnreadableValueIsNone() {
    assertThat(readFails(throttledWith(httpDate(Duration.ofMinutes(-5)), false)).retryAfter())
        .contains(Duration.ZERO);
    assertThat(readFails(throttledWith("soon", false)).retryAfter()).isEmpty();
  }

  @Test
  void aDateFurtherAwayThanACallWaitsIsNotWaitedForInTheCall() {
    SdkIdentityAdapter adapter = throttledWith(httpDate(Duration.ofMinutes(3)), true);

    assertThat(writeFails(adapter).retryAfter()).isPresent();
    assertThat(sent).hasSize(1);
  }
}
