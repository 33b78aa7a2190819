package dev.operators.identity.e2e;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.e2e.kube.EmbeddedKubernetes;
import dev.operators.identity.e2e.local.OperatorLaunch;
import dev.operators.identity.emulator.ArmEmulator;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.operator.IdentityOperator;
import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import dev.operators.identity.operator.config.AzureCloud;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.kube.OperatorClients;
import dev.operators.identity.operator.policy.PolicyDefault;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

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

  /** The orphan sweep's CRD (cluster-scoped). */
  public static final String SWEEP_CRD_RESOURCE =
      "META-INF/fabric8/roleassignmentsweeps.identity.operators.dev-v1.yml";

  /** The regional identity sets' CRD. */
  public static final String REGIONAL_CRD_RESOURCE =
      "META-INF/fabric8/regionalidentitysets.identity.operators.dev-v1.yml";

  public static final String CLUSTER_NAME = "local";

  /** Where the operator runs as the shipped manifests install it: its webhook Service is here. */
  public static final String OPERATOR_NAMESPACE = "azure-identity-operator";

  public static final String WEBHOOK_NAME = OperatorConfig.Webhook.DEFAULT_NAME;

  /** The webhook configuration deploy/manifests ships (copied onto the classpath by the build). */
  static final String WEBHOOK_MANIFEST = "deploy/manifests/webhook.yaml";

  private final ArmEmulator emulator;
  private final EmbeddedKubernetes kubernetes;
  private final Path caFile;
  private final AtomicReference<InetSocketAddress> webhookAddress;
  private IdentityOperator operator;
  private KubernetesClient operatorClient;

  private EmbeddedStack(
      ArmEmulator emulator,
      EmbeddedKubernetes kubernetes,
      Path caFile,
      AtomicReference<InetSocketAddress> webhookAddress) {
    this.emulator = emulator;
    this.kubernetes = kubernetes;
    this.caFile = caFile;
    this.webhookAddress = webhookAddress;
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
    // No cluster network: the webhook Service is the running operator's port, once it serves.
    AtomicReference<InetSocketAddress> webhookAddress = new AtomicReference<>();
    EmbeddedKubernetes.Builder builder =
        EmbeddedKubernetes.builder()
            .port(kubernetesPort)
            .crdResource(CRD_RESOURCE)
            .crdResource(POLICY_CRD_RESOURCE)
            .crdResource(SWEEP_CRD_RESOURCE)
            .crdResource(REGIONAL_CRD_RESOURCE)
            .webhookServiceResolver(
                (namespace, name, port) ->
                    namespace.equals(OPERATOR_NAMESPACE) && name.equals(WEBHOOK_NAME) && port == 443
                        ? webhookAddress.get()
                        : null);
    EmbeddedKubernetes kubernetes = (enforceSchema ? builder : builder.schemaNotEnforced()).start();
    return new EmbeddedStack(emulator, kubernetes, caFile, webhookAddress);
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
        AzureCloud.custom(url, url, url, AzureCloud.GLOBAL_GRAPH),
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
        OperatorConfig.Webhook.DISABLED,
        false,
        false,
        OperatorConfig.Shard.ALL,
        Double.parseDouble(OperatorLaunch.EMULATOR_RATE_SCALE),
        // Tests see drift of credentials, like any other, within one resync.
        resyncPeriod);
  }

  /** Starts the operator (as a process would: its own Kubernetes client and Azure pipeline). */
  public synchronized IdentityOperator startOperator(OperatorConfig config) {
    if (operator != null) {
      throw new IllegalStateException("the operator is already running");
    }
    operatorClient = OperatorClients.builder().withConfig(kubernetes.config()).build();
    operator = IdentityOperator.start(config, operatorClient, SdkAzurePorts.connect(config));
    operator
        .webhookPort()
        .ifPresent(
            port ->
                webhookAddress.set(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    return operator;
  }

  /**
   * The operator's webhook as the shipped manifests configure it: the Service {@link #WEBHOOK_NAME}
   * in {@link #OPERATOR_NAMESPACE}, on a free port, with a generated certificate.
   */
  public static OperatorConfig.Webhook webhook() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return OperatorConfig.Webhook.generated(
          socket.getLocalPort(), WEBHOOK_NAME, OPERATOR_NAMESPACE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Registers the ValidatingWebhookConfiguration of deploy/manifests (and the operator's namespace,
   * where its certificate Secret goes): from then on the API server sends our kinds' writes to the
   * operator, which fills in the caBundle when it starts.
   */
  public void registerWebhook() {
    if (client().namespaces().withName(OPERATOR_NAMESPACE).get() == null) {
      kubernetes.createNamespace(OPERATOR_NAMESPACE);
    }
    try (InputStream manifest =
        EmbeddedStack.class.getClassLoader().getResourceAsStream(WEBHOOK_MANIFEST)) {
      if (manifest == null) {
        throw new IllegalStateException(WEBHOOK_MANIFEST + " is not on the classpath");
      }
      for (HasMetadata item : client().load(manifest).items()) {
        if (item instanceof ValidatingWebhookConfiguration) {
          client().resource(item).create();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the webhook configuration: writes are then judged by the reconciler alone. */
  public void unregisterWebhook() {
    client()
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(WEBHOOK_NAME)
        .delete();
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
