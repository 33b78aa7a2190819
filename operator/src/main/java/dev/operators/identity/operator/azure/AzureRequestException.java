package dev.operators.identity.operator.azure;

import java.time.Duration;
import java.util.Optional;

/**
 * Azure refused a request, or could not be reached. Carries what a status condition needs; what it
 * means for the reconciler (retry, wait, adopt, fail) is decided in one table, the reconciler's
 * {@code AzureFailures}.
 */
public class AzureRequestException extends RuntimeException {

  /** Status code 0 means no answer at all (connection refused, dropped, timed out). */
  private final int statusCode;

  private final String errorCode;
  private final String azureMessage;
  private final String requestId;
  private final Duration retryAfter;

  public AzureRequestException(
      String operation,
      int statusCode,
      String errorCode,
      String azureMessage,
      String requestId,
      Duration retryAfter,
      Throwable cause) {
    super(describe(operation, statusCode, errorCode, azureMessage, requestId), cause);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.azureMessage = azureMessage;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }

  /**
   * A request the operator refused to send because a value that would go into its path is not an
   * ARM ID of the required shape (status code -1: nothing reached Azure).
   */
  public static AzureRequestException refused(String operation, String value, String reason) {
    return new AzureRequestException(
        operation, -1, "InvalidArmId", ArmId.quote(value) + " " + reason, null, null, null);
  }

  public int statusCode() {
    return statusCode;
  }

  /** Azure's error code, such as {@code ResourceGroupNotFound}; "NoResponse" without an answer. */
  public String errorCode() {
    return errorCode;
  }

  public String azureMessage() {
    return azureMessage;
  }

  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The delay Azure asked for in {@code Retry-After}, if any. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean isNotFound() {
    return statusCode == 404;
  }

  private static String describe(
      String operation, int statusCode, String errorCode, String message, String requestId) {
    String answer =
        switch (statusCode) {
          case -1 -> "not sent: " + message;
          case 0 -> "got no answer from Azure";
          default -> "Azure answered " + statusCode + " " + errorCode + ": " + message;
        };
    return operation + ": " + answer + (requestId == null ? "" : " (request " + requestId + ")");
  }
}
