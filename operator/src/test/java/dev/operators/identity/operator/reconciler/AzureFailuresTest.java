package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.reconciler.AzureFailures.Action;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one failure table, row by row: status, code and Retry-After in; action, reason, delay out.
 */
class AzureFailuresTest {

  static Stream<Arguments> table() {
    return Stream.of(
        // status, code, Retry-After (s, -1 none), action, reason, least delay (s, -1 none), passes
        Arguments.of(-1, "InvalidArmId", -1, Action.FAIL, "InvalidSpec", -1, false),
        Arguments.of(0, "NoResponse", -1, Action.RETRY, "AzureUnavailable", 0, true),
        Arguments.of(408, "RequestTimeout", -1, Action.RETRY, "AzureUnavailable", 0, true),
        Arguments.of(500, "InternalServerError", 7, Action.RETRY, "AzureUnavailable", 7, true),
        Arguments.of(503, "ServiceUnavailable", -1, Action.RETRY, "AzureUnavailable", 0, true),
        Arguments.of(429, "TooManyRequests", 30, Action.RETRY, "AzureThrottled", 30, true),
        Arguments.of(
            429, "SubscriptionRequestsThrottled", -1, Action.RETRY, "AzureThrottled", 0, true),
        Arguments.of(
            401, "AuthenticationFailed", -1, Action.RETRY, "AuthenticationFailed", 0, true),
        Arguments.of(
            400,
            "PrincipalNotFound",
            -1,
            Action.WAIT_FOR_REPLICATION,
            "PrincipalNotReplicated",
            5,
            true),
        Arguments.of(
            400,
            "PrincipalNotFound",
            20,
            Action.WAIT_FOR_REPLICATION,
            "PrincipalNotReplicated",
            20,
            true),
        Arguments.of(
            409,
            "RoleAssignmentExists",
            -1,
            Action.ADOPT_EXISTING,
            "RoleAssignmentExists",
            -1,
            false),
        Arguments.of(
            409,
            "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
            -1,
            Action.RETRY,
            "ConcurrentCredentialWrites",
            5,
            true),
        Arguments.of(409, "Conflict", -1, Action.FAIL, "AzureError", 0, false),
        Arguments.of(403, "AuthorizationFailed", -1, Action.FAIL, "AzureError", 0, false),
        Arguments.of(404, "ResourceGroupNotFound", 3, Action.FAIL, "AzureError", 3, false),
        Arguments.of(400, "InvalidRoleAssignmentId", -1, Action.FAIL, "AzureError", 0, false));
  }

  @ParameterizedTest(name = "{0} {1} (Retry-After {2}) -> {3} {4}")
  @MethodSource("table")
  void classifiesEachFailureOnce(
      int status,
      String code,
      int retryAfter,
      Action action,
      String reason,
      int leastDelay,
      boolean passes) {
    var failure = AzureFailures.classify(error(status, code, retryAfter));

    assertThat(failure.action()).isEqualTo(action);
    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.leastDelay().map(Duration::toSeconds).orElse(-1L))
        .isEqualTo((long) leastDelay);
    assertThat(failure.passes()).isEqualTo(passes);

    // As the result of a whole part: retried with backoff, unless nothing was sent.
    PartResult part = failure.asPart();
    assertThat(part.ready()).isFalse();
    assertThat(part.reason()).isEqualTo(reason);
    assertThat(part.retryAfter().isPresent()).isEqualTo(status != -1);
    assertThat(part.message())
        .contains(status > 0 ? code : status == 0 ? "got no answer" : "not sent");
  }

  private static AzureRequestException error(int status, String code, int retryAfter) {
    return new AzureRequestException(
        "do something",
        status,
        code,
        "the message",
        "req-1",
        retryAfter < 0 ? null : Duration.ofSeconds(retryAfter),
        null);
  }
}
