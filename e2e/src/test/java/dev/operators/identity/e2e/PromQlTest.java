package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The check that MonitoringE2ETest applies to the chart's queries catches what it should. */
class PromQlTest {

  static final ExportedMetrics SCRAPE =
      ExportedMetrics.parse(
          """
          # TYPE calls_total counter
          calls_total{operation="GET x",status="200"} 3.0
          calls_total{operation="PUT x",status="429"} 1.0
          latency_seconds_bucket{operation="GET x",le="0.1"} 1
          sweep_total{action="reported"} 0.0
          sweep_total{action="failed"} 0.0
          plain 1.0
          """);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sum by (operation, status) (rate(calls_total{namespace=~\"$namespace\"}[$__rate_interval]))",
        "histogram_quantile(0.95, sum by (operation, le) (rate(latency_seconds_bucket[5m])))",
        "sum by (namespace, action) (increase(sweep_total{job=\"aio\",action=~\"reported|failed\"}[1h])) > 0",
        "max(plain) > 900 and on (namespace) plain offset 5m",
        "calls_total{status=\"429\"} / ignoring (status) sum without (status) (calls_total)"
      })
  void queriesOnExportedSeriesPass(String expr) {
    assertThat(SCRAPE.problems(expr)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          rate(cals_total[5m])                              | exports no cals_total
          sum by (state) (calls_total)                      | has the label state
          calls_total{state="x"}                            | has no label state
          calls_total{status="500"}                         | matches none of
          'sweep_total{action=~"reported|deleted"}'         | never has action="deleted"
          rates(calls_total[5m])                            | unknown function rates
          sum(rate(calls_total[5m])                         | unclosed '('
          rate(calls_total[5 minutes])                      | not a range
          {__name__="calls_total"}                          | without a metric name
          calls_total{__name__=~"calls.*"}                  | by __name__
          calls_total{status="200}                          | unterminated string
          calls_total{status}                               | does not parse
          plain > $threshold                                | unexpected '$'
          """)
  void whatTheOperatorDoesNotExportOrWhatDoesNotParseIsReported(String expr, String problem) {
    assertThat(SCRAPE.problems(expr)).anySatisfy(p -> assertThat(p).contains(problem));
  }
}
