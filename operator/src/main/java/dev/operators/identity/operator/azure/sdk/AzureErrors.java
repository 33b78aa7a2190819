package dev.operators.identity.operator.azure.sdk;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.DateTimeRfc1123;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.operators.identity.operator.azure.AzureRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Turns what the Azure SDK throws, or an error response, into an {@link AzureRequestException}. */
final class AzureErrors {

  private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");

  /** The error code of a credential that could not get a token (ARM's own code for a 401). */
  static final String AUTHENTICATION_FAILED = "AuthenticationFailed";

  private AzureErrors() {}

  /** Translates a failure of {@code operation}. */
  static AzureRequestException translate(String operation, RuntimeException e) {
    if (e instanceof AzureRequestException already) {
      return already;
    }
    if (e instanceof ManagementException management && management.getValue() != null) {
      HttpResponse response = management.getResponse();
      return new AzureRequestException(
          operation,
          response.getStatusCode(),
          management.getValue().getCode(),
          management.getValue().getMessage(),
          response.getHeaderValue(REQUEST_ID),
          retryAfter(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)),
          e);
    }
    if (e instanceof HttpResponseException http && http.getResponse() != null) {
      HttpResponse response = http.getResponse();
      Object body = http.getValue();
      return fromBody(operation, response, body == null ? null : body.toString(), e);
    }
    Optional<ClientAuthenticationException> authentication = authenticationFailure(e);
    if (authentication.isPresent()) {
      return new AzureRequestException(
          operation,
          401,
          AUTHENTICATION_FAILED,
          "the operator could not get a token for Azure ("
              + firstLine(authentication.get().getMessage())
              + "). Check its credential: AZURE_TENANT_ID, AZURE_CLIENT_ID and the client secret,"
              + " or the workload identity federation of its ServiceAccount",
          null,
          null,
          e);
    }
    if (isNoAnswer(e)) {
      return new AzureRequestException(operation, 0, "NoResponse", rootMessage(e), null, null, e);
    }
    throw e;
  }

  /** An error response read from the pipeline directly: ARM's {"error":{"code","message"}}. */
  static AzureRequestException fromResponse(String operation, HttpResponse response) {
    return fromBody(operation, response, response.getBodyAsBinaryData().toString(), null);
  }

  private static AzureRequestException fromBody(
      String operation, HttpResponse response, String body, Throwable cause) {
    String code = "HttpStatus" + response.getStatusCode();
    String message = body == null ? "" : body;
    if (body != null && body.startsWith("{")) {
      try (JsonReader reader = JsonProviders.createReader(body)) {
        Object parsed = reader.readUntyped();
        if (parsed instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> error) {
          code = String.valueOf(error.get("code"));
          message = String.valueOf(error.get("message"));
        }
      } catch (IOException | RuntimeException ignored) {
        // not ARM's error shape: keep the raw body as the message
      }
    }
    return new AzureRequestException(
        operation,
        response.getStatusCode(),
        code,
        message,
        response.getHeaderValue(REQUEST_ID),
        retryAfter(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)),
        cause);
  }

  /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until =
            Duration.between(
                OffsetDateTime.now(), new DateTimeRfc1123(header.trim()).getDateTime());
        return until.isNegative() ? Duration.ZERO : until;
      } catch (RuntimeException notADate) {
        return null;
      }
    }
  }

  /** A credential that could not get a token: MSAL or azure-identity refused, not ARM. */
  private static Optional<ClientAuthenticationException> authenticationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClientAuthenticationException refused && refused.getResponse() == null) {
        return Optional.of(refused);
      }
    }
    return Optional.empty();
  }

  /** The first line of a message, without exception class names or stack frames. */
  static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no details";
    }
    String line = message.strip().lines().findFirst().orElse("");
    return line.replaceAll("\\b(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error):\\s*", "");
  }

  private static boolean isNoAnswer(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException
          || t instanceof UncheckedIOException
          || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null
        ? "the connection failed or timed out"
        : firstLine(root.getMessage());
  }
}
