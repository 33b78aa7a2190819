package dev.operators.identity.emulator.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small OData {@code $filter} dialect of Microsoft.Authorization lists: terms joined by {@code
 * and}, each a function call ({@code atScope()}, {@code assignedTo('{id}')}) or a comparison
 * ({@code principalId eq '{id}'}, {@code roleName eq 'Storage Blob Data Reader'}, {@code type eq
 * 'BuiltInRole'}). Quotes around values are optional, as in the spec's own description ({@code
 * principalId eq {id}}).
 */
record ODataFilter(List<Term> terms) {

  /** {@code name} is lower-cased; {@code value} is null for {@code atScope()}. */
  record Term(String name, boolean function, String value) {}

  private static final Pattern FUNCTION =
      Pattern.compile("^([A-Za-z]+)\\(\\s*(?:'([^']*)'|([^)'\\s]*))\\s*\\)$");
  private static final Pattern COMPARISON =
      Pattern.compile(
          "^([A-Za-z]+)\\s+eq\\s+(?:'((?:[^']|'')*)'|(\\S+))$", Pattern.CASE_INSENSITIVE);
  private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

  static ODataFilter none() {
    return new ODataFilter(List.of());
  }

  /**
   * Parses a filter; an empty or null one has no terms.
   *
   * @throws IllegalArgumentException when a term is neither a call nor an {@code eq} comparison
   */
  static ODataFilter parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return none();
    }
    List<Term> terms = new ArrayList<>();
    for (String raw : AND.split(filter.trim())) {
      String part = raw.trim();
      Matcher f = FUNCTION.matcher(part);
      if (f.matches()) {
        String value = f.group(2) != null ? f.group(2) : f.group(3);
        terms.add(
            new Term(
                f.group(1).toLowerCase(Locale.ROOT),
                true,
                value == null || value.isEmpty() ? null : value));
        continue;
      }
      Matcher c = COMPARISON.matcher(part);
      if (c.matches()) {
        String value = c.group(2) != null ? c.group(2).replace("''", "'") : c.group(3);
        terms.add(new Term(c.group(1).toLowerCase(Locale.ROOT), false, value));
        continue;
      }
      throw new IllegalArgumentException(part);
    }
    return new ODataFilter(List.copyOf(terms));
  }

  boolean has(String name) {
    return terms.stream().anyMatch(t -> t.name().equalsIgnoreCase(name));
  }

  /** The value of the first term with this name, or null. */
  String value(String name) {
    return terms.stream()
        .filter(t -> t.name().equalsIgnoreCase(name))
        .map(Term::value)
        .findFirst()
        .orElse(null);
  }
}
