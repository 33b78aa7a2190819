package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Event lists as the API server answers them where the mock server does not: field selectors on any
 * field kubectl uses ({@code kubectl describe} asks for {@code involvedObject.name}, {@code
 * .namespace}, {@code .kind} and {@code .uid}), and the Table with kubectl's usual columns (Last
 * Seen, Type, Reason, Object, Message).
 */
final class EventQueries {

  private static final Pattern EVENTS = Pattern.compile("^/api/v1(/namespaces/[^/]+)?/events$");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String OBJECT = "embeddedObject";
  private static final PrinterTable TABLE =
      new PrinterTable(
          List.of(
              PrinterTable.column(
                  "Last Seen", "date", ".lastTimestamp", "Time of the last occurrence", 0),
              PrinterTable.column("Type", "string", ".type", "Normal or Warning", 0),
              PrinterTable.column("Reason", "string", ".reason", "Why", 0),
              PrinterTable.column("Object", "string", "." + OBJECT, "The object it is about", 0),
              PrinterTable.column("Message", "string", ".message", "What happened", 0)),
          false);

  private final Function<String, Optional<String>> stored;

  EventQueries(Function<String, Optional<String>> stored) {
    this.stored = stored;
  }

  Optional<MockResponse> handle(
      String path, Map<String, String> query, String accept, Instant now) {
    if (!EVENTS.matcher(path).matches() || "true".equals(query.get("watch"))) {
      return Optional.empty();
    }
    String selector = query.getOrDefault("fieldSelector", "");
    boolean table = accept != null && accept.contains("as=Table");
    if (selector.isEmpty() && !table) {
      return Optional.empty();
    }
    Optional<String> list = stored.apply(path);
    if (list.isEmpty()) {
      return Optional.empty();
    }
    try {
      ObjectNode events = (ObjectNode) MAPPER.readTree(list.get());
      ArrayNode kept = MAPPER.createArrayNode();
      for (JsonNode event : events.path("items")) {
        if (matches(event, selector)) {
          kept.add(event);
        }
      }
      events.set("items", kept);
      // The mock answers kind List, which kubectl does not decode as an EventList.
      events.put("apiVersion", "v1");
      events.put("kind", "EventList");
      if (!table) {
        return Optional.of(json("application/json", MAPPER.writeValueAsString(events)));
      }
      kept.forEach(
          e ->
              ((ObjectNode) e)
                  .put(
                      OBJECT,
                      e.path("involvedObject").path("kind").asText().toLowerCase(Locale.ROOT)
                          + "/"
                          + e.path("involvedObject").path("name").asText()));
      ObjectNode rendered = TABLE.toTable(events, query.get("includeObject"), now);
      rendered.path("rows").forEach(r -> ((ObjectNode) r.path("object")).remove(OBJECT));
      return Optional.of(
          json(
              "application/json;as=Table;v=v1;g=meta.k8s.io", MAPPER.writeValueAsString(rendered)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** {@code a.b=x,c!=y} (also {@code ==}) against the event's fields. */
  static boolean matches(JsonNode event, String selector) {
    for (String term : selector.split(",")) {
      if (term.isBlank()) {
        continue;
      }
      boolean negated = term.contains("!=");
      String[] parts = term.split(negated ? "!=" : "==?", 2);
      JsonNode node = event;
      for (String field : parts[0].trim().split("\\.")) {
        node = node.path(field);
      }
      String expected = parts.length > 1 ? parts[1].trim() : "";
      boolean equal = node.asText("").equals(expected);
      if (equal == negated) {
        return false;
      }
    }
    return true;
  }

  private static MockResponse json(String type, String body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", type).setBody(body);
  }
}
