package dev.operators.identity.emulator.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.RecordedRequest;
import dev.operators.identity.emulator.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every ARM/Entra request, logged when it arrives (status 0 until answered) and completed with its
 * outcome when that is known, so a write applied while its caller died, or whose answer was never
 * written, is still counted (bounded to the newest {@value #MAX_ENTRIES}).
 */
public final class RequestLog {
  static final int MAX_ENTRIES = 100_000;

  /** One logged request; its outcome replaces the arrival record. */
  public static final class Entry {
    private volatile RecordedRequest request;

    private Entry(RecordedRequest request) {
      this.request = request;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** Logs a request on arrival; complete it with {@link #completed}. */
  public synchronized Entry arrived(RecordedRequest request) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.subList(0, MAX_ENTRIES / 10).clear();
    }
    Entry entry = new Entry(request);
    entries.add(entry);
    return entry;
  }

  /** The outcome of a request logged on arrival. */
  public void completed(Entry entry, RecordedRequest outcome) {
    entry.request = outcome;
  }

  synchronized List<RecordedRequest> all() {
    return entries.stream().map(e -> e.request).toList();
  }

  synchronized void clear() {
    entries.clear();
  }

  long count(String method, String pathRegex, Predicate<RecordedRequest> extra) {
    Pattern pattern = Pattern.compile(pathRegex == null ? "" : pathRegex, Pattern.CASE_INSENSITIVE);
    return all().stream()
        .filter(r -> method == null || r.method().equalsIgnoreCase(method))
        .filter(r -> pattern.matcher(r.path()).find())
        .filter(extra)
        .count();
  }

  /** Counts by {@code "METHOD resourceType"}, each with a total and counts by status. */
  ObjectNode counters() {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (RecordedRequest r : all()) {
      String key = r.method() + " " + r.resourceType();
      Map<String, Long> byStatus = counts.computeIfAbsent(key, k -> new TreeMap<>());
      byStatus.merge("total", 1L, Long::sum);
      byStatus.merge(Integer.toString(r.status()), 1L, Long::sum);
    }
    ObjectNode node = Json.object();
    counts.forEach(
        (key, byStatus) -> {
          ObjectNode entry = node.putObject(key);
          byStatus.forEach(entry::put);
        });
    return node;
  }
}
