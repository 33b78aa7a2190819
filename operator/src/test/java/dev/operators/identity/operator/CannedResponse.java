package dev.operators.identity.operator;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A fixed HTTP answer for azure-core pipelines in tests: status, headers and a text body. */
public final class CannedResponse extends HttpResponse {
  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;

  public CannedResponse(HttpRequest request, int status, HttpHeaders headers, String body) {
    super(request);
    this.status = status;
    this.headers = headers;
    this.body = body.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public int getStatusCode() {
    return status;
  }

  @Override
  @Deprecated
  public String getHeaderValue(String name) {
    return headers.getValue(name);
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public Flux<ByteBuffer> getBody() {
    return body.length == 0 ? Flux.empty() : Flux.just(ByteBuffer.wrap(body));
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
