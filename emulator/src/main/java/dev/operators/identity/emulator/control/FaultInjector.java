package dev.operators.identity.emulator.control;

import dev.operators.identity.emulator.FaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fault rules in the order added; each applies to its {@code count} matching requests. Holds the
 * requests of holding rules until released (clearing the rules releases them).
 */
public final class FaultInjector {
  private final List<Entry> rules = new ArrayList<>();
  private final HeldRequests held = new HeldRequests();

  private static final class Entry {
    final FaultRule rule;
    int remaining;

    Entry(FaultRule rule) {
      this.rule = rule;
      this.remaining = rule.count();
    }
  }

  synchronized FaultRule add(FaultRule rule) {
    rules.add(new Entry(rule));
    return rule;
  }

  synchronized void clear() {
    rules.clear();
    held.releaseAll();
  }

  /** The requests held by {@code HOLD_THEN_DROP} and {@code APPLY_THEN_DROP} rules. */
  public HeldRequests held() {
    return held;
  }

  synchronized List<FaultRule> active() {
    return rules.stream().map(e -> e.rule).toList();
  }

  /** The first rule matching the request, consuming one of its uses. */
  public synchronized Optional<FaultRule> match(String method, String path) {
    for (var it = rules.iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.rule.matches(method, path)) {
        if (entry.remaining > 0 && --entry.remaining == 0) {
          it.remove();
        }
        return Optional.of(entry.rule);
      }
    }
    return Optional.empty();
  }
}
