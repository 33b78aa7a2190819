package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.http.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tags as ARM keeps them: names are case-insensitive. ARM reads a tag object into a dictionary that
 * ignores case, writing each entry by key, so of two names differing only in case the first
 * spelling stays and the last value wins ({@code {"owner": "a", "Owner": "b"}} is stored as {@code
 * {"owner": "b"}}). Inferred from ARM's documented case-insensitive tag names and .NET dictionary
 * semantics; not checked against a live subscription.
 */
final class Tags {

  private Tags() {}

  /** Replaces the document's tags ({@code null} removes them), keeping "properties" last. */
  static void set(ObjectNode doc, JsonNode tags) {
    JsonNode properties = doc.remove("properties");
    if (tags == null || tags.isNull()) {
      doc.remove("tags");
    } else {
      Map<String, String> spelling = new LinkedHashMap<>();
      Map<String, String> values = new LinkedHashMap<>();
      tags.fields()
          .forEachRemaining(
              e -> {
                String key = e.getKey().toLowerCase(Locale.ROOT);
                spelling.putIfAbsent(key, e.getKey());
                values.put(key, e.getValue().asText());
              });
      ObjectNode copy = Json.object();
      values.forEach((key, value) -> copy.put(spelling.get(key), value));
      doc.set("tags", copy);
    }
    if (properties != null) {
      doc.set("properties", properties);
    }
  }
}
