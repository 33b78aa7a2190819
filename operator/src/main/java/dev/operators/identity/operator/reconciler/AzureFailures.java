package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.RequestPass;
import java.time.Duration;
import java.util.Optional;

/**
 * The one table of what an Azure failure means for a reconcile pass (after Azure Service Operator's
 * error classification): retry it, wait for Microsoft Entra ID to replicate a new principal, adopt
 * what already exists, or fail until something changes; with the reason to report and the least
 * delay before the next try.
 *
 * <table>
 *   <caption>status and code → action</caption>
 *   <tr><th>status</th><th>code</th><th>action</th><th>reason</th><th>least delay</th></tr>
 *   <tr><td>-1 (not sent)</td><td>InvalidArmId</td><td>FAIL</td><td>InvalidSpec</td><td>none</td></tr>
 *   <tr><td>0, 408, 5xx</td><td>any</td><td>RETRY</td><td>AzureUnavailable</td><td>Retry-After</td></tr>
 *   <tr><td>429</td><td>any</td><td>RETRY</td><td>AzureThrottled</td><td>Retry-After</td></tr>
 *   <tr><td>401</td><td>any</td><td>RETRY</td><td>AuthenticationFailed</td><td>Retry-After</td></tr>
 *   <tr><td>400, 403, 404</td><td>PrincipalNotFound</td><td>WAIT_FOR_REPLICATION</td>
 *       <td>PrincipalNotReplicated</td><td>5 s</td></tr>
 *   <tr><td>409</td><td>RoleAssignmentExists</td><td>ADOPT_EXISTING</td>
 *       <td>RoleAssignmentExists</td><td>none</td></tr>
 *   <tr><td>409</td><td>ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity</td>
 *       <td>RETRY</td><td>ConcurrentCredentialWrites</td><td>5 s</td></tr>
 *   <tr><td>other 4xx</td><td>any</td><td>FAIL</td><td>AzureError</td><td>Retry-After</td></tr>
 * </table>
 */
final class AzureFailures {

  /** What to do about a failure. */
  enum Action {
    /** It passes on its own (throttling, outages, an expired credential): try again later. */
    RETRY,
    /** A principal created moments ago is not yet known everywhere: try again shortly. */
    WAIT_FOR_REPLICATION,
    /** What the write asked for exists already under another name: take that one. */
    ADOPT_EXISTING,
    /** Azure refused the request: report it; only a change of the spec or of Azure clears it. */
    FAIL
  }

  /** A classified failure: the action, the reason to report, the least delay, and the cause. */
  record Failure(
      Action action, String reason, Optional<Duration> leastDelay, AzureRequestException cause) {

    /** Passes without anyone's help (an entry is Pending, not Failed). */
    boolean passes() {
      return action == Action.RETRY || action == Action.WAIT_FOR_REPLICATION;
    }

    String message() {
      return cause.getMessage();
    }

    /** The retry a failure that passes asks for (its least delay); none for one that does not. */
    Optional<Duration> retry() {
      return passes() ? leastDelay : Optional.empty();
    }

    /**
     * The failure as the result of a whole part: retried with backoff (a refusal may clear on its
     * own, such as a resource group created later or a permission granted), except a request that
     * was never sent because the spec gave a value that is no ARM ID.
     */
    PartResult asPart() {
      Duration asked = leastDelay.orElse(Duration.ZERO);
      return switch (reason) {
        case INVALID_SPEC -> PartResult.failed(reason, message());
        case THROTTLED ->
            RequestPass.BUDGET_CODE.equals(cause.errorCode())
                ? PartResult.retrying(
                    reason,
                    "Waiting for the subscription's request budget (the operator spaces its"
                        + " requests to stay within Azure's limits); next try in "
                        + asked.toSeconds()
                        + "s or later",
                    asked)
                : PartResult.retrying(
                    reason,
                    "Azure is throttling requests ("
                        + cause.errorCode()
                        + "); retrying in "
                        + asked.toSeconds()
                        + "s or later: "
                        + message(),
                    asked);
        case UNAVAILABLE ->
            PartResult.retrying(reason, message() + "; retrying with backoff", asked);
        default -> PartResult.retrying(reason, message(), asked);
      };
    }
  }

  static final String INVALID_SPEC = "InvalidSpec";
  static final String UNAVAILABLE = "AzureUnavailable";
  static final String THROTTLED = "AzureThrottled";
  static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  static final String PRINCIPAL_NOT_REPLICATED = "PrincipalNotReplicated";
  static final String ROLE_ASSIGNMENT_EXISTS = "RoleAssignmentExists";
  static final String AZURE_ERROR = "AzureError";
  static final String CONCURRENT_CREDENTIAL_WRITES = "ConcurrentCredentialWrites";

  /**
   * Azure's code for a federated credential written while another write of the same identity runs
   * (this operator's own writes are serialised: another writer, another cluster).
   */
  static final String CONCURRENT_FIC_CODE =
      "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity";

  /** The identity provider allows 0.25 writes per second per identity: one every 4 s. */
  static final Duration CREDENTIAL_WRITE_DELAY = Duration.ofSeconds(5);

  /** How long a new principal usually takes to replicate (ARM-FACTS: seconds, rarely minutes). */
  static final Duration REPLICATION_DELAY = Duration.ofSeconds(5);

  private AzureFailures() {}

  static Failure classify(AzureRequestException e) {
    Optional<Duration> asked = e.retryAfter();
    int status = e.statusCode();
    if (status == -1) {
      return new Failure(Action.FAIL, INVALID_SPEC, Optional.empty(), e);
    }
    if (status == 429) {
      return new Failure(Action.RETRY, THROTTLED, orZero(asked), e);
    }
    if (status == 0 || status == 408 || status >= 500) {
      return new Failure(Action.RETRY, UNAVAILABLE, orZero(asked), e);
    }
    if (status == 401) {
      // The operator's own credential, not this resource: retried with backoff meanwhile.
      return new Failure(Action.RETRY, AUTHENTICATION_FAILED, orZero(asked), e);
    }
    if ("PrincipalNotFound".equals(e.errorCode())) {
      return new Failure(
          Action.WAIT_FOR_REPLICATION,
          PRINCIPAL_NOT_REPLICATED,
          Optional.of(longer(REPLICATION_DELAY, asked)),
          e);
    }
    if (status == 409 && CONCURRENT_FIC_CODE.equals(e.errorCode())) {
      return new Failure(
          Action.RETRY,
          CONCURRENT_CREDENTIAL_WRITES,
          Optional.of(longer(CREDENTIAL_WRITE_DELAY, asked)),
          e);
    }
    if (status == 409 && ROLE_ASSIGNMENT_EXISTS.equals(e.errorCode())) {
      return new Failure(Action.ADOPT_EXISTING, ROLE_ASSIGNMENT_EXISTS, Optional.empty(), e);
    }
    return new Failure(Action.FAIL, AZURE_ERROR, orZero(asked), e);
  }

  private static Optional<Duration> orZero(Optional<Duration> asked) {
    return Optional.of(asked.orElse(Duration.ZERO));
  }

  private static Duration longer(Duration a, Optional<Duration> b) {
    return b.filter(d -> d.compareTo(a) > 0).orElse(a);
  }
}
