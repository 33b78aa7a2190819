package dev.operators.identity.e2e.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.e2e.EmbeddedStack;
import dev.operators.identity.e2e.local.OperatorLaunch;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.EmulatorControl;
import dev.operators.identity.emulator.ThrottlingConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the crash matrix runs on: the ARM emulator and the embedded Kubernetes API in this JVM, and
 * the operator's jar as a child process that reaches the API through a relay (which can cut it off)
 * and the emulator directly (whose faults hold, drop or refuse its requests).
 */
final class CrashStack implements AutoCloseable {

  static final String RG = "rg-crash";
  static final String DATA_RG = "rg-crash-data";
  static final String LOCATION = "eastus";
  static final String STORAGE_ACCOUNT =
      "/resourceGroups/" + DATA_RG + "/providers/Microsoft.Storage/storageAccounts/crashdata";
  static final String REGISTRY =
      "/resourceGroups/" + DATA_RG + "/providers/Microsoft.ContainerRegistry/registries/crashacr";
  static final String VAULT =
      "/resourceGroups/" + DATA_RG + "/providers/Microsoft.KeyVault/vaults/crash-kv";

  /** The operator's default: nothing here converges because a resync came early. */
  static final Duration RESYNC = Duration.ofMinutes(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmbeddedStack stack;
  private final ApiRelay relay;
  private final OperatorProcess operator;

  private CrashStack(EmbeddedStack stack, ApiRelay relay, OperatorProcess operator) {
    this.stack = stack;
    this.relay = relay;
    this.operator = operator;
  }

  /** Starts the emulator and the API; the operator process starts with {@link #operator()}. */
  static CrashStack start(Path work) {
    EmbeddedStack stack =
        EmbeddedStack.start(
            EmulatorConfig.defaults().withThrottling(ThrottlingConfig.unlimited()), 0, work);
    ApiRelay relay = ApiRelay.to(stack.kubernetes().port());
    Path envFile =
        stack.emulator().writeConnectionEnv(work.resolve("emulator.env"), stack.caFile());
    Path kubeconfig = work.resolve("operator-kubeconfig");
    write(
        kubeconfig, stack.kubernetes().kubeconfig().replace(stack.kubernetes().url(), relay.url()));
    Map<String, String> env =
        new java.util.LinkedHashMap<>(OperatorLaunch.environment(envFile, kubeconfig, RESYNC));
    env.put("OPERATOR_HEALTH_PORT", "0");
    OperatorProcess operator =
        new OperatorProcess(operatorJar(), env, work.resolve("operator.log"));
    return new CrashStack(stack, relay, operator);
  }

  /** The operator's runnable jar, from the e2e module (tests) or the repository root. */
  static Path operatorJar() {
    Path fromModule = Path.of("..").resolve(OperatorLaunch.JAR);
    return Files.exists(fromModule) ? fromModule : OperatorLaunch.JAR;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  OperatorProcess operator() {
    return operator;
  }

  ApiRelay relay() {
    return relay;
  }

  EmulatorControl azure() {
    return stack.emulator().control();
  }

  KubernetesClient client() {
    return stack.client();
  }

  EmbeddedStack stack() {
    return stack;
  }

  String subscription() {
    return stack.emulator().defaultSubscriptionId();
  }

  /** Creates a namespace of its own for one case (a fresh name: no state carried over). */
  String namespace(String name) {
    stack.kubernetes().createNamespace(name);
    return name;
  }

  /** Azure as a scenario starts from: empty but for its resource groups, scopes and assignees. */
  void resetAzure(Scenario scenario) {
    EmulatorControl azure = azure();
    azure.reset();
    azure.createResourceGroup(subscription(), RG, LOCATION);
    azure.createResourceGroup(subscription(), DATA_RG, LOCATION);
    for (String scope : new String[] {STORAGE_ACCOUNT, REGISTRY, VAULT}) {
      put(scope, JSON.createObjectNode().put("location", LOCATION));
    }
    for (Scenario.Assignee assignee : scenario.azureResources()) {
      ObjectNode body = JSON.createObjectNode().put("location", LOCATION);
      if (assignee.type().equals("Microsoft.Web/sites")) {
        body.put("kind", "app");
      }
      azure.putResource(assignee.resourceId(subscription()), body);
    }
  }

  private void put(String relativeId, ObjectNode body) {
    azure().putResource("/subscriptions/" + subscription() + relativeId, body);
  }

  @Override
  public void close() {
    operator.close();
    relay.close();
    stack.close();
  }
}
