package dev.operators.identity.operator.config;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.operator.policy.PolicyDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
 * @param leaderElection whether and how replicas elect the one that reconciles
 * @param namespaceDeletionPolicy what deleting a namespace does to the identities of its resources
 *     ({@code OPERATOR_NAMESPACE_DELETION_POLICY}: Orphan, the default, or Delete)
 * @param oidcIssuer the cluster's OIDC issuer URL ({@code OPERATOR_OIDC_ISSUER}), for the federated
 *     credentials of workload identity ServiceAccounts; null when the cluster has none
 * @param policyDefault what applies to a namespace no IdentityPolicy selects ({@code
 *     OPERATOR_POLICY_DEFAULT}: SecureDefault, the default, or DenyUnlessAllowed)
 * @param webhook the validating admission webhook the operator serves, if any
 * @param dryRun whether the operator makes no Azure call for any resource ({@code
 *     OPERATOR_DRY_RUN}), as if every resource carried the paused annotation
 * @param allowRoleAssignableGroups whether identities may be added to role-assignable groups
 *     ({@code OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS}: Refuse, the default, or Allow; needs
 *     RoleManagement.ReadWrite.Directory)
 * @param shard which identities this operator reconciles, when several Deployments split them
 * @param azureRateScale a factor on the Azure limits the operator's request budget spaces its
 *     requests by ({@code OPERATOR_AZURE_RATE_SCALE}, 1 by default: Azure's own; a benchmark
 *     against an emulator with faster buckets sets the same factor)
 * @param credentialAuditPeriod how often each identity's federated credentials are listed to find
 *     changes made outside the operator ({@code OPERATOR_CREDENTIAL_AUDIT_PERIOD}, 4 hours by
 *     default): ARM lists them per identity only, so listing them every resync would cost one read
 *     per identity per resync; spec changes and deletes never wait for it
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
    int healthPort,
    LeaderElection leaderElection,
    DeletionPolicy namespaceDeletionPolicy,
    String oidcIssuer,
    PolicyDefault policyDefault,
    Webhook webhook,
    boolean dryRun,
    boolean allowRoleAssignableGroups,
    Shard shard,
    double azureRateScale,
    Duration credentialAuditPeriod) {

  public static final Duration DEFAULT_CREDENTIAL_AUDIT = Duration.ofHours(4);

  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);

  /** The lease replicas compete for; the chart grants access to it in the release namespace. */
  public static final String LEASE_NAME = "azure-identity-operator";

  /** Log formats: {@code LOG_FORMAT} is read by log4j2.xml, checked here so a typo fails fast. */
  public static final Set<String> LOG_FORMATS = Set.of("json", "text");

  public OperatorConfig {
    watchNamespaces = watchNamespaces == null ? Set.of() : Set.copyOf(watchNamespaces);
    if (clusterName == null || clusterName.isBlank()) {
      throw new IllegalArgumentException(
          "OPERATOR_CLUSTER_NAME is required: it goes into the ownership tags of every identity");
    }
    if (resyncPeriod == null || resyncPeriod.isNegative() || resyncPeriod.isZero()) {
      throw new IllegalArgumentException("OPERATOR_RESYNC_PERIOD must be a positive duration");
    }
    if (credentialAuditPeriod == null
        || credentialAuditPeriod.isNegative()
        || credentialAuditPeriod.isZero()) {
      throw new IllegalArgumentException(
          "OPERATOR_CREDENTIAL_AUDIT_PERIOD must be a positive duration");
    }
    if (!(azureRateScale > 0) || Double.isInfinite(azureRateScale)) {
      throw new IllegalArgumentException("OPERATOR_AZURE_RATE_SCALE must be a positive number");
    }
    if (reconcileConcurrency < 1) {
      throw new IllegalArgumentException("OPERATOR_RECONCILE_CONCURRENCY must be at least 1");
    }
    leaderElection = leaderElection == null ? LeaderElection.DISABLED : leaderElection;
    namespaceDeletionPolicy =
        namespaceDeletionPolicy == null ? DeletionPolicy.Orphan : namespaceDeletionPolicy;
    oidcIssuer = oidcIssuer == null || oidcIssuer.isBlank() ? null : oidcIssuer.trim();
    policyDefault = policyDefault == null ? PolicyDefault.SecureDefault : policyDefault;
    webhook = webhook == null ? Webhook.DISABLED : webhook;
    shard = shard == null ? Shard.ALL : shard;
    if (oidcIssuer != null && !oidcIssuer.matches(AzureNameRules.ISSUER)) {
      throw new IllegalArgumentException(
          "OPERATOR_OIDC_ISSUER must be the cluster's https OIDC issuer URL, as `az aks show"
              + " --query oidcIssuerProfile.issuerUrl` prints it");
    }
  }

  /** The cluster's OIDC issuer, when workload identity is set up. */
  public Optional<String> issuer() {
    return Optional.ofNullable(oidcIssuer);
  }

  /** This configuration with other leader election settings. */
  public OperatorConfig withLeaderElection(LeaderElection leaderElection) {
    return with(leaderElection, webhook);
  }

  /** This configuration with another admission webhook. */
  public OperatorConfig withWebhook(Webhook webhook) {
    return with(leaderElection, webhook);
  }

  /** This configuration as one shard of several. */
  public OperatorConfig withShard(Shard shard) {
    return with(leaderElection, webhook, shard);
  }

  private OperatorConfig with(LeaderElection leaderElection, Webhook webhook) {
    return with(leaderElection, webhook, shard);
  }

  private OperatorConfig with(LeaderElection leaderElection, Webhook webhook, Shard shard) {
    return new OperatorConfig(
        cloud,
        tenantId,
        defaultSubscriptionId,
        clientId,
        clientSecret,
        caCertificateFile,
        clusterName,
        watchNamespaces,
        resyncPeriod,
        reconcileConcurrency,
        healthPort,
        leaderElection,
        namespaceDeletionPolicy,
        oidcIssuer,
        policyDefault,
        webhook,
        dryRun,
        allowRoleAssignableGroups,
        shard,
        azureRateScale,
        credentialAuditPeriod);
  }

  /** Never prints the client secret. */
  @Override
  public String toString() {
    return "OperatorConfig[cloud="
        + cloud
        + ", tenantId="
        + tenantId
        + ", defaultSubscriptionId="
        + defaultSubscriptionId
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret == null ? "null" : "<redacted>")
        + ", caCertificateFile="
        + caCertificateFile
        + ", clusterName="
        + clusterName
        + ", watchNamespaces="
        + watchNamespaces
        + ", resyncPeriod="
        + resyncPeriod
        + ", reconcileConcurrency="
        + reconcileConcurrency
        + ", healthPort="
        + healthPort
        + ", leaderElection="
        + leaderElection
        + ", namespaceDeletionPolicy="
        + namespaceDeletionPolicy
        + ", policyDefault="
        + policyDefault
        + ", dryRun="
        + dryRun
        + ", allowRoleAssignableGroups="
        + allowRoleAssignableGroups
        + ", azureRateScale="
        + azureRateScale
        + ", credentialAuditPeriod="
        + credentialAuditPeriod
        + ", oidcIssuer="
        + oidcIssuer
        + ", webhook="
        + webhook
        + ", shard="
        + shard
        + "]";
  }

  /**
   * Leader election through a Lease: with more than one replica, only the holder reconciles; the
   * others keep their informers synced (and report ready) so that one takes over within a lease
   * duration when the holder goes away.
   *
   * @param enabled whether to elect a leader at all ({@code OPERATOR_LEADER_ELECTION})
   * @param leaseNamespace namespace of the lease ({@code OPERATOR_LEADER_ELECTION_NAMESPACE})
   * @param identity this replica's name in the lease: the pod name ({@code HOSTNAME})
   * @param leaseDuration how long a lease holds without renewal before others may take it
   * @param renewDeadline how long the holder keeps trying to renew before it gives up leading
   * @param retryPeriod how often candidates try to acquire and the holder renews
   */
  public record LeaderElection(
      boolean enabled,
      String leaseNamespace,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {

    public static final LeaderElection DISABLED =
        new LeaderElection(false, null, null, null, null, null);

    public LeaderElection {
      leaseDuration = leaseDuration == null ? Duration.ofSeconds(15) : leaseDuration;
      renewDeadline = renewDeadline == null ? Duration.ofSeconds(10) : renewDeadline;
      retryPeriod = retryPeriod == null ? Duration.ofSeconds(2) : retryPeriod;
      identity = identity == null || identity.isBlank() ? UUID.randomUUID().toString() : identity;
      if (enabled && (leaseNamespace == null || leaseNamespace.isBlank())) {
        throw new IllegalArgumentException(
            "OPERATOR_LEADER_ELECTION_NAMESPACE is required when OPERATOR_LEADER_ELECTION=true");
      }
      if (!(retryPeriod.compareTo(renewDeadline) < 0
          && renewDeadline.compareTo(leaseDuration) < 0)) {
        throw new IllegalArgumentException(
            "leader election needs retry period < renew deadline < lease duration");
      }
    }

    /** Leader election in this namespace, as this replica, with the default timings. */
    public static LeaderElection in(String leaseNamespace, String identity) {
      return new LeaderElection(true, leaseNamespace, identity, null, null, null);
    }

    /** The same election with other timings (tests use short ones). */
    public LeaderElection withTimings(
        Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
      return new LeaderElection(
          enabled, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod);
    }
  }

  /**
   * The validating admission webhook: HTTPS on {@code port}, with the certificate and key mounted
   * in {@code certDir} (cert-manager's Secret, reread when it rotates) or, without one, a CA and
   * certificate the operator generates, keeps in the Secret {@code name} of its namespace and
   * patches into the ValidatingWebhookConfiguration {@code name}.
   *
   * @param port HTTPS port ({@code OPERATOR_WEBHOOK_PORT}); 0: no webhook
   * @param certDir directory holding {@code tls.crt} and {@code tls.key} ({@code
   *     OPERATOR_WEBHOOK_CERT_DIR}); null: the operator generates its certificate
   * @param name the webhook's Service, ValidatingWebhookConfiguration and certificate Secret
   *     ({@code OPERATOR_WEBHOOK_NAME})
   * @param namespace the operator's namespace, where the Service and Secret are ({@code
   *     OPERATOR_NAMESPACE}); null: the pod's, as the Kubernetes client reads it
   */
  public record Webhook(int port, Path certDir, String name, String namespace) {

    public static final String DEFAULT_NAME = "azure-identity-operator-webhook";
    public static final Webhook DISABLED = new Webhook(0, null, DEFAULT_NAME, null);

    public Webhook {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("OPERATOR_WEBHOOK_PORT must be 0 (off) to 65535");
      }
      name = name == null || name.isBlank() ? DEFAULT_NAME : name.trim();
      namespace = namespace == null || namespace.isBlank() ? null : namespace.trim();
      if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        throw new IllegalArgumentException(
            "OPERATOR_WEBHOOK_NAME must be a DNS label (it names a Service), not '" + name + "'");
      }
    }

    /** Serving on {@code port}, with a generated certificate. */
    public static Webhook generated(int port, String name, String namespace) {
      return new Webhook(port, null, name, namespace);
    }

    public boolean enabled() {
      return port > 0;
    }
  }

  /**
   * Which identities this operator reconciles when several Deployments split a cluster's (each with
   * its own lease): those whose labels match the selector (UserAssignedIdentity and
   * RegionalIdentitySet; a set's regional identities carry its labels), in the watched namespaces.
   * Exactly one shard reconciles the cluster-scoped kinds (IdentityPolicy, RoleAssignmentSweep).
   *
   * @param labelSelector a Kubernetes label selector ({@code OPERATOR_LABEL_SELECTOR}, e.g. {@code
   *     identity.operators.dev/shard=a}); null: every identity
   * @param leaseName the Lease its replicas elect a leader with ({@code
   *     OPERATOR_LEADER_ELECTION_LEASE_NAME}; default {@link #LEASE_NAME}): one per shard
   * @param clusterKinds whether this shard reconciles the cluster-scoped kinds ({@code
   *     OPERATOR_CLUSTER_SCOPED_KINDS}, default true)
   */
  public record Shard(String labelSelector, String leaseName, boolean clusterKinds) {

    public static final Shard ALL = new Shard(null, LEASE_NAME, true);

    public Shard {
      labelSelector =
          labelSelector == null || labelSelector.isBlank() ? null : labelSelector.trim();
      leaseName = leaseName == null || leaseName.isBlank() ? LEASE_NAME : leaseName.trim();
      if (!leaseName.matches("[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?")) {
        throw new IllegalArgumentException(
            "OPERATOR_LEADER_ELECTION_LEASE_NAME must be a DNS subdomain name, not '"
                + leaseName
                + "'");
      }
      if (labelSelector != null && !labelSelector.matches(SELECTOR)) {
        throw new IllegalArgumentException(
            "OPERATOR_LABEL_SELECTOR must be a label selector such as"
                + " identity.operators.dev/shard=a or 'team in (a,b)', not '"
                + labelSelector
                + "'");
      }
    }

    public Optional<String> selector() {
      return Optional.ofNullable(labelSelector);
    }
  }

  /** Label selector syntax: comma-separated requirements (=, ==, !=, in, notin, exists, !). */
  private static final String SELECTOR_KEY =
      "([a-z0-9A-Z.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";

  private static final String SELECTOR_VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";

  private static final String SELECTOR_REQUIREMENT =
      "\\s*(!?"
          + SELECTOR_KEY
          + "|"
          + SELECTOR_KEY
          + "\\s*(=|==|!=)\\s*"
          + SELECTOR_VALUE
          + "|"
          + SELECTOR_KEY
          + "\\s+(in|notin)\\s*\\(\\s*"
          + SELECTOR_VALUE
          + "(\\s*,\\s*"
          + SELECTOR_VALUE
          + ")*\\s*\\))\\s*";

  static final String SELECTOR = SELECTOR_REQUIREMENT + "(," + SELECTOR_REQUIREMENT + ")*";

  public Optional<String> defaultSubscription() {
    return Optional.ofNullable(defaultSubscriptionId).filter(s -> !s.isBlank());
  }

  /** Reads the configuration from environment variables (see README, "Configuration"). */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return OperatorEnvironment.read(env);
  }

  /** Durations as {@code 30s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT10M}). */
  public static Duration parseDuration(String text) {
    return OperatorEnvironment.parseDuration(text);
  }
}
