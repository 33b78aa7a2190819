package dev.operators.identity.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.emulator.ThrottlingConfig;
import dev.operators.identity.emulator.http.ArmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** ARM's buckets per subscription, calling principal and kind, and the subscription's total. */
class ThrottlingPolicyTest {
  private static final String SUB = "00000000-0000-0000-0000-000000000001";
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void eachPrincipalHasItsOwnBucketAndReadsItsOwnRemainingCount() {
    ThrottlingPolicy policy = new ThrottlingPolicy(new ThrottlingConfig(2, 1, 2, 1, 2, 1), clock);
    assertThat(policy.consume(SUB, "PUT", "alice"))
        .containsExactly("x-ms-ratelimit-remaining-subscription-writes", "1");
    assertThat(policy.consume(SUB, "PUT", "alice")[1]).isEqualTo("0");
    assertThatThrownBy(() -> policy.consume(SUB, "PUT", "alice"))
        .isInstanceOfSatisfying(
            ArmException.class,
            e -> {
              assertThat(e.status).isEqualTo(429);
              assertThat(e.code).isEqualTo("SubscriptionRequestsThrottled");
              assertThat(e.getMessage()).contains("actor 'alice'");
            });
    // another principal of the same subscription has a full bucket; so have alice's other kinds
    assertThat(policy.consume(SUB, "PUT", "bob")[1]).isEqualTo("1");
    assertThat(policy.consume(SUB, "GET", "alice"))
        .containsExactly("x-ms-ratelimit-remaining-subscription-reads", "1");
    assertThat(policy.consume(SUB, "DELETE", "alice"))
        .containsExactly("x-ms-ratelimit-remaining-subscription-deletes", "1");
  }

  @Test
  void theSubscriptionsTotalOverAllPrincipalsIsFifteenTimesOnePrincipalsBucket() {
    ThrottlingPolicy policy = new ThrottlingPolicy(new ThrottlingConfig(1, 1, 1, 1, 1, 1), clock);
    int factor = ThrottlingPolicy.SUBSCRIPTION_TOTAL_FACTOR;
    for (int i = 0; i < factor; i++) {
      assertThat(policy.consume(SUB, "GET", "principal-" + i)[1]).isEqualTo("0");
    }
    assertThatThrownBy(() -> policy.consume(SUB, "GET", "principal-" + factor))
        .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.status).isEqualTo(429));
    // another subscription is not concerned
    assertThat(policy.consume("00000000-0000-0000-0000-000000000002", "GET", "principal-0")[1])
        .isEqualTo("0");
  }

  @Test
  void aRefusedRequestTakesNoTokenFromTheTotal() {
    Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    Clock moving =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    ThrottlingPolicy policy = new ThrottlingPolicy(new ThrottlingConfig(1, 1, 1, 1, 1, 1), moving);
    policy.consume(SUB, "GET", "alice");
    for (int i = 0; i < 30; i++) {
      assertThatThrownBy(() -> policy.consume(SUB, "GET", "alice"))
          .isInstanceOf(ArmException.class);
    }
    // 14 other principals still fit into the total: alice's refusals took nothing from it
    for (int i = 1; i < ThrottlingPolicy.SUBSCRIPTION_TOTAL_FACTOR; i++) {
      policy.consume(SUB, "GET", "principal-" + i);
    }
    now[0] = now[0].plus(Duration.ofSeconds(1));
    assertThat(policy.consume(SUB, "GET", "alice")[1]).isEqualTo("0");
  }
}
