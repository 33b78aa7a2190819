package dev.operators.identity.e2e;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.e2e.kube.EmbeddedKubernetes;
import dev.operators.identity.emulator.ArmEmulator;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.operator.IdentityOperator;
import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import dev.operators.identity.operator.config.AzureCloud;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.policy.PolicyDefault;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The whole system on one machine: the ARM emulator as Azure, the embedded Kubernetes API with the
 * CRDs installed, and the real operator wired to both through the Azure SDK (HTTPS, the emulator's
 * token endpoint, its CA certificate). Used by the local runner and the black-box tests.
 */
public final class EmbeddedStack implements AutoCloseable {

  public static final String CRD_RESOURCE =
      "META-INF/fabric8/userassignedidentities.identity.operators.dev-v1.yml";
  public static final String POLICY_CRD_RESOURCE =
      "META-INF/fabric8/identitypolicies.identity.operators.dev-v1.yml";
  public static final String CLUSTER_NAME = "local";

  private final ArmEmulator emulator;
  private final EmbeddedKubernetes kubernetes;
  private final Path caFile;
  private IdentityOperator operator;
  private KubernetesClient operatorClient;

  private EmbeddedStack(ArmEmulator emulator, EmbeddedKubernetes kubernetes, Path caFile) {
    this.emulator = emulator;
    this.kubernetes = kubernetes;
    this.caFile = caFile;
  }

  /**
   * Starts the emulator and the Kubernetes API; the operator starts with {@link #startOperator}.
   */
  public static EmbeddedStack start(
      EmulatorConfig emulatorConfig, int kubernetesPort, Path workDir) {
    return start(emulatorConfig, kubernetesPort, workDir, true);
  }

  /**
   * As {@link #start(EmulatorConfig, int, Path)}; with {@code enforceSchema} false the CRD's spec
   * schema enforces nothing (see {@link EmbeddedKubernetes.Builder#schemaNotEnforced}).
   */
  public static EmbeddedStack start(
      EmulatorConfig emulatorConfig, int kubernetesPort, Path workDir, boolean enforceSchema) {
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ArmEmulator emulator = ArmEmulator.start(emulatorConfig);
    Path caFile = emulator.writeCaCertificate(workDir.resolve("emulator-ca.pem"));
    EmbeddedKubernetes.Builder builder =
        EmbeddedKubernetes.builder()
            .port(kubernetesPort)
            .crdResource(CRD_RESOURCE)
            .crdResource(POLICY_CRD_RESOURCE);
    EmbeddedKubernetes kubernetes = (enforceSchema ? builder : builder.schemaNotEnforced()).start();
    return new EmbeddedStack(emulator, kubernetes, caFile);
  }

  public ArmEmulator emulator() {
    return emulator;
  }

  public EmbeddedKubernetes kubernetes() {
    return kubernetes;
  }

  /** A client for the test or the person: not the operator's own. */
  public KubernetesClient client() {
    return kubernetes.client();
  }

  public Path caFile() {
    return caFile;
  }

  /** The operator's configuration for this stack, as the environment would give it. */
  /** The OIDC issuer the embedded cluster stands for (workload identity's credentials use it). */
  public static final String OIDC_ISSUER = "https://oidc.local-run.example/cluster/";

  public OperatorConfig operatorConfig(Duration resyncPeriod) {
    String url = emulator.baseUrl().toString();
    return new OperatorConfig(
        AzureCloud.custom(url, url),
        emulator.tenantId(),
        emulator.defaultSubscriptionId(),
        emulator.clientId(),
        emulator.clientSecret(),
        caFile,
        CLUSTER_NAME,
        Set.of(),
        resyncPeriod,
        4,
        0,
        OperatorConfig.LeaderElection.DISABLED,
        DeletionPolicy.Orphan,
        OIDC_ISSUER,
        PolicyDefault.SecureDefault,
        OperatorConfig.Webhook.DISABLED);
  }

  /** Starts the operator (as a process would: its own Kubernetes client and Azure pipeline). */
  public synchronized IdentityOperator startOperator(OperatorConfig config) {
    if (operator != null) {
      throw new IllegalStateException("the operator is already running");
    }
    operatorClient = kubernetes.newClient();
    operator = IdentityOperator.start(config, operatorClient, SdkAzurePorts.connect(config));
    return operator;
  }

  /** The running operator, or null. */
  public synchronized IdentityOperator operator() {
    return operator;
  }

  /** Stops the operator, as a shutdown or a crash of its pod would. */
  public synchronized void stopOperator() {
    if (operator != null) {
      operator.close();
      operatorClient.close();
      operator = null;
      operatorClient = null;
    }
  }

  @Override
  public void close() {
    stopOperator();
    kubernetes.close();
    emulator.close();
  }
}
