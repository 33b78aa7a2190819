package dev.operators.identity.e2e.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process Kubernetes API for local runs and tests: Fabric8's mock server in CRUD mode on
 * {@code http://127.0.0.1:<port>}, with the given custom resource definitions installed and the
 * discovery documents kubectl needs. It must behave like a real kube-apiserver (the README and
 * ../shared/KUBERNETES-FACTS.md say how far it does).
 *
 * <pre>{@code
 * try (EmbeddedKubernetes kube = EmbeddedKubernetes.builder()
 *     .crdResource("META-INF/fabric8/userassignedidentities.identity.operators.dev-v1.yml")
 *     .namespace("team-a")
 *     .webhookServiceResolver((ns, name, port) -> new InetSocketAddress("127.0.0.1", 9443))
 *     .start()) {
 *   kube.writeKubeconfig(Path.of("target/kubeconfig"));
 *   KubernetesClient client = kube.client();
 *   ...
 * }
 * }</pre>
 *
 * <h2>What works</h2>
 *
 * <ul>
 *   <li>Fabric8 clients (and so JOSDK): create, get, list, update, JSON patch and JSON merge patch,
 *       delete, label and field selectors on {@code metadata.name}/{@code metadata.namespace},
 *       watches (over WebSocket), the {@code status} subresource of installed CRDs; namespaced and
 *       cluster-scoped custom resources, each only on the routes of its scope.
 *   <li>Custom resource writes as a real server admits them ({@link CustomResourceWrites}): schema
 *       pruning, defaults and validation (422 with every cause), CEL rules, {@code
 *       fieldValidation}; CRDs checked at registration ({@link CrdRegistration}).
 *   <li>Validating admission webhooks ({@code ValidatingWebhookConfiguration}, {@link
 *       ValidatingWebhooks}): called over HTTPS after schema validation for creates, updates,
 *       deletes and subresources their rules name, with the real denial and failure statuses and
 *       warnings; {@code clientConfig.service} reaches the address {@link
 *       Builder#webhookServiceResolver} gives.
 *   <li>Deletion as on a cluster ({@link Deletions}): finalizers, Terminating namespaces and CRDs
 *       taking their objects with them, garbage collection of owned objects.
 *   <li>kubectl with {@link #writeKubeconfig(Path)}: {@code get} (with printer columns), {@code
 *       apply -f}, {@code create -f}, {@code replace -f}, {@code patch --type=merge|json}, {@code
 *       label}, {@code annotate}, {@code delete}, {@code explain}, {@code auth can-i} (always yes),
 *       {@code auth whoami}, {@code api-resources}, {@code api-versions}, {@code version}; OpenAPI
 *       v3 for custom resources; access reviews answered as for {@code system:masters}.
 * </ul>
 *
 * <h2>Limitations</h2>
 *
 * <ul>
 *   <li>No HTTP streaming watches ({@code kubectl get -w}, {@code kubectl wait}, and {@code kubectl
 *       delete} of an object with finalizers without {@code --wait=false}); WebSocket watches work.
 *   <li>No server-side apply and no strategic merge patch (415; configure JOSDK with {@code
 *       withUseSSAToPatchPrimaryResource(false)}); no dry runs (refused with 400 rather than
 *       applied); no RBAC; no mutating webhooks, no {@code matchConditions}; webhooks are not
 *       called for the deletions the background controllers make; no OpenAPI v2, no protobuf
 *       answers.
 *   <li>A webhook call holds the mock server's event loop while it lasts (up to its timeout).
 *   <li>Legacy discovery only (kubectl falls back to it); tables for custom resources only; an
 *       object named {@code status} cannot have its spec updated (the mock's subresource test).
 * </ul>
 *
 * <p>The namespace {@code default} is created at start; everything is kept in memory, no history.
 */
public final class EmbeddedKubernetes implements AutoCloseable {

  /** MockWebServer logs every request at INFO through java.util.logging; keep a strong ref. */
  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

  /** The user name and token written to the kubeconfig (the server accepts any token). */
  public static final String USER = "embedded-admin";

  /** The cluster and context name written to the kubeconfig. */
  public static final String CONTEXT = "embedded-kubernetes";

  private static final String TOKEN = "embedded-kubernetes-token";

  private final KubernetesMockServer server;
  private final EmbeddedKubernetesDispatcher dispatcher;
  private final WriteTrap writeTrap;
  private final String url;
  private final int port;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private volatile KubernetesClient client;
  private volatile boolean closed;
  private final BackgroundControllers controllers;

  private EmbeddedKubernetes(
      int requestedPort, boolean quiet, WebhookServiceResolver webhookServices) {
    if (quiet) {
      MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    }
    MockWebServer webServer = new MockWebServer();
    this.dispatcher =
        new EmbeddedKubernetesDispatcher(webServer, Clock.systemUTC(), webhookServices);
    this.writeTrap = new WriteTrap(dispatcher);
    this.server =
        new KubernetesMockServer(new Context(), webServer, new HashMap<>(), writeTrap, false);
    try {
      server.start(InetAddress.getByName("127.0.0.1"), requestedPort);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    this.port = server.getPort();
    this.url = "http://127.0.0.1:" + port;
    dispatcher.setServerAddress("127.0.0.1:" + port);
    this.controllers = BackgroundControllers.start(dispatcher::collectDeletions);
    dispatcher.onDelete(controllers::wake);
  }

  /** Starts a server on an ephemeral port with {@code crds} installed. */
  public static EmbeddedKubernetes start(List<CustomResourceDefinition> crds) {
    return builder().crds(crds).start();
  }

  /** A builder for a server with more options (fixed port, CRDs from YAML, namespaces). */
  public static Builder builder() {
    return new Builder();
  }

  /** The API server URL, {@code http://127.0.0.1:<port>} (no trailing slash). */
  public String url() {
    return url;
  }

  /** The crash tests' hook on PATCH and PUT requests (records them; traps one when armed). */
  public WriteTrap writeTrap() {
    return writeTrap;
  }

  /** The port the server listens on (the actual one when 0 was asked for). */
  public int port() {
    return port;
  }

  /**
   * A Fabric8 client configuration for this server: no TLS, a dummy bearer token, namespace {@code
   * default}, HTTP/2 off; independent of {@code ~/.kube/config} and {@code KUBECONFIG}.
   */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url + "/")
        .withOauthToken(TOKEN)
        .withNamespace("default")
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  /** The shared client for this server, created on first use and closed by {@link #close()}. */
  public KubernetesClient client() {
    ensureOpen();
    KubernetesClient result = client;
    if (result == null) {
      synchronized (this) {
        ensureOpen();
        result = client;
        if (result == null) {
          result = newClient();
          client = result;
        }
      }
    }
    return result;
  }

  /** A new client for this server; the caller closes it. */
  public KubernetesClient newClient() {
    ensureOpen();
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** Creates (or replaces) a custom resource definition, with its status subresource behaviour. */
  public CustomResourceDefinition installCrd(CustomResourceDefinition crd) {
    Objects.requireNonNull(crd, "crd");
    CustomResourceDefinition copy = serialization.clone(crd);
    copy.getMetadata().setResourceVersion(null);
    return client()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(copy)
        .createOr(existing -> existing.update());
  }

  /** The custom resource definitions stored in the server. */
  public List<CustomResourceDefinition> crds() {
    return dispatcher.readCrds();
  }

  /** Creates the namespace unless it exists; returns it as stored. */
  public Namespace createNamespace(String name) {
    Objects.requireNonNull(name, "name");
    Namespace existing = client().namespaces().withName(name).get();
    if (existing != null) {
      return existing;
    }
    return client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("kubernetes.io/metadata.name", name)
                .endMetadata()
                .withNewStatus()
                .withPhase("Active")
                .endStatus()
                .build())
        .create();
  }

  /**
   * The kubeconfig for this server as YAML: one cluster (plain http), one user with a dummy token,
   * one context with namespace {@code default}, selected.
   */
  public String kubeconfig() {
    return Kubeconfig.of(url, CONTEXT, USER, TOKEN);
  }

  /**
   * Writes {@link #kubeconfig()} to {@code file} (creating parent directories; owner-only
   * permissions where the file system supports them) and returns {@code file}. Usable with {@code
   * kubectl --kubeconfig file} and {@code Config.fromKubeconfig}.
   */
  public Path writeKubeconfig(Path file) {
    return Kubeconfig.writePrivate(file, kubeconfig());
  }

  /** Stops the server and closes the shared client. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    controllers.close();
    dispatcher.close();
    KubernetesClient shared = client;
    if (shared != null) {
      shared.close();
    }
    server.destroy();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("EmbeddedKubernetes is closed");
    }
  }

  /** Options for {@link EmbeddedKubernetes}. */
  public static final class Builder {
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final List<CustomResourceDefinition> crds = new ArrayList<>();
    private final Set<String> namespaces = new LinkedHashSet<>(List.of("default"));
    private int port;
    private boolean quiet = true;
    private WebhookServiceResolver webhookServices = WebhookServiceResolver.NONE;

    private Builder() {}

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** A custom resource definition to install at start. */
    public Builder crd(CustomResourceDefinition crd) {
      crds.add(Objects.requireNonNull(crd, "crd"));
      return this;
    }

    /** Custom resource definitions to install at start. */
    public Builder crds(List<CustomResourceDefinition> crds) {
      crds.forEach(this::crd);
      return this;
    }

    /** A custom resource definition (apiextensions.k8s.io/v1) read from YAML or JSON. */
    public Builder crdYaml(InputStream yaml) {
      return crd(serialization.unmarshal(yaml, CustomResourceDefinition.class));
    }

    /** A custom resource definition (apiextensions.k8s.io/v1) read from a YAML or JSON file. */
    public Builder crdYaml(Path file) {
      try (InputStream in = Files.newInputStream(file)) {
        return crdYaml(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read CRD " + file, e);
      }
    }

    /**
     * A custom resource definition read from a class path resource, such as {@code
     * META-INF/fabric8/userassignedidentities.identity.operators.dev-v1.yml}.
     */
    public Builder crdResource(String classpathResource) {
      String name =
          classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = EmbeddedKubernetes.class.getClassLoader();
      }
      try (InputStream in = loader.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalArgumentException("No class path resource " + classpathResource);
        }
        return crdYaml(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read CRD " + classpathResource, e);
      }
    }

    /**
     * Installs the CRDs with a spec schema that enforces nothing ({@code
     * x-kubernetes-preserve-unknown-fields}), as a cluster with an older or hand-made CRD would:
     * any spec is stored as written, so tests can show what the operator itself does with input the
     * API server did not refuse. Status keeps its schema.
     */
    public Builder schemaNotEnforced() {
      crds.replaceAll(CrdRegistration::withoutSpecSchema);
      return this;
    }

    /** Namespaces to create at start ({@code default} is always created). */
    public Builder namespace(String... names) {
      namespaces.addAll(List.of(names));
      return this;
    }

    /**
     * Whether to silence the mock web server's per-request INFO logging (java.util.logging); true
     * by default.
     */
    public Builder quiet(boolean quiet) {
      this.quiet = quiet;
      return this;
    }

    /**
     * Where admission webhooks given as {@code clientConfig.service} are reached (there is no
     * cluster network); none by default, so such a webhook fails to connect.
     */
    public Builder webhookServiceResolver(WebhookServiceResolver resolver) {
      this.webhookServices = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Starts the server, installs the CRDs, then creates the namespaces. */
    public EmbeddedKubernetes start() {
      EmbeddedKubernetes kube = new EmbeddedKubernetes(port, quiet, webhookServices);
      try {
        crds.forEach(kube::installCrd);
        namespaces.forEach(kube::createNamespace);
        return kube;
      } catch (RuntimeException e) {
        kube.close();
        throw e;
      }
    }
  }
}
