package dev.operators.identity.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.policy.PolicyDefault;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The settings of operating it: leader election and log format, as the chart passes them. */
class OperatorConfigEnvironmentTest {

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("OPERATOR_CLUSTER_NAME", "aks-prod"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void namespaceDeletionLeavesAzureUnlessConfiguredToDelete() {
    assertThat(OperatorConfig.fromEnvironment(env()).namespaceDeletionPolicy())
        .isEqualTo(DeletionPolicy.Orphan);
    assertThat(
            OperatorConfig.fromEnvironment(env("OPERATOR_NAMESPACE_DELETION_POLICY", "Delete"))
                .namespaceDeletionPolicy())
        .isEqualTo(DeletionPolicy.Delete);
    Assertions.assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(env("OPERATOR_NAMESPACE_DELETION_POLICY", "delete")))
        .hasMessageContaining("OPERATOR_NAMESPACE_DELETION_POLICY must be Orphan or Delete");
  }

  @Test
  void credentialsAreAuditedEveryFourHoursUnlessSet() {
    assertThat(OperatorConfig.fromEnvironment(env()).credentialAuditPeriod())
        .isEqualTo(Duration.ofHours(4))
        .isEqualTo(OperatorConfig.DEFAULT_CREDENTIAL_AUDIT);
    assertThat(
            OperatorConfig.fromEnvironment(env("OPERATOR_CREDENTIAL_AUDIT_PERIOD", "30m"))
                .credentialAuditPeriod())
        .isEqualTo(Duration.ofMinutes(30));
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(env("OPERATOR_CREDENTIAL_AUDIT_PERIOD", "0s")))
        .hasMessageContaining("OPERATOR_CREDENTIAL_AUDIT_PERIOD must be a positive duration");
  }

  @Test
  void dryRunAndThePolicyDefaultAreOffAndSecureUnlessSet() {
    OperatorConfig defaults = OperatorConfig.fromEnvironment(env());
    assertThat(defaults.dryRun()).isFalse();
    assertThat(defaults.policyDefault()).isEqualTo(PolicyDefault.SecureDefault);
    OperatorConfig set =
        OperatorConfig.fromEnvironment(
            env("OPERATOR_DRY_RUN", "true", "OPERATOR_POLICY_DEFAULT", "DenyUnlessAllowed"));
    assertThat(set.dryRun()).isTrue();
    assertThat(set.policyDefault()).isEqualTo(PolicyDefault.DenyUnlessAllowed);
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(env("OPERATOR_DRY_RUN", "on")))
        .hasMessageContaining("OPERATOR_DRY_RUN must be true or false");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(env("OPERATOR_POLICY_DEFAULT", "deny")))
        .hasMessageContaining("OPERATOR_POLICY_DEFAULT must be SecureDefault or DenyUnlessAllowed");
  }

  @Test
  void roleAssignableGroupsAreRefusedUnlessAllowed() {
    assertThat(OperatorConfig.fromEnvironment(env()).allowRoleAssignableGroups()).isFalse();
    assertThat(
            OperatorConfig.fromEnvironment(
                    env("OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS", "Allow"))
                .allowRoleAssignableGroups())
        .isTrue();
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    env("OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS", "yes")))
        .hasMessageContaining("OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS must be Refuse or Allow");
  }

  @Test
  void oneOperatorReconcilesEverythingUnlessItIsOneShardOfSeveral() {
    OperatorConfig.Shard all = OperatorConfig.fromEnvironment(env()).shard();
    assertThat(all.selector()).isEmpty();
    assertThat(all.leaseName()).isEqualTo(OperatorConfig.LEASE_NAME);
    assertThat(all.clusterKinds()).isTrue();

    OperatorConfig.Shard b =
        OperatorConfig.fromEnvironment(
                env(
                    "OPERATOR_LABEL_SELECTOR", "identity.operators.dev/shard=b,team notin (x, y)",
                    "OPERATOR_LEADER_ELECTION_LEASE_NAME", "azure-identity-operator-b",
                    "OPERATOR_CLUSTER_SCOPED_KINDS", "false"))
            .shard();
    assertThat(b.selector()).contains("identity.operators.dev/shard=b,team notin (x, y)");
    assertThat(b.leaseName()).isEqualTo("azure-identity-operator-b");
    assertThat(b.clusterKinds()).isFalse();

    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(env("OPERATOR_LABEL_SELECTOR", "shard=(a")))
        .hasMessageContaining("OPERATOR_LABEL_SELECTOR must be a label selector");
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    env("OPERATOR_LEADER_ELECTION_LEASE_NAME", "Shard_A")))
        .hasMessageContaining("OPERATOR_LEADER_ELECTION_LEASE_NAME must be a DNS subdomain");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(env("OPERATOR_CLUSTER_SCOPED_KINDS", "no")))
        .hasMessageContaining("OPERATOR_CLUSTER_SCOPED_KINDS must be true or false");
  }

  @Test
  void leaderElectionIsOffUnlessAskedFor() {
    assertThat(OperatorConfig.fromEnvironment(env()).leaderElection().enabled()).isFalse();
  }

  @Test
  void leaderElectionUsesTheReleaseNamespaceAndThePodName() {
    var election =
        OperatorConfig.fromEnvironment(
                env(
                    "OPERATOR_LEADER_ELECTION", "true",
                    "OPERATOR_LEADER_ELECTION_NAMESPACE", "identity-system",
                    "HOSTNAME", "azure-identity-operator-7d9f-abcde"))
            .leaderElection();
    assertThat(election.enabled()).isTrue();
    assertThat(election.leaseNamespace()).isEqualTo("identity-system");
    assertThat(election.identity()).isEqualTo("azure-identity-operator-7d9f-abcde");
    assertThat(election.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void withoutAPodNameTheIdentityIsRandom() {
    var election =
        OperatorConfig.fromEnvironment(
                env(
                    "OPERATOR_LEADER_ELECTION", "true",
                    "OPERATOR_LEADER_ELECTION_NAMESPACE", "identity-system"))
            .leaderElection();
    assertThat(election.identity()).isNotBlank();
  }

  @Test
  void leaderElectionNeedsANamespace() {
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(env("OPERATOR_LEADER_ELECTION", "true")))
        .hasMessageContaining("OPERATOR_LEADER_ELECTION_NAMESPACE");
  }

  @Test
  void wrongValuesFailWithTheVariableName() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(env("OPERATOR_LEADER_ELECTION", "yes")))
        .hasMessageContaining("OPERATOR_LEADER_ELECTION");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(env("LOG_FORMAT", "JSON")))
        .hasMessageContaining("LOG_FORMAT");
  }

  @Test
  void theClientSecretIsNeverPrinted() {
    var config = OperatorConfig.fromEnvironment(env("AZURE_CLIENT_SECRET", "s3cr3t-value"));
    assertThat(config.toString()).doesNotContain("s3cr3t-value").contains("<redacted>");
  }

  @Test
  void theWebhookServesOn9443WithAGeneratedCertificateUnlessTurnedOffOrMounted() {
    var webhook = OperatorConfig.fromEnvironment(env()).webhook();
    assertThat(webhook.enabled()).isTrue();
    assertThat(webhook.port()).isEqualTo(9443);
    assertThat(webhook.certDir()).isNull();
    assertThat(webhook.name()).isEqualTo("azure-identity-operator-webhook");
    assertThat(webhook.namespace()).isNull();

    assertThat(
            OperatorConfig.fromEnvironment(env("OPERATOR_WEBHOOK_PORT", "0")).webhook().enabled())
        .isFalse();
    var mounted =
        OperatorConfig.fromEnvironment(
                env(
                    "OPERATOR_WEBHOOK_CERT_DIR", "/etc/azure-identity-operator/webhook",
                    "OPERATOR_WEBHOOK_NAME", "aio-webhook",
                    "OPERATOR_NAMESPACE", "identity-system"))
            .webhook();
    assertThat(mounted.certDir()).hasToString("/etc/azure-identity-operator/webhook");
    assertThat(mounted.name()).isEqualTo("aio-webhook");
    assertThat(mounted.namespace()).isEqualTo("identity-system");

    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(env("OPERATOR_WEBHOOK_PORT", "on")))
        .hasMessageContaining("OPERATOR_WEBHOOK_PORT");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(env("OPERATOR_WEBHOOK_PORT", "70000")))
        .hasMessageContaining("OPERATOR_WEBHOOK_PORT");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(env("OPERATOR_WEBHOOK_NAME", "Not_A_Label")))
        .hasMessageContaining("OPERATOR_WEBHOOK_NAME");
  }
}
