package dev.operators.identity.emulator;

import java.time.Duration;
import java.time.Instant;

/**
 * One ARM or Entra request the emulator served.
 *
 * @param method HTTP method
 * @param path request path as sent (decoded)
 * @param query raw query string, or empty
 * @param status status answered (0 while not answered yet, or when the connection was dropped)
 * @param requestId the {@code x-ms-request-id} answered
 * @param correlationId the {@code x-ms-correlation-request-id} answered
 * @param clientRequestId the client's {@code x-ms-client-request-id}, or {@code null}
 * @param resourceType e.g. {@code Microsoft.ManagedIdentity/userAssignedIdentities}
 * @param errorCode ARM/Entra error code of an error answer, or {@code null}
 * @param time when the request arrived
 * @param duration how long it took to answer
 * @param fault the fault applied (e.g. {@code STATUS 429}), or {@code null}
 */
public record RecordedRequest(
    String method,
    String path,
    String query,
    int status,
    String requestId,
    String correlationId,
    String clientRequestId,
    String resourceType,
    String errorCode,
    Instant time,
    Duration duration,
    String fault) {

  public boolean succeeded() {
    return status >= 200 && status < 300;
  }
}
