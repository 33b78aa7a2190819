package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.operator.azure.RequestPass.Priority;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The client-side budget, on an injected clock: spacing, Azure's counts, 429s, priorities. */
class RequestBudgetTest {
  private static final String SUB_A = "00000000-0000-0000-0000-00000000000a";
  private static final String SUB_B = "00000000-0000-0000-0000-00000000000b";
  private static final String RG = "/resourcegroups/rg/providers/";

  private final TestClock clock = new TestClock();
  private final RequestBudget budget = new RequestBudget(BudgetLimits.azure(), clock);

  private static BudgetedRequest request(String method, String subscription, String rest) {
    return BudgetedRequest.of(method, "/subscriptions/" + subscription + rest).orElseThrow();
  }

  private static BudgetedRequest roleAssignmentPut(String subscription, int n) {
    return request(
        "PUT",
        subscription,
        "/providers/Microsoft.Authorization/roleAssignments/" + String.format("%036d", n));
  }

  private static BudgetedRequest identity(String method, String subscription, String name) {
    return request(
        method, subscription, RG + "Microsoft.ManagedIdentity/userAssignedIdentities/" + name);
  }

  private RequestBudget.Admission first(BudgetedRequest request) {
    return settledAtOnce(budget, request, "operator", Priority.FIRST);
  }

  /**
   * Admits a request that is answered at once: only the tests of requests in flight leave theirs
   * unsettled.
   */
  private static RequestBudget.Admission settledAtOnce(
      RequestBudget budget,
      BudgetedRequest request,
      String principal,
      Priority priority,
      boolean... laterPage) {
    RequestBudget.Admission admission =
        budget.admit(request, principal, priority, laterPage.length > 0 && laterPage[0]);
    if (admission.sent()) {
      budget.settled(request, principal);
    }
    return admission;
  }

