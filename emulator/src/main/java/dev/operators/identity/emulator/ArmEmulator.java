package dev.operators.identity.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.operators.identity.emulator.arm.ArmPipeline;
import dev.operators.identity.emulator.arm.ArmRouter;
import dev.operators.identity.emulator.arm.AsyncOperations;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.ThrottlingPolicy;
import dev.operators.identity.emulator.authorization.AuthorizationProvider;
import dev.operators.identity.emulator.control.DefaultEmulatorControl;
import dev.operators.identity.emulator.control.EmulatorControlApi;
import dev.operators.identity.emulator.control.FaultInjector;
import dev.operators.identity.emulator.control.RequestLog;
import dev.operators.identity.emulator.entra.EntraEndpoints;
import dev.operators.identity.emulator.entra.TokenService;
import dev.operators.identity.emulator.graph.GraphDirectory;
import dev.operators.identity.emulator.graph.GraphEndpoints;
import dev.operators.identity.emulator.http.TlsMaterial;
import dev.operators.identity.emulator.resources.AssigneeBridge;
import dev.operators.identity.emulator.resources.ResourceGroupHandler;
import dev.operators.identity.emulator.resources.SubscriptionHandler;
import dev.operators.identity.emulator.resources.UserAssignedIdentityHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for Azure Resource Manager and Microsoft Entra ID over HTTPS on 127.0.0.1:
 * resource groups, user-assigned managed identities, the client-credentials token flow, ARM's
 * errors and throttling, plus fault injection and a control API. Thread-safe.
 */
public final class ArmEmulator implements AutoCloseable {

  /**
   * The JDK's HTTP server leaves Nagle's algorithm on unless this is true (read once, when the
   * JVM's first server is made): a response written as more than one TLS record then waits for the
   * client's delayed ACK, about 40 ms per request, so every emulator request cost that.
   */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private final EmulatorConfig config;
  private final TlsMaterial tls;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final URI baseUrl;
  private final TokenService tokens;
  private final DefaultEmulatorControl control;
  private final GraphDirectory graph;

  private ArmEmulator(EmulatorConfig config) throws IOException {
    this.config = config;
    this.tls = TlsMaterial.generate();
    this.server =
        HttpsServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 128);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    this.baseUrl = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    this.tokens = new TokenService(baseUrl, config.clock());

