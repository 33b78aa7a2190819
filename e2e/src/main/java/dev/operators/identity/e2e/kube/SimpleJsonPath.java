package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The small subset of Kubernetes JSONPath that {@code additionalPrinterColumns} use in practice.
 *
 * <p>Supported: field steps {@code .a.b}, bracketed names {@code ['a.b']}, indexes {@code [0]} and
 * {@code [-1]}, wildcards {@code [*]} and {@code .*}, and filters comparing a field with a literal:
 * {@code [?(@.type=="Ready")]}, {@code [?(@.status!='False')]}, {@code [?(@.count==3)]}, and an
 * existence test {@code [?(@.reason)]}. Anything else (recursive descent, slices, functions) is
 * rejected by {@link #compile}.
 */
final class SimpleJsonPath {

  private sealed interface Step permits Field, Index, Wildcard, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  /** {@code [?(@.path op literal)]}; op null means an existence test. */
  private record Filter(SimpleJsonPath path, String op, String literal, boolean literalIsString)
      implements Step {}

  private final String expression;
  private final List<Step> steps;

  private SimpleJsonPath(String expression, List<Step> steps) {
    this.expression = expression;
    this.steps = steps;
  }

  /**
   * Parses an expression such as {@code .status.conditions[?(@.type=="Ready")].status}; the
   * surrounding braces of the template form ({@code {.spec.x}}) are accepted too.
   *
   * @throws IllegalArgumentException when the expression is outside the supported subset
   */
  static SimpleJsonPath compile(String expression) {
    Objects.requireNonNull(expression, "expression");
    String text = expression.trim();
    if (text.startsWith("{") && text.endsWith("}")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    if (text.startsWith("$")) {
      text = text.substring(1);
    }
    return new SimpleJsonPath(expression, new Parser(expression, text).parse());
  }

  /** Every value the path selects, in document order; empty when nothing matches. */
  List<JsonNode> evaluate(JsonNode root) {
    List<JsonNode> current = new ArrayList<>();
    if (root != null) {
      current.add(root);
    }
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
      if (current.isEmpty()) {
        break;
      }
    }
    return current;
  }

  /** The first value the path selects, or null. */
  JsonNode first(JsonNode root) {
    List<JsonNode> results = evaluate(root);
    return results.isEmpty() ? null : results.get(0);
  }

  @Override
  public String toString() {
    return expression;
  }

  private static void apply(Step step, JsonNode node, List<JsonNode> out) {
    if (step instanceof Field field) {
      JsonNode child = node.isObject() ? node.get(field.name()) : null;
      if (child != null && !child.isNull()) {
        out.add(child);
      }
    } else if (step instanceof Index index) {
      if (node.isArray()) {
        int i = index.index() < 0 ? node.size() + index.index() : index.index();
        if (i >= 0 && i < node.size()) {
          out.add(node.get(i));
        }
      }
    } else if (step instanceof Wildcard) {
      if (node.isArray() || node.isObject()) {
        node.elements().forEachRemaining(out::add);
      }
    } else if (step instanceof Filter filter) {
      if (node.isArray() || node.isObject()) {
        node.elements()
            .forEachRemaining(
                element -> {
                  if (matches(filter, element)) {
                    out.add(element);
                  }
                });
      }
    }
  }

  private static boolean matches(Filter filter, JsonNode element) {
    JsonNode value = filter.path().first(element);
    if (filter.op() == null) {
      return value != null;
    }
    boolean equal =
        value != null && literalEquals(value, filter.literal(), filter.literalIsString());
    return "==".equals(filter.op()) ? equal : !equal;
  }

  private static boolean literalEquals(JsonNode value, String literal, boolean literalIsString) {
    if (literalIsString) {
      return value.isTextual() && value.asText().equals(literal);
    }
    if (value.isNumber()) {
      try {
        return value.decimalValue().compareTo(new java.math.BigDecimal(literal)) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (value.isBoolean()) {
      return String.valueOf(value.booleanValue()).equals(literal);
    }
    return value.isValueNode() && value.asText().equals(literal);
  }

  private static final class Parser {
    private final String original;
    private final String text;
    private int pos;

    Parser(String original, String text) {
      this.original = original;
      this.text = text;
    }

    List<Step> parse() {
      List<Step> steps = new ArrayList<>();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '.') {
          pos++;
          if (pos < text.length() && text.charAt(pos) == '.') {
            throw fail("recursive descent (..) is not supported");
          }
          if (pos < text.length() && text.charAt(pos) == '*') {
            pos++;
            steps.add(new Wildcard());
          } else if (pos < text.length() && text.charAt(pos) != '[') {
            steps.add(new Field(name()));
          }
        } else if (c == '[') {
          steps.add(bracket());
        } else if (steps.isEmpty() && isNameChar(c)) {
          // "spec.x" without the leading dot
          steps.add(new Field(name()));
        } else {
          throw fail("unexpected '" + c + "'");
        }
      }
      return steps;
    }

    private String name() {
      StringBuilder name = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\\' && pos + 1 < text.length()) {
          name.append(text.charAt(pos + 1));
          pos += 2;
        } else if (isNameChar(c)) {
          name.append(c);
          pos++;
        } else {
          break;
        }
      }
      if (name.isEmpty()) {
        throw fail("field name expected");
      }
      return name.toString();
    }

    private static boolean isNameChar(char c) {
      return c != '.' && c != '[' && c != ']' && c != '=' && c != '!' && c != ')' && c != ' ';
    }

    private Step bracket() {
      int close = findClose();
      String inner = text.substring(pos + 1, close).trim();
      pos = close + 1;
      if (inner.equals("*")) {
        return new Wildcard();
      }
      if (isQuoted(inner)) {
        return new Field(inner.substring(1, inner.length() - 1));
      }
      if (inner.startsWith("?(") && inner.endsWith(")")) {
        return filter(inner.substring(2, inner.length() - 1).trim());
      }
      try {
        return new Index(Integer.parseInt(inner));
      } catch (NumberFormatException e) {
        throw fail("unsupported subscript [" + inner + "]");
      }
    }

    private int findClose() {
      char quote = 0;
      for (int i = pos + 1; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == ']') {
          return i;
        }
      }
      throw fail("missing ']'");
    }

    private Step filter(String condition) {
      if (!condition.startsWith("@")) {
        throw fail("filter must start with @: " + condition);
      }
      int opAt = indexOfOperator(condition);
      if (opAt < 0) {
        return new Filter(compile(condition.substring(1)), null, null, false);
      }
      String op = condition.substring(opAt, opAt + 2);
      String left = condition.substring(1, opAt).trim();
      String right = condition.substring(opAt + 2).trim();
      if (isQuoted(right)) {
        return new Filter(compile(left), op, right.substring(1, right.length() - 1), true);
      }
      if (right.isEmpty()) {
        throw fail("literal expected after " + op);
      }
      return new Filter(compile(left), op, right, false);
    }

    private static int indexOfOperator(String condition) {
      char quote = 0;
      for (int i = 0; i + 1 < condition.length(); i++) {
        char c = condition.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if ((c == '=' || c == '!') && condition.charAt(i + 1) == '=') {
          return i;
        }
      }
      return -1;
    }

    private static boolean isQuoted(String s) {
      return s.length() >= 2
          && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("'") && s.endsWith("'")));
    }

    private IllegalArgumentException fail(String why) {
      return new IllegalArgumentException(
          "Unsupported JSONPath " + original + " (at " + pos + "): " + why);
    }
  }
}
