package dev.operators.identity.operator.config;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.EnumNames;
import dev.operators.identity.operator.policy.PolicyDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator's environment variables read into an {@link OperatorConfig} (see README,
 * "Configuration"); every malformed value is refused with a message naming the variable.
 */
final class OperatorEnvironment {
  private OperatorEnvironment() {}

  /** The configuration the environment gives. */
  static OperatorConfig read(Map<String, String> env) {
    String cloudName = env.getOrDefault("AZURE_CLOUD", "AzureCloud");
    AzureCloud cloud;
    if ("Custom".equalsIgnoreCase(cloudName)) {
      String arm = blankToNull(env.get("AZURE_RESOURCE_MANAGER_ENDPOINT"));
      String authority = blankToNull(env.get("AZURE_AUTHORITY_HOST"));
      if (arm == null || authority == null) {
        throw new IllegalArgumentException(
            "AZURE_CLOUD=Custom needs AZURE_RESOURCE_MANAGER_ENDPOINT and AZURE_AUTHORITY_HOST");
      }
      // Graph: the global one unless set; its tokens for the endpoint unless another audience.
      String graph =
          Optional.ofNullable(blankToNull(env.get("AZURE_GRAPH_ENDPOINT")))
              .orElse(AzureCloud.GLOBAL_GRAPH);
      cloud =
          AzureCloud.custom(
              arm,
              authority,
              graph,
              Optional.ofNullable(blankToNull(env.get("AZURE_GRAPH_AUDIENCE"))).orElse(graph));
    } else {
      cloud = AzureCloud.named(cloudName);
    }
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
        Integer.parseInt(env.getOrDefault("OPERATOR_RECONCILE_CONCURRENCY", "15")),
        Integer.parseInt(env.getOrDefault("OPERATOR_HEALTH_PORT", "8080")),
        leaderElection(env),
        namespaceDeletionPolicy(env.getOrDefault("OPERATOR_NAMESPACE_DELETION_POLICY", "Orphan")),
        env.get("OPERATOR_OIDC_ISSUER"),
        policyDefault(env.getOrDefault("OPERATOR_POLICY_DEFAULT", "SecureDefault")),
        webhook(env),
        parseBoolean("OPERATOR_DRY_RUN", env.getOrDefault("OPERATOR_DRY_RUN", "")),
        roleAssignableGroups(env.getOrDefault("OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS", "")),
        new OperatorConfig.Shard(
            env.get("OPERATOR_LABEL_SELECTOR"),
            env.get("OPERATOR_LEADER_ELECTION_LEASE_NAME"),
            parseBoolean(
                "OPERATOR_CLUSTER_SCOPED_KINDS",
                Optional.ofNullable(blankToNull(env.get("OPERATOR_CLUSTER_SCOPED_KINDS")))
                    .orElse("true"))),
        rateScale(env.getOrDefault("OPERATOR_AZURE_RATE_SCALE", "1")),
        parseDuration(env.getOrDefault("OPERATOR_CREDENTIAL_AUDIT_PERIOD", "4h")));
  }

  /** Refuse (default) or Allow: whether identities may join role-assignable groups. */
  private static boolean roleAssignableGroups(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "", "refuse" -> false;
      case "allow" -> true;
      default ->
          throw new IllegalArgumentException(
              "OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS must be Refuse or Allow, not '"
                  + value
                  + "'");
    };
  }

  private static double rateScale(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "OPERATOR_AZURE_RATE_SCALE must be a positive number, not '" + text + "'");
    }
  }

  private static OperatorConfig.Webhook webhook(Map<String, String> env) {
    String port = env.getOrDefault("OPERATOR_WEBHOOK_PORT", "9443").trim();
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException(
          "OPERATOR_WEBHOOK_PORT must be a port number (0: no webhook), not '" + port + "'");
    }
    return new OperatorConfig.Webhook(
        Integer.parseInt(port),
        Optional.ofNullable(blankToNull(env.get("OPERATOR_WEBHOOK_CERT_DIR")))
            .map(Path::of)
            .orElse(null),
        env.get("OPERATOR_WEBHOOK_NAME"),
        env.get("OPERATOR_NAMESPACE"));
  }

  private static PolicyDefault policyDefault(String value) {
    return EnumNames.parse(PolicyDefault.class, value.trim(), PolicyDefault.SecureDefault)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "OPERATOR_POLICY_DEFAULT must be SecureDefault or DenyUnlessAllowed, not '"
                        + value
                        + "'"));
  }

  private static DeletionPolicy namespaceDeletionPolicy(String value) {
    return EnumNames.parse(DeletionPolicy.class, value.trim(), DeletionPolicy.Orphan)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "OPERATOR_NAMESPACE_DELETION_POLICY must be Orphan or Delete, not '"
                        + value
                        + "'"));
  }

  private static OperatorConfig.LeaderElection leaderElection(Map<String, String> env) {
    String logFormat = env.get("LOG_FORMAT");
    if (logFormat != null
        && !logFormat.isBlank()
        && !OperatorConfig.LOG_FORMATS.contains(logFormat)) {
      throw new IllegalArgumentException(
          "LOG_FORMAT must be json or text, not '" + logFormat + "'");
    }
    if (!parseBoolean(
        "OPERATOR_LEADER_ELECTION", env.getOrDefault("OPERATOR_LEADER_ELECTION", ""))) {
      return OperatorConfig.LeaderElection.DISABLED;
    }
    return OperatorConfig.LeaderElection.in(
        blankToNull(env.get("OPERATOR_LEADER_ELECTION_NAMESPACE")),
        blankToNull(env.get("HOSTNAME")));
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false", "" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
    };
  }

  /** Durations as {@code 30s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT10M}). */
  static Duration parseDuration(String text) {
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