    EmulatorState state = new EmulatorState(config, baseUrl);
    AsyncOperations operations = new AsyncOperations(config.clock());
    ResourceGroupHandler resourceGroups = new ResourceGroupHandler(state, operations);
    AssigneeBridge assignees = new AssigneeBridge(state, operations);
    ThrottlingPolicy throttling = new ThrottlingPolicy(config.throttling(), config.clock());
    UserAssignedIdentityHandler identities =
        new UserAssignedIdentityHandler(state, throttling.identityProvider());
    ArmRouter router =
        new ArmRouter(
            state,
            new SubscriptionHandler(state),
            resourceGroups,
            operations,
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(identities), assignees.handlers().stream())
                .toList());
    assignees.attach(router);
    AuthorizationProvider authorization = new AuthorizationProvider(state);
    router.addExtension(authorization);
    FaultInjector faults = new FaultInjector();
    RequestLog log = new RequestLog();
    this.control =
        new DefaultEmulatorControl(
            state,
            faults,
            log,
            throttling,
            operations,
            resourceGroups,
            identities,
            router,
            authorization);
    ArmPipeline pipeline = new ArmPipeline(state, tokens, throttling, operations, router);
    EntraEndpoints entra = new EntraEndpoints(config, tokens, baseUrl);
    this.graph = new GraphDirectory(state);
    control.alsoReset(graph::reset);
    GraphEndpoints graphEndpoints =
        new GraphEndpoints(graph, tokens, config.tenantId(), baseUrl.toString());
    EmulatorControlApi controlApi =
        new EmulatorControlApi(control, graph, config, baseUrl.toString());
    server.createContext(
        "/",
        new EmulatorHttpHandler(
            pipeline, entra, graphEndpoints, controlApi, faults, log, config.clock()));
    this.executor = Executors.newCachedThreadPool(daemonThreads());
    server.setExecutor(executor);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "arm-emulator-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts an emulator on 127.0.0.1 (port 0 = ephemeral). */
  public static ArmEmulator start(EmulatorConfig config) {
    try {
      ArmEmulator emulator = new ArmEmulator(config);
      emulator.server.start();
      return emulator;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the ARM emulator", e);
    }
  }

  /** {@code https://127.0.0.1:PORT}, no trailing slash: ARM, Entra and the control API. */
  public URI baseUrl() {
    return baseUrl;
  }

  public EmulatorConfig config() {
    return config;
  }

  public String tenantId() {
    return config.tenantId();
  }

  public String clientId() {
    return config.clientId();
  }

  public String clientSecret() {
    return config.clientSecret();
  }

  public String defaultSubscriptionId() {
    return config.defaultSubscriptionId();
  }

  /** The object id of the registered client's service principal (the {@code oid} of its tokens). */
  public String clientObjectId() {
    return TokenService.servicePrincipalObjectId(config.clientId());
  }

  /** An SSLContext that trusts the emulator's certificate (and nothing else). */
  public SSLContext clientSslContext() {
    return tls.clientContext();
  }

  public String caCertificatePem() {
    return tls.certificatePem();
  }

  public Path writeCaCertificate(Path file) {
    return tls.writePem(file);
  }

  /**
   * Writes the connection details as {@code export KEY=value} lines a shell can source (so that
   * programs started from that shell see them): the emulator's URL and CA file for curl, and the
   * operator's own environment variables (AZURE_CLOUD=Custom, its endpoints, tenant, client
   * credentials, default subscription) to point an operator at it.
   */
  public Path writeConnectionEnv(Path file, Path caFile) {
    String url = baseUrl().toString();
    String env =
        String.join(
            "\n",
            "ARM_EMULATOR_URL=" + url,
            "ARM_EMULATOR_CA_FILE=" + caFile.toAbsolutePath(),
            "AZURE_CLOUD=Custom",
            "AZURE_RESOURCE_MANAGER_ENDPOINT=" + url,
            "AZURE_AUTHORITY_HOST=" + url,
            "AZURE_GRAPH_ENDPOINT=" + url,
            "AZURE_GRAPH_AUDIENCE=https://graph.microsoft.com",
            "AZURE_CA_CERT_FILE=" + caFile.toAbsolutePath(),
            "AZURE_TENANT_ID=" + tenantId(),
            "AZURE_CLIENT_ID=" + clientId(),
            "AZURE_CLIENT_SECRET=" + clientSecret(),
            "AZURE_SUBSCRIPTION_ID=" + defaultSubscriptionId(),
            "");
    env =
        env.lines()
            .map(line -> "export " + line)
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    try {
      if (file.getParent() != null) {
        java.nio.file.Files.createDirectories(file.getParent());
      }
      java.nio.file.Files.writeString(file, env);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }

  public EmulatorControl control() {
    return control;
  }

  /**
   * Microsoft Graph's directory (groups, resource service principals, memberships, app role
   * assignments, replication delay, throttling), served under {@link #graphBaseUrl()}.
   */
  public GraphDirectory graph() {
    return graph;
  }

  /** The Graph SDK's base URL: {@code https://127.0.0.1:PORT/v1.0}. */
  public URI graphBaseUrl() {
    return URI.create(baseUrl + "/v1.0");
  }

  /**
   * Test hook: a token signed by the emulator for any tenant, audience and lifetime (negative =
   * already expired), to exercise ARM's token checks without going through Entra.
   */
  public String issueAccessToken(String tenantId, String audience, Duration lifetime) {
    return tokens.issue(tenantId, config.clientId(), audience, lifetime);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
