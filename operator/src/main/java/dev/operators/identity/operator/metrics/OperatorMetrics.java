package dev.operators.identity.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The operator's metrics, scraped from {@code /metrics}: JOSDK's reconcile metrics, JVM and process
 * metrics, the gauges of managed resources by state, and the Azure calls.
 *
 * <p>Azure calls are recorded by the pipeline into Micrometer's global registry (the pipeline is
 * built before the operator); this registry joins the global one while it is open, so it sees them.
 * One operator per process is the production case; several in one JVM (tests) each see every Azure
 * call of the process, and only their own reconciles and gauges.
 */
public final class OperatorMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final ResourceStateGauges gauges;
  private final Metrics reconciles;

  private OperatorMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    gc.bindTo(registry);
    this.gauges = new ResourceStateGauges(registry);
    // Not per resource: a label per identity would grow with the cluster.
    this.reconciles = MicrometerMetrics.withoutPerResourceMetrics(registry);
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
  }

  public static OperatorMetrics create() {
    return new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The registry Azure pipelines record into (see the class comment). */
  public static MeterRegistry azureCalls() {
    return io.micrometer.core.instrument.Metrics.globalRegistry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** For JOSDK's {@code withMetrics}. */
  public Metrics reconciles() {
    return reconciles;
  }

  /** The reconciler's listener that feeds the gauges of managed resources. */
  public ResourceStateGauges gauges() {
    return gauges;
  }

  /** Everything in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }
}
