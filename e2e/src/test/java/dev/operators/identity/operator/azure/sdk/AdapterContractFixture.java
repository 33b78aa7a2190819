package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.identity.e2e.ShiftedClock;
import dev.operators.identity.e2e.local.OperatorLaunch;
import dev.operators.identity.emulator.ArmEmulator;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.EmulatorControl;
import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.emulator.RecordedRequest;
import dev.operators.identity.emulator.ThrottlingConfig;
import dev.operators.identity.operator.azure.AssigneeChange;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import dev.operators.identity.operator.config.OperatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK adapters against the ARM emulator, in-process and without Kubernetes: one emulator per
 * test class, and for every test an empty Azure and fresh adapters (no cache carries over), built
 * by the production factory ({@link SdkAzurePorts}) from the configuration the operator reads from
 * its environment. The configured pipeline gets one policy appended, which records every request as
 * it goes on the wire (method, URL, If-Match, body), for what the emulator accepts either way.
 *
 * <p>This is the only class that knows the emulator: tests reach its state, fault injection, access
 * denials and request log through the methods below.
 */
abstract class AdapterContractFixture {

  static final String RG = "rg-contract";
  static final String IDENTITIES = "Microsoft.ManagedIdentity/userAssignedIdentities";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the adapter sent it, after retries and authentication: one per attempt. */
  record SentRequest(String method, String url, String ifMatch, String body) {
    String path() {
      return java.net.URI.create(url).getRawPath();
    }

