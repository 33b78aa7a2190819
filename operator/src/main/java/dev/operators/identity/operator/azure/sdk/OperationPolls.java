package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.PollingStrategyOptions;
import com.azure.core.util.polling.SyncChainedPollingStrategy;
import com.azure.core.util.polling.SyncLocationPollingStrategy;
import com.azure.core.util.polling.SyncOperationResourcePollingStrategy;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.polling.SyncPollingStrategy;
import com.azure.core.util.serializer.TypeReference;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.PendingOperation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ARM long-running operations, started on one pass and looked at on a later one (Azure Service
 * Operator's poller-token pattern): azure-core's own polling strategies, resumed from the recorded
 * header, polled once per look, never waited for.
 */
final class OperationPolls {

  private static final HttpHeaderName ASYNC_OPERATION =
      HttpHeaderName.fromString(PendingOperation.ASYNC_OPERATION);
  private static final TypeReference<BinaryData> BODY =
      TypeReference.createInstance(BinaryData.class);

  /** What one look found: still running (with Azure's Retry-After), or complete. */
  record Look(boolean running, Optional<Duration> retryAfter) {}

  private OperationPolls() {}

  /**
   * The operation a write response starts, if Azure carries the write out asynchronously: 201 or
   * 202 with a header to poll, or 200 with Azure-AsyncOperation (as Compute answers a PATCH).
   */
  static Optional<PendingOperation> started(int statusCode, HttpHeaders headers) {
    String async = headers.getValue(ASYNC_OPERATION);
    String location = headers.getValue(HttpHeaderName.LOCATION);
    if (async != null && statusCode >= 200 && statusCode <= 202) {
      return Optional.of(new PendingOperation(PendingOperation.ASYNC_OPERATION, async));
    }
    if (location != null && (statusCode == 201 || statusCode == 202)) {
      return Optional.of(new PendingOperation(PendingOperation.LOCATION, location));
    }
    return Optional.empty();
  }

  /** Azure's Retry-After on a response, in seconds or as an HTTP date. */
  static Optional<Duration> retryAfter(HttpHeaders headers) {
    return Optional.ofNullable(
        AzureErrors.retryAfter(headers.getValue(HttpHeaderName.RETRY_AFTER)));
  }

  /**
   * One poll of a recorded operation. The URL comes from a status that others can write, so it is
   * polled only on the operator's own ARM endpoint (the pipeline sends the operator's token).
   */
  static Look look(
      HttpPipeline pipeline,
      String endpoint,
      String resourceUrl,
      PendingOperation op,
      String what) {
    if (!sameOrigin(endpoint, op.pollUrl())) {
      throw AzureRequestException.refused(
          "check " + what,
          op.pollUrl(),
          "is not on the Azure Resource Manager endpoint " + endpoint);
    }
    HttpHeaders headers = new HttpHeaders();
    headers.set(
        PendingOperation.LOCATION.equals(op.pollHeader())
            ? HttpHeaderName.LOCATION
            : ASYNC_OPERATION,
        op.pollUrl());
    Response<?> accepted =
        new SimpleResponse<>(new HttpRequest(HttpMethod.PATCH, resourceUrl), 202, headers, null);
    PollingStrategyOptions options = new PollingStrategyOptions(pipeline).setEndpoint(endpoint);
    SyncPollingStrategy<BinaryData, BinaryData> strategy =
        new SyncChainedPollingStrategy<>(
            List.of(
                new SyncOperationResourcePollingStrategy<>(ASYNC_OPERATION, options),
                new SyncLocationPollingStrategy<>(options)));
    PollResponse<BinaryData> response;
    try {
      SyncPoller<BinaryData, BinaryData> poller =
          SyncPoller.createPoller(Duration.ofSeconds(1), () -> accepted, strategy, BODY, BODY);
      response = poller.poll();
    } catch (RuntimeException e) {
      throw AzureErrors.translate("check " + what, e);
    }
    LongRunningOperationStatus status = response.getStatus();
    if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
      return new Look(false, Optional.empty());
    }
    if (status == LongRunningOperationStatus.FAILED
        || status == LongRunningOperationStatus.USER_CANCELLED) {
      throw failed(what, op, response.getValue());
    }
    return new Look(true, Optional.ofNullable(response.getRetryAfter()));
  }

  /** The operation's own error ({"error":{"code","message"}} in the status body), as a refusal. */
  private static AzureRequestException failed(String what, PendingOperation op, BinaryData body) {
    String code = "OperationFailed";
    String message = "the long-running operation reported failure (" + op.pollUrl() + ")";
    if (body != null) {
      try {
        Map<String, Object> parsed = ArmRequests.parse(body.toBytes());
        if (parsed.get("error") instanceof Map<?, ?> error) {
          code = error.get("code") instanceof String c ? c : code;
          message = error.get("message") instanceof String m ? m : message;
        }
      } catch (RuntimeException unreadable) {
        // The failure stands without Azure's details.
      }
    }
    return new AzureRequestException(what, 400, code, message, null, null, null);
  }

  private static boolean sameOrigin(String endpoint, String url) {
    try {
      URI a = URI.create(endpoint);
      URI b = URI.create(url);
      return a.getScheme() != null
          && a.getScheme().equalsIgnoreCase(b.getScheme())
          && a.getHost() != null
          && a.getHost().equalsIgnoreCase(b.getHost())
          && port(a) == port(b)
          && b.getUserInfo() == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
