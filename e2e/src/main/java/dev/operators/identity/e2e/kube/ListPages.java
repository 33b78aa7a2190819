package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lists in chunks, as the API server serves {@code limit} and {@code continue} (API concepts,
 * "Retrieving large results sets in chunks"): at most {@code limit} items, in key order (namespace,
 * then name, as etcd keys them), with {@code metadata.continue} while items remain and {@code
 * metadata.remainingItemCount} when the list has no label or field selector. Every chunk of one
 * list comes from the same snapshot, with its resourceVersion, whatever was written meanwhile (the
 * API server reads later chunks from etcd at the first one's revision). A continue token older than
 * {@link #EXPIRY} (etcd's compaction, 5 minutes by default) answers 410 {@code Expired}, one that
 * is no token 400. Tables ({@code kubectl get}) are not chunked: a server may always answer in
 * full.
 */
final class ListPages {

  /** How long a list's snapshot serves its continue tokens. */
  static final Duration EXPIRY = Duration.ofMinutes(5);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private record Snapshot(ObjectNode list, List<JsonNode> items, boolean counted, Instant taken) {}

  private final Clock clock;
  private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();

  ListPages(Clock clock) {
    this.clock = clock;
  }

  /** Whether a GET continues a list: a {@code continue} token ({@link #next}). */
  static boolean continues(Map<String, String> query) {
    return !watching(query) && !blank(query.get("continue"));
  }

  /** Whether a GET asks for a list's first chunk: a positive {@code limit} ({@link #first}). */
  static boolean limited(Map<String, String> query) {
    return !watching(query) && limit(query) > 0;
  }

  /** The chunk a continue token asks for, read from its list's snapshot (the store is not read). */
  synchronized MockResponse next(Map<String, String> query) {
    expire(clock.instant());
    String token = query.get("continue");
    String[] position = decode(token);
    if (position == null) {
      return EmbeddedKubernetesDispatcher.jsonResponse(
          400,
          EmbeddedKubernetesDispatcher.status(
              400, "BadRequest", "continue key is not valid: " + token));
    }
    Snapshot snapshot = snapshots.get(position[0]);
    if (snapshot == null) {
      return EmbeddedKubernetesDispatcher.jsonResponse(
          410,
          EmbeddedKubernetesDispatcher.status(
              410,
              "Expired",
              "The provided continue parameter is too old to display a consistent list result."
                  + " You can start a new list without the continue parameter."));
    }
    return page(position[0], snapshot, Integer.parseInt(position[1]), limit(query));
  }

  /**
   * A list's first chunk, from the store's full answer {@code full}, which is kept as the list's
   * snapshot while chunks remain; any answer that is no list passes unchanged.
   */
  synchronized MockResponse first(Map<String, String> query, MockResponse full) {
    Instant now = clock.instant();
    expire(now);
    if (full.code() != 200 || full.getBody() == null) {
      return full;
    }
    JsonNode parsed;
    try {
      parsed = MAPPER.readTree(full.getBody().readUtf8());
    } catch (IOException e) {
      return full;
    }
    if (!(parsed instanceof ObjectNode list) || !(list.get("items") instanceof ArrayNode all)) {
      return EmbeddedKubernetesDispatcher.jsonResponse(200, parsed);
    }
    List<JsonNode> items = new ArrayList<>();
    all.forEach(items::add);
    items.sort(Comparator.comparing(ListPages::key));
    boolean counted = blank(query.get("labelSelector")) && blank(query.get("fieldSelector"));
    String id = UUID.randomUUID().toString();
    Snapshot snapshot = new Snapshot(list, items, counted, now);
    if (items.size() > limit(query)) {
      snapshots.put(id, snapshot);
    }
    return page(id, snapshot, 0, limit(query));
  }

  private void expire(Instant now) {
    snapshots.values().removeIf(s -> s.taken().plus(EXPIRY).isBefore(now));
  }

  private static boolean watching(Map<String, String> query) {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  private static MockResponse page(String id, Snapshot snapshot, int from, long limit) {
    int size = snapshot.items().size();
    int to = limit > 0 ? (int) Math.min(size, from + limit) : size;
    ObjectNode page = snapshot.list().deepCopy();
    ArrayNode items = page.putArray("items");
    snapshot.items().subList(Math.min(from, size), to).forEach(items::add);
    ObjectNode metadata =
        page.get("metadata") instanceof ObjectNode m ? m : page.putObject("metadata");
    metadata.remove("continue");
    metadata.remove("remainingItemCount");
    if (to < size) {
      metadata.put("continue", encode(id, to));
      if (snapshot.counted()) {
        metadata.put("remainingItemCount", size - to);
      }
    }
    return EmbeddedKubernetesDispatcher.jsonResponse(200, page);
  }

  private static String key(JsonNode item) {
    JsonNode metadata = item.path("metadata");
    return metadata.path("namespace").asText("") + "/" + metadata.path("name").asText("");
  }

  private static long limit(Map<String, String> query) {
    try {
      return blank(query.get("limit")) ? 0 : Long.parseLong(query.get("limit").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String encode(String id, int next) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((id + "|" + next).getBytes(StandardCharsets.UTF_8));
  }

  /** The snapshot's ID and the next item's index, or null for a token not issued here. */
  private static String[] decode(String token) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8)
              .split("\\|");
      if (parts.length == 2 && Integer.parseInt(parts[1]) >= 0) {
        return parts;
      }
    } catch (IllegalArgumentException e) {
      // not a token at all
    }
    return null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
