package dev.operators.identity.operator.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The sweep's metric: orphaned role assignments found, by what was done with them (reported,
 * too_young, deleted, skipped, failed). No label per sweep or scope: the findings are in status.
 * Every action is registered at zero from the start, so that the chart's alert sees the first
 * finding as an increase (a series that appears at 1 has no increase in Prometheus).
 */
public final class SweepMetrics {

  public static final String ORPHANED = "azure.identity.operator.sweep.orphaned.role.assignments";

  private final MeterRegistry registry;

  public SweepMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (SweepRun.Taken action : SweepRun.Taken.values()) {
      counter(action);
    }
  }

  void record(SweepRun.Taken action) {
    counter(action).increment();
  }

  private Counter counter(SweepRun.Taken action) {
    return Counter.builder(ORPHANED)
        .description("Orphaned role assignments found by sweeps, by what was done with them")
        .tag("action", action.metricName())
        .register(registry);
  }
}
