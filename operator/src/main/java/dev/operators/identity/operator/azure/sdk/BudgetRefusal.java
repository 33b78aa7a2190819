package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import dev.operators.identity.operator.azure.RequestPass;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The answer the operator's budget gives a request it does not send: 429 in ARM's error shape
 * ({@value RequestPass#BUDGET_CODE}) with {@code Retry-After}, so that the SDK fails the call as it
 * fails a throttled one and the reconciler reschedules the pass. Never sent to or from Azure.
 */
final class BudgetRefusal extends HttpResponse {

  /** Marks the refusal, so that the retry policy does not retry it in the call. */
  static final HttpHeaderName MARKER = HttpHeaderName.fromString("x-operator-budget-refusal");

  private final HttpHeaders headers;
  private final byte[] body;

  BudgetRefusal(HttpRequest request, String subscription, Duration wait) {
    super(request);
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    this.headers =
        new HttpHeaders()
            .set(HttpHeaderName.CONTENT_TYPE, "application/json; charset=utf-8")
            .set(HttpHeaderName.RETRY_AFTER, Long.toString(seconds))
            .set(MARKER, "true");
    this.body =
        ("{\"error\":{\"code\":\""
                + RequestPass.BUDGET_CODE
                + "\",\"message\":\"The operator spaces its requests to subscription '"
                + subscription
                + "' to stay within Azure's limits; this one fits in "
                + seconds
                + "s.\"}}")
            .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public int getStatusCode() {
    return 429;
  }

  @Override
  public String getHeaderValue(String name) {
    return headers.getValue(HttpHeaderName.fromString(name));
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public Flux<ByteBuffer> getBody() {
    return Flux.just(ByteBuffer.wrap(body));
  }

  @Override
  public BinaryData getBodyAsBinaryData() {
    return BinaryData.fromBytes(body);
  }

  @Override
  public Mono<byte[]> getBodyAsByteArray() {
    return Mono.just(body);
  }

  @Override
  public Mono<String> getBodyAsString() {
    return Mono.just(new String(body, StandardCharsets.UTF_8));
  }

  @Override
  public Mono<String> getBodyAsString(Charset charset) {
    return Mono.just(new String(body, charset));
  }
}