  @Test
  void aBucketRefillsOnlyAsFarAsItsRequestsInFlightLeaveRoom() {
    // the identity's one token, spent by a write still on its way: Azure's bucket stays full until
    // it arrives, so nothing refills here before it is settled
    BudgetedRequest put = identity("PUT", SUB_A, "id-1");
    assertThat(budget.admit(put, "operator", Priority.FIRST).sent()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(first(identity("PATCH", SUB_A, "id-1"))).isEqualTo(refused(Duration.ofSeconds(4)));
    // answered: the refill starts from then, 4 s to the identity's next write
    budget.settled(put, "operator");
    assertThat(first(identity("PATCH", SUB_A, "id-1"))).isEqualTo(refused(Duration.ofSeconds(4)));
    clock.advance(Duration.ofSeconds(4));
    assertThat(first(identity("PATCH", SUB_A, "id-1"))).isEqualTo(admitted(Duration.ZERO));
    // a request whose end was never seen stops holding its buckets back after the expiry
    BudgetedRequest lost = identity("PUT", SUB_A, "id-2");
    assertThat(budget.admit(lost, "operator", Priority.FIRST).sent()).isTrue();
    clock.advance(RequestBudget.IN_FLIGHT_EXPIRY.plusSeconds(4));
    assertThat(first(identity("PATCH", SUB_A, "id-2"))).isEqualTo(admitted(Duration.ZERO));
  }

  @Test
  void aWaitBeyondWhatItsRequestsInFlightLeaveBeginsOnceTheyHaveReachedAzure() {
    // ARM's write bucket spent: each write of the subscription waits its turn, 100 ms apart
    for (int i = 0; i < 200; i++) {
      assertThat(first(roleAssignmentPut(SUB_A, i)).sent()).isTrue();
    }
    // two identity PUTs within the provider's burst of two, sent when ARM's bucket lets them
    assertThat(budget.admit(identity("PUT", SUB_A, "id-1"), "operator", Priority.FIRST))
        .isEqualTo(admitted(Duration.ofMillis(100)));
    assertThat(budget.admit(identity("PUT", SUB_A, "id-2"), "operator", Priority.FIRST))
        .isEqualTo(admitted(Duration.ofMillis(200)));
    // the provider's bucket stays full until they arrive, so the third one's token comes half a
    // second after the first has reached Azure (sent in 100 ms, 50 ms on its way until measured),
    // not half a second from now (it would arrive 300 ms after the second, to a bucket of 0.8)
    assertThat(budget.admit(identity("PUT", SUB_A, "id-3"), "operator", Priority.FIRST))
        .isEqualTo(admitted(Duration.ofMillis(650)));
  }

  @Test
  void bucketsThatRefilledAndBlocksThatRanOutAreForgottenSoTheBudgetDoesNotGrowWithTheEstate() {
    BudgetedRequest blocked = roleAssignmentPut(SUB_B, 1);
    budget.answered(
        blocked, "operator", 429, OptionalLong.of(0), Optional.of(Duration.ofMinutes(15)));
    for (int i = 0; i < 1000; i++) {
      assertThat(first(identity("PUT", SUB_A, "id-" + i)).sent()).isTrue();
      clock.advance(Duration.ofMillis(500));
    }
    // the sweep comes once a minute: what is held is at most the identities written since the last
    // sweep (two a second) and in the 4 s before it (0.25 writes a second each), the shared buckets
    // and the 429's block; not the 1,000 identities' buckets
    assertThat(budget.held()).isLessThanOrEqualTo(120 + 8 + 5);
    // the identity written last waits its turn as before: its bucket was kept
    assertThat(first(identity("PATCH", SUB_A, "id-999")).sent()).isFalse();
    assertThat(first(roleAssignmentPut(SUB_B, 2)).sent()).isFalse();
    // once everything refilled and the block ran out, nothing is held but what was just used
    clock.advance(Duration.ofMinutes(10));
    assertThat(first(roleAssignmentPut(SUB_B, 2)).sent()).isTrue();
    assertThat(budget.held()).isLessThanOrEqualTo(2);
    assertThat(first(identity("PATCH", SUB_A, "id-999")).sent()).isTrue();
  }

  @Test
  void aListingsLaterPagesWaitTheirTurnEvenInAResyncWhereItsFirstPageMayNotWait() {
    BudgetedRequest list =
        request("GET", SUB_A, RG + "Microsoft.ManagedIdentity/userAssignedIdentities");
    for (int i = 0; i < 5; i++) {
      assertThat(settledAtOnce(budget, list, "operator", Priority.RESYNC).sent()).isTrue();
    }
    // the provider's five listings a second are spent: a first page of a resync is refused...
    assertThat(settledAtOnce(budget, list, "operator", Priority.RESYNC).sent()).isFalse();
    // ...a later page waits its turn, longer than a first pass's request would
    for (int i = 1; i <= 10; i++) {
      RequestBudget.Admission page = settledAtOnce(budget, list, "operator", Priority.RESYNC, true);
      assertThat(page.sent()).isTrue();
      assertThat(page.delay()).isEqualTo(Duration.ofMillis(200L * i));
    }
    assertThat(first(list).sent()).as("a first pass waits at most a second").isFalse();
    // up to the bound: beyond it even a later page is refused
    for (int i = 11; i <= 50; i++) {
      settledAtOnce(budget, list, "operator", Priority.RESYNC, true);
    }
    assertThat(settledAtOnce(budget, list, "operator", Priority.RESYNC, true).sent()).isFalse();
  }

  @Test
  void writesBeyondTheBucketAreSpacedAtItsRateThenRefusedWithTheDelayAfterWhichTheyFit() {
    for (int i = 0; i < 200; i++) {
      assertThat(first(roleAssignmentPut(SUB_A, i))).isEqualTo(admitted(Duration.ZERO));
    }
    // the bucket is empty: each further write waits its turn, a tenth of a second apart
    assertThat(first(roleAssignmentPut(SUB_A, 200)).delay()).isEqualTo(Duration.ofMillis(100));
    assertThat(first(roleAssignmentPut(SUB_A, 201)).delay()).isEqualTo(Duration.ofMillis(200));
    for (int i = 202; i < 210; i++) {
      assertThat(first(roleAssignmentPut(SUB_A, i)).sent()).isTrue();
    }
    // the eleventh would wait 1.1 s: longer than a reconcile thread waits
    RequestBudget.Admission refused = first(roleAssignmentPut(SUB_A, 210));
    assertThat(refused.sent()).isFalse();
    assertThat(refused.delay()).isEqualTo(Duration.ofMillis(1100));
    // reads, another principal and another subscription have buckets of their own
    assertThat(first(request("GET", SUB_A, "/resourcegroups/rg")).delay()).isZero();
    assertThat(settledAtOnce(budget, roleAssignmentPut(SUB_A, 0), "other", Priority.FIRST).delay())
        .isZero();
    assertThat(first(roleAssignmentPut(SUB_B, 0)).delay()).isZero();
    // time refills it
    clock.advance(Duration.ofSeconds(2));
    assertThat(first(roleAssignmentPut(SUB_A, 211)).sent()).isTrue();
  }

  @Test
  void azuresRemainingCountLowersTheBucket() {
    BudgetedRequest get = request("GET", SUB_A, "/resourcegroups/rg");
    budget.answered(get, "operator", 200, OptionalLong.of(0), Optional.empty());
    // 25 reads per second: the next one in 40 ms
    assertThat(first(get).delay()).isEqualTo(Duration.ofMillis(40));
    // a count above the bucket's own changes nothing
    budget.answered(get, "operator", 200, OptionalLong.of(11999), Optional.empty());
    assertThat(first(get).delay()).isEqualTo(Duration.ofMillis(80));
  }

  @Test
  void a429BlocksItsSubscriptionsRequestsOfThatKindUntilItsRetryAfter() {
    BudgetedRequest put = roleAssignmentPut(SUB_A, 1);
    budget.answered(put, "operator", 429, OptionalLong.of(0), Optional.of(Duration.ofSeconds(30)));
    // every write of the subscription waits, whatever resource it is for
    assertThat(first(roleAssignmentPut(SUB_A, 2))).isEqualTo(refused(Duration.ofSeconds(30)));
    assertThat(first(identity("PUT", SUB_A, "id-other")))
        .isEqualTo(refused(Duration.ofSeconds(30)));
    // reads of the subscription and writes of another one go on
    assertThat(first(request("GET", SUB_A, "/resourcegroups/rg")).sent()).isTrue();
    assertThat(first(roleAssignmentPut(SUB_B, 2)).sent()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(first(roleAssignmentPut(SUB_A, 2))).isEqualTo(refused(Duration.ofSeconds(20)));
    clock.advance(Duration.ofSeconds(20));
    assertThat(first(roleAssignmentPut(SUB_A, 2)).sent()).isTrue();
  }

  @Test
  void aProviders429BlocksOnlyTheSubscriptionsRequestsOfThatProviderOperation() {
    // ARM counted the request and still has tokens: the identity provider answered the 429
    budget.answered(
        identity("PUT", SUB_A, "id-1"),
        "operator",
        429,
        OptionalLong.of(150),
        Optional.of(Duration.ofSeconds(5)));
    assertThat(first(identity("PUT", SUB_A, "id-other"))).isEqualTo(refused(Duration.ofSeconds(5)));
    // ARM still takes the subscription's other writes, and the provider its reads
    assertThat(first(roleAssignmentPut(SUB_A, 1)).sent()).isTrue();
    assertThat(first(identity("GET", SUB_A, "id-1")).sent()).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(first(identity("PUT", SUB_A, "id-other")).sent()).isTrue();

    // ARM's own 429 (none left, or no count) blocks all of the subscription's writes
    for (OptionalLong left : new OptionalLong[] {OptionalLong.of(0), OptionalLong.empty()}) {
      budget.answered(
          identity("PUT", SUB_B, "id-1"),
          "operator",
          429,
          left,
          Optional.of(Duration.ofSeconds(5)));
      assertThat(first(roleAssignmentPut(SUB_B, 1))).isEqualTo(refused(Duration.ofSeconds(5)));
      clock.advance(Duration.ofSeconds(5));
    }
  }

  @Test
  void theIdentityProvidersOwnLimitsSpaceWritesPerIdentityAndPerSubscription() {
    assertThat(first(identity("PUT", SUB_A, "id-1")).sent()).isTrue();
    // 0.25 writes per second per identity: the same identity again in 4 s
    assertThat(first(identity("PATCH", SUB_A, "id-1"))).isEqualTo(refused(Duration.ofSeconds(4)));
    // a federated credential counts against its identity
    assertThat(
            first(
                request(
                    "PUT",
                    SUB_A,
                    RG
                        + "Microsoft.ManagedIdentity/userAssignedIdentities/id-1"
                        + "/federatedIdentityCredentials/fic")))
        .isEqualTo(refused(Duration.ofSeconds(4)));
    // 2 per second per subscription: one more now, the next one in half a second
    assertThat(first(identity("PUT", SUB_A, "id-2")).delay()).isZero();
    assertThat(first(identity("PUT", SUB_A, "id-3")).delay()).isEqualTo(Duration.ofMillis(500));
    assertThat(first(identity("PUT", SUB_A, "id-4")).delay()).isEqualTo(Duration.ofMillis(1000));
    assertThat(first(identity("PUT", SUB_A, "id-5"))).isEqualTo(refused(Duration.ofMillis(1500)));
    // role assignments are no identity writes
    assertThat(first(roleAssignmentPut(SUB_A, 1)).delay()).isZero();
  }

  @Test
  void aRequestWithoutAnAnswerGetsItsTokensBackForItsRetry() {
    BudgetedRequest get = identity("GET", SUB_A, "id-1");
    assertThat(first(get).sent()).isTrue();
    assertThat(first(get)).isEqualTo(refused(Duration.ofSeconds(2)));
    budget.refund(get, "operator");
    assertThat(first(get)).isEqualTo(admitted(Duration.ZERO));
  }

  @Test
  void aResyncNeverWaitsAndLeavesAShareOfTheBucketToFirstPasses() {
    BudgetedRequest get = request("GET", SUB_A, "/resourcegroups/rg");
    int resyncs = 0;
    while (settledAtOnce(budget, get, "operator", Priority.RESYNC).sent()) {
      resyncs++;
    }
    // 250 reads, a fifth kept back
    assertThat(resyncs).isEqualTo(200);
    assertThat(settledAtOnce(budget, get, "operator", Priority.RESYNC).delay())
        .isEqualTo(Duration.ofMillis(40));
    for (int i = 0; i < 50; i++) {
      assertThat(first(get)).isEqualTo(admitted(Duration.ZERO));
    }
    assertThat(first(get)).isEqualTo(admitted(Duration.ofMillis(40)));
  }

  @Test
  void aScaledUpBudgetStillLetsResyncsThroughWhenAzureReportsItsOwnCount() {
    RequestBudget scaled = new RequestBudget(BudgetLimits.azure().withScale(1000), clock);
    BudgetedRequest get = request("GET", SUB_A, "/resourcegroups/rg");
    scaled.answered(get, "operator", 200, OptionalLong.of(249), Optional.empty());
    // the reserve is a fifth of Azure's 250, not of the scaled bucket
    assertThat(settledAtOnce(scaled, get, "operator", Priority.RESYNC).sent()).isTrue();
    scaled.answered(get, "operator", 200, OptionalLong.of(40), Optional.empty());
    assertThat(settledAtOnce(scaled, get, "operator", Priority.RESYNC).sent()).isFalse();
    assertThat(settledAtOnce(scaled, get, "operator", Priority.FIRST).sent()).isTrue();
  }

  private static RequestBudget.Admission admitted(Duration wait) {
    return new RequestBudget.Admission(true, wait);
  }

  private static RequestBudget.Admission refused(Duration delay) {
    return new RequestBudget.Admission(false, delay);
  }
}
