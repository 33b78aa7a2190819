package dev.operators.identity.e2e;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a PromQL expression names: the metrics it selects with their label matchers, and the labels
 * it groups by. No PromQL parser is to be had for a Java build offline, so this is a tokenizer with
 * the checks a parser would fail on first: strings and brackets closed, every call a PromQL
 * function or aggregation, every matcher {@code label op "string"}, every range a duration (or a
 * Grafana interval variable), and no metric chosen by {@code __name__} (it could not be checked).
 */
final class PromQl {

  /** One vector selector: {@code metric{label="value", ...}}. */
  record Selector(String metric, List<Matcher> matchers) {}

  record Matcher(String label, String op, String value) {}

  /** Everything named by one expression. */
  record Named(List<Selector> selectors, Set<String> groupingLabels) {}

  private static final Set<String> FUNCTIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio",
          "abs",
          "absent",
          "absent_over_time",
          "ceil",
          "changes",
          "clamp",
          "clamp_max",
          "clamp_min",
          "day_of_month",
          "day_of_week",
          "day_of_year",
          "days_in_month",
          "delta",
          "deriv",
          "exp",
          "floor",
          "histogram_avg",
          "histogram_count",
          "histogram_fraction",
          "histogram_quantile",
          "histogram_stddev",
          "histogram_stdvar",
          "histogram_sum",
          "hour",
          "idelta",
          "increase",
          "irate",
          "label_join",
          "label_replace",
          "ln",
          "log2",
          "log10",
          "minute",
          "month",
          "predict_linear",
          "rate",
          "resets",
          "round",
          "scalar",
          "sgn",
          "sort",
          "sort_desc",
          "sqrt",
          "time",
          "timestamp",
          "vector",
          "year",
          "avg_over_time",
          "min_over_time",
          "max_over_time",
          "sum_over_time",
          "count_over_time",
          "quantile_over_time",
          "stddev_over_time",
          "stdvar_over_time",
          "last_over_time",
          "present_over_time");
  private static final Set<String> GROUPING =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
  private static final Set<String> MATCH_OPS = Set.of("=", "!=", "=~", "!~");
  private static final String DURATION = "(\\$\\{?\\w+\\}?|([0-9]+(ms|s|m|h|d|w|y))+)";
  private static final Pattern RANGE =
      Pattern.compile("\\s*" + DURATION + "(:" + DURATION + "?)?\\s*");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

  private PromQl() {}

  /** What {@code expr} names; an {@link IllegalArgumentException} says what does not parse. */
  static Named parse(String expr) {
    List<String> tokens = tokens(expr);
    List<Selector> selectors = new ArrayList<>();
    Set<String> grouping = new LinkedHashSet<>();
    Deque<String> open = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
      if (IDENT.matcher(token).matches()) {
        if (GROUPING.contains(token) && next.equals("(")) {
          i = labelList(tokens, i + 2, grouping);
        } else if (next.equals("(") || next.equals("by") || next.equals("without")) {
          if (!FUNCTIONS.contains(token)) {
            throw new IllegalArgumentException("unknown function " + token + " in " + expr);
          }
        } else if (next.equals("{")) {
          List<Matcher> matchers = new ArrayList<>();
          i = matchers(tokens, i + 2, matchers, expr);
          selectors.add(new Selector(token, matchers));
        } else if (!KEYWORDS.contains(token.toLowerCase())) {
          selectors.add(new Selector(token, List.of()));
        }
      } else if (token.equals("{")) {
        throw new IllegalArgumentException("a selector without a metric name in " + expr);
      } else if (token.equals("(")) {
        open.push(token);
      } else if (token.equals(")")) {
        if (open.isEmpty()) {
          throw new IllegalArgumentException("unbalanced ')' in " + expr);
        }
        open.pop();
      } else if (token.equals("}") || token.equals(",") && open.isEmpty()) {
        throw new IllegalArgumentException("unexpected '" + token + "' in " + expr);
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException("unclosed '(' in " + expr);
    }
    return new Named(selectors, grouping);
  }

  /** {@code (a, b)} after by/without/on/ignoring: returns the index of the closing bracket. */
  private static int labelList(List<String> tokens, int from, Set<String> labels) {
    int i = from;
    while (i < tokens.size() && !tokens.get(i).equals(")")) {
      String token = tokens.get(i);
      if (!token.equals(",")) {
        if (!IDENT.matcher(token).matches()) {
          throw new IllegalArgumentException("not a label name in a grouping: " + token);
        }
        labels.add(token);
      }
      i++;
    }
    if (i == tokens.size()) {
      throw new IllegalArgumentException("unclosed grouping");
    }
    return i;
  }

  /** {@code label op "value", ...}: returns the index of the closing brace. */
  private static int matchers(List<String> tokens, int from, List<Matcher> into, String expr) {
    int i = from;
    while (i < tokens.size() && !tokens.get(i).equals("}")) {
      if (i + 2 >= tokens.size()
          || !IDENT.matcher(tokens.get(i)).matches()
          || !MATCH_OPS.contains(tokens.get(i + 1))
          || !tokens.get(i + 2).startsWith("\"")) {
        throw new IllegalArgumentException("a label matcher that does not parse in " + expr);
      }
      String label = tokens.get(i);
      if (label.equals("__name__")) {
        throw new IllegalArgumentException("a metric chosen by __name__ in " + expr);
      }
      String value = tokens.get(i + 2);
      into.add(new Matcher(label, tokens.get(i + 1), value.substring(1, value.length() - 1)));
      i += 3;
      if (i < tokens.size() && tokens.get(i).equals(",")) {
        i++;
      }
    }
    if (i == tokens.size()) {
      throw new IllegalArgumentException("unclosed '{' in " + expr);
    }
    return i;
  }

  /** Identifiers, strings (as {@code "value"}), ranges (checked, then dropped), operators. */
  static List<String> tokens(String expr) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'' || c == '`') {
        int end = i + 1;
        StringBuilder value = new StringBuilder();
        while (end < expr.length() && expr.charAt(end) != c) {
          if (expr.charAt(end) == '\\' && c != '`' && end + 1 < expr.length()) {
            end++;
          }
          value.append(expr.charAt(end++));
        }
        if (end == expr.length()) {
          throw new IllegalArgumentException("unterminated string in " + expr);
        }
        tokens.add("\"" + value + "\"");
        i = end + 1;
      } else if (c == '[') {
        int end = expr.indexOf(']', i);
        if (end < 0 || !RANGE.matcher(expr.substring(i + 1, end)).matches()) {
          throw new IllegalArgumentException("not a range in " + expr);
        }
        i = end + 1;
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int end = i;
        while (end < expr.length()
            && (Character.isLetterOrDigit(expr.charAt(end))
                || "_:".indexOf(expr.charAt(end)) >= 0)) {
          end++;
        }
        tokens.add(expr.substring(i, end));
        i = end;
      } else if (Character.isDigit(c) || c == '.') {
        int end = i;
        while (end < expr.length()
            && (Character.isLetterOrDigit(expr.charAt(end)) || expr.charAt(end) == '.')) {
          end++;
        }
        tokens.add("#" + expr.substring(i, end));
        i = end;
      } else if (i + 1 < expr.length() && MATCH_OPS.contains(expr.substring(i, i + 2))
          || expr.startsWith("==", i)
          || expr.startsWith(">=", i)
          || expr.startsWith("<=", i)) {
        tokens.add(expr.substring(i, i + 2));
        i += 2;
      } else if ("(){},=+-*/%^<>".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' in " + expr);
      }
    }
    return tokens;
  }
}