    String rawQuery() {
      return java.net.URI.create(url).getRawQuery();
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @TempDir static Path work;
  private static ArmEmulator emulator;
  private static Path caFile;
  static String sub;

  AzurePorts ports;
  private final List<SentRequest> sent = new CopyOnWriteArrayList<>();

  /** The emulator's clock: real time, moved ahead to end a long-running operation at once. */
  static ShiftedClock clock;

  @BeforeAll
  static void startEmulator() {
    clock = new ShiftedClock();
    emulator =
        ArmEmulator.start(
            EmulatorConfig.defaults()
                .withThrottling(ThrottlingConfig.unlimited())
                .withClock(clock));
    sub = emulator.defaultSubscriptionId();
    caFile = emulator.writeCaCertificate(work.resolve("emulator-ca.pem"));
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @BeforeEach
  void emptyAzureAndFreshAdapters() {
    control().reset();
    control().createResourceGroup(sub, RG, "eastus");
    OperatorConfig config = OperatorConfig.fromEnvironment(environment());
    AzureSdk configuredSdk = AzureSdk.connect(config);
    HttpPipeline configured = configuredSdk.pipeline();
    List<HttpPipelinePolicy> policies = new ArrayList<>();
    IntStream.range(0, configured.getPolicyCount())
        .forEach(i -> policies.add(configured.getPolicy(i)));
    policies.add(recorder());
    HttpPipeline observed =
        new HttpPipelineBuilder()
            .httpClient(configured.getHttpClient())
            .policies(policies.toArray(HttpPipelinePolicy[]::new))
            .build();
    ports =
        SdkAzurePorts.on(
            AzureSdk.on(config.cloud(), config.tenantId(), observed),
            config.defaultSubscription(),
            SdkDirectoryAdapter.connect(configuredSdk));
  }

  /**
   * Follows an attach or detach to its end as later passes would: one look at the operation per
   * pass, the emulator's clock moved past it in between.
   */
  AssigneeResource settled(String resourceId, AssigneeChange change) {
    for (int look = 0; change instanceof AssigneeChange.Running running; look++) {
      assertThat(look).as("looks at the operation of %s", resourceId).isLessThan(5);
      clock.moveAhead(Duration.ofSeconds(5));
      change = ports.assignees().check(resourceId, running.operation());
    }
    return ((AssigneeChange.Done) change).resource();
  }

  /** The emulator's ARM endpoint, which every poll URL must be on. */
  static String armEndpoint() {
    return emulator.baseUrl().toString();
  }

  /** A role assignment PUT that Azure took as it was (not answered as existing elsewhere). */
  static RoleAssignment written(RoleAssignmentWrite write) {
    assertThat(write).isInstanceOf(RoleAssignmentWrite.Written.class);
    return ((RoleAssignmentWrite.Written) write).assignment();
  }

  /** The operator's environment for this emulator, as {@code emulator.env} gives it. */
  private Map<String, String> environment() {
    String url = emulator.baseUrl().toString();
    Map<String, String> env = new java.util.HashMap<>();
    env.put("AZURE_GRAPH_ENDPOINT", url);
    env.put("AZURE_GRAPH_AUDIENCE", "https://graph.microsoft.com");
    env.put("OPERATOR_AZURE_RATE_SCALE", OperatorLaunch.EMULATOR_RATE_SCALE);
    env.putAll(
        Map.of(
            "AZURE_CLOUD",
            "Custom",
            "AZURE_RESOURCE_MANAGER_ENDPOINT",
            url,
            "AZURE_AUTHORITY_HOST",
            url,
            "AZURE_CA_CERT_FILE",
            emulator.writeCaCertificate(work.resolve("ca.pem")).toString(),
            "AZURE_TENANT_ID",
            emulator.tenantId(),
            "AZURE_CLIENT_ID",
            emulator.clientId(),
            "AZURE_CLIENT_SECRET",
            emulator.clientSecret(),
            "AZURE_SUBSCRIPTION_ID",
            sub,
            "OPERATOR_CLUSTER_NAME",
            "contract"));
    return env;
  }

  private HttpPipelinePolicy recorder() {
    return new HttpPipelineSyncPolicy() {
      @Override
      protected void beforeSendingRequest(HttpPipelineCallContext context) {
        HttpRequest request = context.getHttpRequest();
        BinaryData body = request.getBodyAsBinaryData();
        sent.add(
            new SentRequest(
                request.getHttpMethod().name(),
                request.getUrl().toString(),
                request.getHeaders().getValue(HttpHeaderName.IF_MATCH),
                body == null || !body.isReplayable() ? null : body.toString()));
      }
    };
  }

  /** Microsoft Graph's directory in the emulator (groups, app roles, replication, throttling). */
  static dev.operators.identity.emulator.graph.GraphDirectory graph() {
    return emulator.graph();
  }

  private static EmulatorControl control() {
    return emulator.control();
  }

  // --- Azure's state ---------------------------------------------------------------------------

  static String rgScope() {
    return "/subscriptions/" + sub + "/resourceGroups/" + RG;
  }

  static String resourceId(String type, String name) {
    return rgScope() + "/providers/" + type + "/" + name;
  }

  static String roleId(String guid) {
    return "/subscriptions/" + sub + "/providers/Microsoft.Authorization/roleDefinitions/" + guid;
  }

  static void createResourceGroup(String name) {
    control().createResourceGroup(sub, name, "eastus");
  }

  /** Puts a resource as someone in the portal would: no fault, no throttling, no log entry. */
  static JsonNode seed(String armId, String json) {
    try {
      return control().putResource(armId, JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<JsonNode> azure(String armId) {
    return control().getResource(armId);
  }

  /** The identity's federated credentials as the emulator holds them. */
  static List<JsonNode> credentialsOf(String identityId) {
    return control().federatedCredentials(identityId);
  }

  /** How long a credential write keeps its identity's credentials locked (overlap: 409). */
  static void credentialLock(Duration duration) {
    control().setFederatedCredentialLockDuration(duration);
  }

  /** The regions the emulator's subscriptions see. */
  static Set<String> emulatorRegions() {
    return emulator.config().locations();
  }

  // --- faults and denials ----------------------------------------------------------------------

  /** The next {@code count} matching requests (-1: all) answer {@code status}, ARM's error body. */
  static void failNext(String method, String pathRegex, int status, int count) {
    control().injectFault(FaultRule.status(method, pathRegex, status, count));
  }

  /** The next matching request answers 429 with {@code Retry-After: seconds}. */
  static void throttleNext(String method, String pathRegex, int seconds) {
    control().injectFault(FaultRule.status(method, pathRegex, 429, 1).withRetryAfter(seconds));
  }

  /** The next {@code count} matching requests (-1: all) lose their connection, no answer. */
  static void dropConnections(String method, String pathRegex, int count) {
    control().injectFault(FaultRule.dropConnection(method, pathRegex, count));
  }

  /** The next matching request is held this long, then served. */
  static void holdNext(String method, String pathRegex, Duration latency) {
    control().injectFault(FaultRule.latency(method, pathRegex, latency, 1));
  }

  /** Requests whose ARM action matches (e.g. {@code .../roleAssignments/write}) answer 403. */
  static void deny(String actionRegex, String scopePrefix) {
    control().denyAction(actionRegex, scopePrefix);
  }

  // --- what reached Azure ----------------------------------------------------------------------

  /** Requests that reached the emulator (answered or still in flight). */
  static long served(String method, String pathRegex) {
    return control().count(method, pathRegex);
  }

  static long servedOk(String method, String pathRegex) {
    return control().countSucceeded(method, pathRegex);
  }

  /** Every request that reached the emulator, ARM and Entra alike. */
  static long servedAtAll() {
    return control().requests().size();
  }

  /** The {@code x-ms-request-id} the emulator answered the latest matching request with. */
  static String requestIdOf(String method, String pathRegex) {
    Pattern path = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
    List<RecordedRequest> matching =
        control().requests().stream()
            .filter(r -> r.method().equalsIgnoreCase(method) && path.matcher(r.path()).find())
            .toList();
    return matching.get(matching.size() - 1).requestId();
  }

  /** Waits until a matching request has reached the emulator (it may still be in flight). */
  static void awaitArrival(String method, String pathRegex) {
    await().atMost(Duration.ofSeconds(20)).until(() -> served(method, pathRegex) > 0);
  }

  /** What the adapters sent, each attempt: method and a regex found in the path. */
  List<SentRequest> sent(String method, String pathRegex) {
    Pattern path = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
    return sent.stream()
        .filter(r -> r.method().equals(method) && path.matcher(r.path()).find())
        .toList();
  }
}
