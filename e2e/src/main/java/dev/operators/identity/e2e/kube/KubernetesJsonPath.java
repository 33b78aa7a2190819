package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Kubernetes JSONPath, as CRD printer columns write it ({@code
 * .status.conditions[?(@.type=="Ready")].status}), evaluated with Jayway JsonPath on Jackson trees.
 *
 * <p>The Kubernetes spelling is turned into Jayway's: the template braces ({@code {.spec.x}}) go,
 * {@code $} leads, and every field becomes bracket notation, so that Kubernetes' escaped dots
 * ({@code .metadata.labels.app\.kubernetes\.io/name}) name one field. Fields, indexes (also
 * negative), slices, wildcards, recursive descent and filters comparing with a literal or testing a
 * field's presence mean the same in both. A filter applied to an object rather than a list is the
 * one difference: Kubernetes refuses it, Jayway tests the object itself.
 */
final class KubernetesJsonPath {

  private static final Configuration JACKSON =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider())
          .mappingProvider(new JacksonMappingProvider())
          .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
          .build();

  private final String expression;
  private final JsonPath path;

  private KubernetesJsonPath(String expression, JsonPath path) {
    this.expression = expression;
    this.path = path;
  }

  /**
   * Compiles a Kubernetes JSONPath; the template form ({@code {.spec.x}}) is accepted too.
   *
   * @throws IllegalArgumentException when the expression does not parse
   */
  static KubernetesJsonPath compile(String expression) {
    Objects.requireNonNull(expression, "expression");
    String jayway = toJayway(expression);
    try {
      return new KubernetesJsonPath(expression, JsonPath.compile(jayway));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "Invalid JSONPath " + expression + " (" + jayway + "): " + e.getMessage(), e);
    }
  }

  /** Every value the path selects, in document order; empty when nothing matches. */
  List<JsonNode> evaluate(JsonNode root) {
    List<JsonNode> values = new ArrayList<>();
    if (root != null) {
      JsonNode found = path.read(root, JACKSON);
      found.forEach(values::add);
    }
    return values;
  }

  /** The first value the path selects, or null: a printer column's cell (none: empty). */
  JsonNode first(JsonNode root) {
    List<JsonNode> values = evaluate(root);
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public String toString() {
    return expression;
  }

  /** The same path in Jayway's syntax. */
  static String toJayway(String kubernetes) {
    String text = kubernetes.trim();
    if (text.startsWith("{") && text.endsWith("}")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    if (text.startsWith("$")) {
      text = text.substring(1);
    }
    if (!text.isEmpty() && text.charAt(0) != '.' && text.charAt(0) != '[') {
      text = "." + text; // "spec.x" without the leading dot
    }
    StringBuilder out = new StringBuilder("$");
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '[') {
        int close = closingBracket(text, i);
        out.append(text, i, close + 1);
        i = close + 1;
      } else if (text.startsWith("..", i)) {
        out.append("..");
        i = field(text, i + 2, out);
      } else if (c == '.') {
        i = field(text, i + 1, out);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * Appends the field name at {@code start} in bracket notation (a backslash escape read as the
   * character it escapes), or the wildcard there; a bracket there is left to the caller. Returns
   * where the name ends.
   */
  private static int field(String text, int start, StringBuilder out) {
    if (start >= text.length() || !isFieldStart(text.charAt(start))) {
      if (start < text.length() && text.charAt(start) == '*') {
        out.append(out.charAt(out.length() - 1) == '.' ? "*" : ".*");
        return start + 1;
      }
      return start;
    }
    StringBuilder name = new StringBuilder();
    int j = start;
    while (j < text.length() && text.charAt(j) != '.' && text.charAt(j) != '[') {
      if (text.charAt(j) == '\\' && j + 1 < text.length()) {
        j++;
      }
      name.append(text.charAt(j++));
    }
    out.append("['").append(name.toString().replace("\\", "\\\\").replace("'", "\\'"));
    out.append("']");
    return j;
  }

  private static boolean isFieldStart(char c) {
    return c != '.' && c != '[' && c != '*';
  }

  /** The ']' that closes the '[' at {@code open}, past quoted text and nested brackets. */
  private static int closingBracket(String text, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    return text.length() - 1; // unclosed: Jayway refuses it
  }
}
