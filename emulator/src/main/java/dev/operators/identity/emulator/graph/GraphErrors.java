package dev.operators.identity.emulator.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Microsoft Graph's errors: {@code {"error":{"code","message","innerError":{"date","request-id",
 * "client-request-id"}}}} with the {@code request-id} and {@code client-request-id} headers. The
 * codes and messages below are Graph's as its clients see them (directory objects).
 */
final class GraphErrors {
  /** A Graph error to answer; carries its own response once rendered. */
  static final class GraphException extends RuntimeException {
    final int status;
    final String code;
    final Optional<Long> retryAfterSeconds;

    GraphException(int status, String code, String message) {
      this(status, code, message, Optional.empty());
    }

    GraphException(int status, String code, String message, Optional<Long> retryAfterSeconds) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  static final String NOT_FOUND = "Request_ResourceNotFound";
  static final String BAD_REQUEST = "Request_BadRequest";

  private GraphErrors() {}

  /** 404 for a directory object that does not exist (or is not replicated yet). */
  static GraphException notFound(String id) {
    return new GraphException(
        404,
        NOT_FOUND,
        "Resource '"
            + id
            + "' does not exist or one of its queried reference-property objects are not present.");
  }

  static GraphException badRequest(String message) {
    return new GraphException(400, BAD_REQUEST, message);
  }

  static GraphException alreadyMember() {
    return badRequest(
        "One or more added object references already exist for the following modified"
            + " properties: 'members'.");
  }

  static GraphException unauthorized(String message) {
    return new GraphException(401, "InvalidAuthenticationToken", message);
  }

  static GraphException insufficientPrivileges() {
    return new GraphException(
        403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }

  /**
   * 429 with {@code Retry-After}: the code and message Graph documents for throttling in general
   * ("TooManyRequests"); the directory's own wording is not published.
   */
  static GraphException throttled(long seconds) {
    return new GraphException(
        429,
        "TooManyRequests",
        "Too many requests. Retry after " + seconds + " seconds.",
        Optional.of(seconds));
  }

  static ArmResponse render(GraphException e, ArmRequest request, String requestId, Instant now) {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    error.put("code", e.code);
    error.put("message", e.getMessage());
    ObjectNode inner = error.putObject("innerError");
    inner.put("date", now.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
    inner.put("request-id", requestId);
    String clientRequestId = request.header("client-request-id");
    inner.put("client-request-id", clientRequestId == null ? requestId : clientRequestId);
    ArmResponse response = ArmResponse.of(e.status, body);
    response.errorCode = e.code;
    e.retryAfterSeconds.ifPresent(s -> response.header("Retry-After", Long.toString(s)));
    if (e.status == 401) {
      response.header("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\"");
    }
    return response;
  }
}
