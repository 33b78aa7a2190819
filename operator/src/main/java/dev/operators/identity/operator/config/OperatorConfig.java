package dev.operators.identity.operator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the operator is configured with. Environment variables and Helm values map one to one;
 * {@link #fromEnvironment(Map)} is the single place that reads them.
 *
 * @param cloud the Azure cloud
 * @param tenantId Microsoft Entra tenant of the operator's credential (optional with workload
 *     identity, which brings its own)
 * @param defaultSubscriptionId subscription used when a resource names none
 * @param clientId client ID of the operator's own identity (optional)
 * @param clientSecret client secret, only for clusters without workload identity (optional)
 * @param caCertificateFile extra CA certificate (PEM) to trust, for custom endpoints (optional)
 * @param clusterName name of this cluster in ownership tags
 * @param watchNamespaces namespaces to watch; empty means all
 * @param resyncPeriod how often every resource is compared with Azure to repair drift
 * @param reconcileConcurrency reconciliations that run at once
 * @param healthPort port of the health and metrics endpoint (0: none)
 */
public record OperatorConfig(
    AzureCloud cloud,
    String tenantId,
    String defaultSubscriptionId,
    String clientId,
    String clientSecret,
    Path caCertificateFile,
    String clusterName,
    Set<String> watchNamespaces,
    Duration resyncPeriod,
    int reconcileConcurrency,
    int healthPort) {

  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);

  public OperatorConfig {
    watchNamespaces = watchNamespaces == null ? Set.of() : Set.copyOf(watchNamespaces);
    if (clusterName == null || clusterName.isBlank()) {
      throw new IllegalArgumentException(
          "OPERATOR_CLUSTER_NAME is required: it goes into the ownership tags of every identity");
    }
    if (resyncPeriod == null || resyncPeriod.isNegative() || resyncPeriod.isZero()) {
      throw new IllegalArgumentException("OPERATOR_RESYNC_PERIOD must be a positive duration");
    }
    if (reconcileConcurrency < 1) {
      throw new IllegalArgumentException("OPERATOR_RECONCILE_CONCURRENCY must be at least 1");
    }
  }

  public Optional<String> defaultSubscription() {
    return Optional.ofNullable(defaultSubscriptionId).filter(s -> !s.isBlank());
  }

  /** Reads the configuration from environment variables (see README, "Configuration"). */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    String cloudName = env.getOrDefault("AZURE_CLOUD", "AzureCloud");
    AzureCloud cloud =
        "Custom".equalsIgnoreCase(cloudName)
            ? AzureCloud.custom(
                env.get("AZURE_RESOURCE_MANAGER_ENDPOINT"), env.get("AZURE_AUTHORITY_HOST"))
            : AzureCloud.named(cloudName);
    return new OperatorConfig(
        cloud,
        blankToNull(env.get("AZURE_TENANT_ID")),
        blankToNull(env.get("AZURE_SUBSCRIPTION_ID")),
        blankToNull(env.get("AZURE_CLIENT_ID")),
        blankToNull(env.get("AZURE_CLIENT_SECRET")),
        Optional.ofNullable(blankToNull(env.get("AZURE_CA_CERT_FILE"))).map(Path::of).orElse(null),
        env.get("OPERATOR_CLUSTER_NAME"),
        Arrays.stream(env.getOrDefault("OPERATOR_WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet()),
        parseDuration(env.getOrDefault("OPERATOR_RESYNC_PERIOD", "10m")),
        Integer.parseInt(env.getOrDefault("OPERATOR_RECONCILE_CONCURRENCY", "5")),
        Integer.parseInt(env.getOrDefault("OPERATOR_HEALTH_PORT", "8080")));
  }

  /** Durations as {@code 30s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT10M}). */
  public static Duration parseDuration(String text) {
    String value = text.trim();
    try {
      if (value.matches("\\d+(ms|s|m|h)")) {
        long amount = Long.parseLong(value.replaceAll("\\D", ""));
        return switch (value.replaceAll("\\d", "")) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
      return Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: use 30s, 10m, 1h or ISO-8601 such as PT10M", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
