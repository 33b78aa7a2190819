package dev.operators.identity.operator.azure.sdk;

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
