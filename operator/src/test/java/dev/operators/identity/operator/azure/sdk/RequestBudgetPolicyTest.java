package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import dev.operators.identity.operator.CannedResponse;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RequestPass;
import dev.operators.identity.operator.config.AzureCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The budget in the typed SDK's pipeline: a refusal fails the call as a 429 of the operator's own
 * code without reaching Azure or being retried, postpones the pass, and Azure's 429 holds back the
 * whole subscription.
 */
class RequestBudgetPolicyTest {
  private static final String SUB = "00000000-0000-0000-0000-000000000001";
  private static final IdentityRef ID_1 = new IdentityRef(SUB, "rg", "id-1");
  private static final IdentityRef ID_2 = new IdentityRef(SUB, "rg", "id-2");

  private final TestClock clock = new TestClock();
  private final List<HttpRequest> sent = new ArrayList<>();
  private final List<java.time.Instant> sentAt = new ArrayList<>();
  private final List<Duration> slept = new ArrayList<>();
  private int status = 404;
  private String retryAfter = null;

  private SdkIdentityAdapter adapter() {
    List<HttpPipelinePolicy> budget =
        RequestBudgetPolicy.policies(
            new RequestBudget(BudgetLimits.azure(), clock),
            "operator",
            wait -> {
              slept.add(wait);
              clock.advance(wait);
            });
    var pipeline =
        new HttpPipelineBuilder()
            .policies(budget.get(0), new RetryPolicy(new BoundedRetryStrategy()), budget.get(1))
            .httpClient(
                request -> {
                  sent.add(request);
                  sentAt.add(clock.instant());
                  HttpHeaders headers =
                      new HttpHeaders()
                          .set("Content-Type", "application/json")
                          .set("x-ms-ratelimit-remaining-subscription-reads", "100");
                  if (retryAfter != null) {
                    headers.set("Retry-After", retryAfter);
                  }
                  if (request.getUrl().getPath().endsWith("/userAssignedIdentities")) {
                    return Mono.just(new CannedResponse(request, 200, headers, page(request)));
                  }
                  String code =
                      status == 429 ? "SubscriptionRequestsThrottled" : "ResourceNotFound";
                  return Mono.just(
                      new CannedResponse(
                          request,
                          status,
                          headers,
                          "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}"));
                })
            .build();
    return new SdkIdentityAdapter(
        AzureSdk.on(
            AzureCloud.custom("https://management.example/", "https://login.example/"),
            "11111111-2222-3333-4444-555555555555",
            pipeline));
  }

  /** Seven pages of one identity each, chained by {@code $skiptoken}, as ARM pages a listing. */
  private static String page(HttpRequest request) {
    String query = request.getUrl().getQuery();
    int at =
        query == null || !query.contains("$skiptoken=")
            ? 0
            : Integer.parseInt(query.substring(query.indexOf("$skiptoken=") + 11));
    String identity =
        "{\"id\":\"/subscriptions/"
            + SUB
            + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-"
            + at
            + "\",\"name\":\"id-"
            + at
            + "\",\"location\":\"eastus\",\"properties\":{\"principalId\":\""
            + "11111111-0000-0000-0000-00000000000"
            + at
            + "\",\"clientId\":\"22222222-0000-0000-0000-000000000000\",\"tenantId\":"
            + "\"33333333-0000-0000-0000-000000000000\"}}";
    String next =
        at < 6
            ? ",\"nextLink\":\"https://management.example/subscriptions/"
                + SUB
                + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
                + "?api-version=2024-11-30&$skiptoken="
                + (at + 1)
                + "\""
            : "";
    return "{\"value\":[" + identity + "]" + next + "}";
  }

  @Test
  void aListingOfMorePagesThanABurstCompletesInAResyncItsLaterPagesWaitingTheirTurn() {
    SdkIdentityAdapter adapter = adapter();
    // The provider lists 5 times a second per subscription: a resync may not wait, but once a
    // listing has begun its later pages wait their turn (refused, the pages already read would be
    // spent for nothing, and the listing could never complete).
    var outcome = RequestPass.run(RequestPass.Priority.RESYNC, () -> adapter.list(SUB, "rg"));
    assertThat(outcome.result()).hasSize(7);
    assertThat(outcome.pass().postponed()).isEmpty();
    assertThat(sent).hasSize(7);
    assertThat(slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200));

    // a new listing in a resync, the burst spent: refused at once, its pass postponed
    var next =
        RequestPass.run(
            RequestPass.Priority.RESYNC,
            () -> catchThrowableOfType(AzureRequestException.class, () -> adapter.list(SUB, "rg")));
    assertThat(next.result().errorCode()).isEqualTo(RequestPass.BUDGET_CODE);
    assertThat(sent).hasSize(7);
  }

  @Test
  void aRefusedRequestFailsAsTheOperatorsOwn429WithoutReachingAzureAndPostponesThePass() {
    SdkIdentityAdapter adapter = adapter();
    var outcome =
        RequestPass.run(
            RequestPass.Priority.FIRST,
            () -> {
              assertThat(adapter.find(ID_1)).isEmpty();
              // the provider reads one identity 0.5 times a second: the next read in 2 s
              return catchThrowableOfType(AzureRequestException.class, () -> adapter.find(ID_1));
            });
    AzureRequestException refused = outcome.result();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.errorCode()).isEqualTo(RequestPass.BUDGET_CODE);
    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(2));
    assertThat(sent).hasSize(1);
    assertThat(outcome.pass().postponed()).contains(Duration.ofSeconds(2));
    // another identity is read at once
    assertThat(adapter.find(ID_2)).isEmpty();
    assertThat(sent).hasSize(2);
    assertThat(slept).isEmpty();
  }

  @Test
  void azures429HoldsBackTheWholeSubscriptionUntilItsRetryAfter() {
    SdkIdentityAdapter adapter = adapter();
    status = 429;
    retryAfter = "30";
    assertThat(
            catchThrowableOfType(AzureRequestException.class, () -> adapter.find(ID_1)).errorCode())
        .isEqualTo("SubscriptionRequestsThrottled");
    assertThat(sent).hasSize(1);

    status = 404;
    retryAfter = null;
    AzureRequestException held =
        catchThrowableOfType(AzureRequestException.class, () -> adapter.find(ID_2));
    assertThat(held.errorCode()).isEqualTo(RequestPass.BUDGET_CODE);
    assertThat(held.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(sent).hasSize(1);

    clock.advance(Duration.ofSeconds(30));
    assertThat(adapter.find(ID_2)).isEmpty();
    assertThat(sent).hasSize(2);
  }

  @Test
  void aShortWaitIsWaitedInTheCall() {
    SdkIdentityAdapter adapter = adapter();
    for (int i = 0; i < 10; i++) {
      adapter.find(new IdentityRef(SUB, "rg", "id-" + i));
    }
    // the provider's 10 reads per second per subscription: the eleventh waits a tenth of a second
    adapter.find(new IdentityRef(SUB, "rg", "id-10"));
    assertThat(slept).containsExactly(Duration.ofMillis(100));
    assertThat(sent).hasSize(11);
    // sent once its wait is over, not when its call was put together
    assertThat(Duration.between(sentAt.get(0), sentAt.get(10))).isEqualTo(Duration.ofMillis(100));
  }
}
