package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the adapters need to send a request through an SDK manager's own pipeline where the typed
 * client falls short: the resource's URL, a JSON body, and the answer as plain JSON.
 */
final class ArmRequests {

  /** Writes a JSON body with azure-json. */
  interface JsonBody {
    void write(JsonWriter writer) throws IOException;
  }

  private ArmRequests() {}

  /** The resource's URL on the manager's endpoint, with the api-version. */
  static String url(String endpoint, String resourceId, String apiVersion) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base + resourceId + "?api-version=" + apiVersion;
  }

  /**
   * Sends one request through the manager's pipeline (its authentication, retries, metrics and
   * logging) and answers the body as plain JSON; an answer other than 2xx becomes an {@link
   * dev.operators.identity.operator.azure.AzureRequestException} as the typed clients' errors do.
   */
  static Map<String, Object> send(
      HttpPipeline pipeline, HttpMethod method, String url, String body, String operation) {
    HttpRequest request = new HttpRequest(method, url);
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(body);
    }
    try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
      if (response.getStatusCode() / 100 != 2) {
        throw AzureErrors.fromResponse(operation, response);
      }
      return parse(response.getBodyAsBinaryData().toBytes());
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
  }

  static String json(JsonBody body) {
    StringWriter out = new StringWriter();
    try (JsonWriter writer = JsonProviders.createWriter(out)) {
      body.write(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A JSON object answer as maps and lists (empty when the answer is not an object). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(byte[] bytes) {
    try (JsonReader reader = JsonProviders.createReader(bytes)) {
      Object parsed = reader.readUntyped();
      return parsed instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
