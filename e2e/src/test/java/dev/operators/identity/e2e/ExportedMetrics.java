package dev.operators.identity.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series names, labels and label values of one scrape of {@code /metrics}, and the check of a
 * query against them: every metric it selects is exported, every label it matches or groups by is
 * on one of them (or is one Prometheus adds from the target), and every value it asks for with
 * {@code =} or {@code =~} is one the operator exported.
 */
final class ExportedMetrics {

  /** Labels Prometheus adds when it scrapes a pod through a ServiceMonitor. */
  static final Set<String> TARGET_LABELS =
      Set.of("namespace", "pod", "job", "instance", "service", "container", "endpoint");

  private static final Pattern SAMPLE =
      Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)(\\{(.*)\\})?\\s+\\S+.*");
  private static final Pattern LABEL =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Series name, then label, then the values seen. */
  private final Map<String, Map<String, Set<String>>> series;

  private ExportedMetrics(Map<String, Map<String, Set<String>>> series) {
    this.series = series;
  }

  /** The Prometheus text format, as {@code /metrics} serves it. */
  static ExportedMetrics parse(String scrape) {
    Map<String, Map<String, Set<String>>> series = new TreeMap<>();
    for (String line : scrape.lines().toList()) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      Map<String, Set<String>> labels =
          series.computeIfAbsent(sample.group(1), n -> new TreeMap<>());
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.computeIfAbsent(label.group(1), l -> new TreeSet<>()).add(label.group(2));
        }
      }
    }
    return new ExportedMetrics(series);
  }

  Set<String> names() {
    return series.keySet();
  }

  /** What is wrong with {@code expr} against this scrape; empty when nothing is. */
  List<String> problems(String expr) {
    PromQl.Named named;
    try {
      named = PromQl.parse(expr);
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    Set<String> labelsInReach = new TreeSet<>(TARGET_LABELS);
    for (PromQl.Selector selector : named.selectors()) {
      Map<String, Set<String>> labels = series.get(selector.metric());
      if (labels == null) {
        problems.add("the operator exports no " + selector.metric() + ": " + expr);
        continue;
      }
      labelsInReach.addAll(labels.keySet());
      for (PromQl.Matcher matcher : selector.matchers()) {
        problems.addAll(problems(selector.metric(), labels, matcher));
      }
    }
    for (String label : named.groupingLabels()) {
      if (!labelsInReach.contains(label)) {
        problems.add("no metric of the query has the label " + label + ": " + expr);
      }
    }
    return problems;
  }

  private static List<String> problems(
      String metric, Map<String, Set<String>> labels, PromQl.Matcher matcher) {
    if (TARGET_LABELS.contains(matcher.label())) {
      return List.of();
    }
    Set<String> values = labels.get(matcher.label());
    if (values == null) {
      return List.of(metric + " has no label " + matcher.label());
    }
    boolean positive = matcher.op().equals("=") || matcher.op().equals("=~");
    if (!positive || matcher.value().contains("$")) {
      return List.of();
    }
    Pattern wanted =
        Pattern.compile(
            matcher.op().equals("=") ? Pattern.quote(matcher.value()) : matcher.value());
    List<String> missing = new ArrayList<>();
    if (values.stream().noneMatch(v -> wanted.matcher(v).matches())) {
      missing.add(
          metric
              + "{"
              + matcher.label()
              + matcher.op()
              + "\""
              + matcher.value()
              + "\"} matches none of "
              + values);
    }
    if (matcher.op().equals("=~")) {
      // each alternative of a plain a|b|c regex must be a value the operator exports
      for (String alternative : matcher.value().split("\\|")) {
        if (alternative.matches("[A-Za-z0-9_ ./-]+") && !values.contains(alternative)) {
          missing.add(metric + " never has " + matcher.label() + "=\"" + alternative + "\"");
        }
      }
    }
    return missing;
  }
}
