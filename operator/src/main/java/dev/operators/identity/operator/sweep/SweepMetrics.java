package dev.operators.identity.operator.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The sweep's metric: orphaned role assignments found, by what was done with them (reported,
 * too_young, deleted, skipped, failed). No label per sweep or scope: the findings are in status.
 */
public final class SweepMetrics {

  public static final String ORPHANED = "azure.identity.operator.sweep.orphaned.role.assignments";

  private final MeterRegistry registry;

  public SweepMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(SweepRun.Taken action) {
    Counter.builder(ORPHANED)
        .description("Orphaned role assignments found by sweeps, by what was done with them")
        .tag("action", action.metricName())
        .register(registry)
        .increment();
  }
}
