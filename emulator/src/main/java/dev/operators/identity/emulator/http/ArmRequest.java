package dev.operators.identity.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An incoming request (ARM, Entra ID or the control API): method, path segments, query parameters
 * (names lower-cased), headers and raw body.
 */
public final class ArmRequest {
  public final String method;
  public final String path;
  public final List<String> segments;
  public final Map<String, String> query;
  public final Map<String, List<String>> headers;
  public final byte[] body;

  private String callerObjectId;

  public ArmRequest(
      String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    this.method = method.toUpperCase(Locale.ROOT);
    this.path = path;
    this.segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    this.query = parseQuery(rawQuery);
    this.headers = headers;
    this.body = body == null ? new byte[0] : body;
  }

  /** Set once authenticated: the caller's object id (the throttling "actor"). */
  public void authenticatedAs(String objectId) {
    this.callerObjectId = objectId;
  }

  /** The authenticated caller's object id, or {@code null} before authentication. */
  public String callerObjectId() {
    return callerObjectId;
  }

  public static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> result = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return result;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      // A repeated parameter reads as its values joined by commas, as ARM's front end binds it:
      // a second api-version smuggled into a path is then an invalid api-version, not ignored.
      result.merge(
          URLDecoder.decode(key, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
          URLDecoder.decode(value, StandardCharsets.UTF_8),
          (first, second) -> first + "," + second);
    }
    return result;
  }

  /**
   * A path no client builds from a well-formed ID: an empty segment inside it, a dot segment, or a
   * character ARM names never hold.
   */
  public boolean hasMalformedPath() {
    String inner = path.startsWith("/") ? path.substring(1) : path;
    for (String segment : inner.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return !(inner.isEmpty());
      }
      if (segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '?' || c == '#')) {
        return true;
      }
    }
    return false;
  }

  public String apiVersion() {
    return query.get("api-version");
  }

  public String header(String name) {
    for (var entry : headers.entrySet()) {
      if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue().isEmpty() ? null : entry.getValue().get(0);
      }
    }
    return null;
  }

  /** Segment {@code i} lower-cased, or empty when the path is shorter. */
  public String lower(int i) {
    return i < segments.size() ? segments.get(i).toLowerCase(Locale.ROOT) : "";
  }

  /** The body as a JSON object; {@code InvalidRequestContent} if it is not one. */
  public JsonNode jsonBody() {
    if (body.length == 0) {
      throw invalidRequestContent("The request body is empty.");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw invalidRequestContent("The request body must be a JSON object.");
      }
      return node;
    } catch (IOException e) {
      throw invalidRequestContent(firstLine(e.getMessage()));
    }
  }

  /**
   * 400 {@code InvalidRequestContent}: a body that is not the JSON the API expects (here because
   * {@link #jsonBody()} answers it; {@code ArmErrors} gives it to the resource providers).
   */
  public static ArmException invalidRequestContent(String detail) {
    return new ArmException(
        400,
        "InvalidRequestContent",
        "The request content was invalid and could not be deserialized: '" + detail + "'.");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "Invalid JSON";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
