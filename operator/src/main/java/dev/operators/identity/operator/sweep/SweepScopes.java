package dev.operators.identity.operator.sweep;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scopes of one sweep, and the one rule of what lies inside them: an assignment's scope equals
 * a sweep scope or lies below it by path (segment by segment, ignoring case as ARM does). A listing
 * at a scope also returns assignments above it (inherited); those are outside.
 */
final class SweepScopes {

  private final List<String> scopes;

  private SweepScopes(List<String> scopes) {
    this.scopes = scopes;
  }

  /** The scopes once each (ARM scopes ignore case), in the order given. */
  static SweepScopes of(Collection<String> declared) {
    Map<String, String> distinct = new LinkedHashMap<>();
    for (String scope : declared) {
      distinct.putIfAbsent(key(scope), trimmed(scope));
    }
    return new SweepScopes(List.copyOf(new ArrayList<>(distinct.values())));
  }

  List<String> all() {
    return scopes;
  }

  /** Whether the assignment scope is one of the scopes or lies below one. */
  boolean contains(String assignmentScope) {
    if (assignmentScope == null || assignmentScope.isBlank()) {
      return false;
    }
    String inner = key(assignmentScope);
    for (String scope : scopes) {
      String outer = key(scope);
      if (inner.equals(outer) || inner.startsWith(outer + "/")) {
        return true;
      }
    }
    return false;
  }

  private static String key(String scope) {
    return trimmed(scope).toLowerCase(Locale.ROOT);
  }

  private static String trimmed(String scope) {
    String s = scope.trim();
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
