package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.ThrottlingConfig;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system for black-box tests: the real operator (JOSDK, Fabric8, the Azure SDK over HTTPS
 * with the Entra token flow) against the Kubernetes mock server and the ARM emulator, one stack per
 * test class, one namespace per test.
 */
abstract class E2EFixture {

  static final String RG = "rg-orders";
  static final String IDENTITIES = "Microsoft.ManagedIdentity/userAssignedIdentities";
  static final Duration RESYNC = Duration.ofSeconds(3);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static EmbeddedStack stack;

  /** The emulator's clock: real time, which a test may move ahead instead of waiting. */
  static ShiftedClock clock;

  static String sub;
  private static AzurePorts someoneElse;

  String namespace;

  @BeforeAll
  static void startStack(TestInfo info) {
    boolean enforced =
        info.getTestClass().map(c -> !c.isAnnotationPresent(SchemaNotEnforced.class)).orElse(true);
    clock = new ShiftedClock();
    stack =
        EmbeddedStack.start(
            EmulatorConfig.defaults().withThrottling(ThrottlingConfig.unlimited()).withClock(clock),
            0,
            work,
            enforced);
    sub = stack.emulator().defaultSubscriptionId();
    stack.emulator().control().createResourceGroup(sub, RG, "eastus");
    stack.startOperator(stack.operatorConfig(RESYNC));
  }

  /**
   * Azure as another client sees it (a person in the portal, another tool): the real ARM API
   * through the SDK, outside the operator.
   */
  static synchronized AzurePorts someoneElse() {
    if (someoneElse == null) {
      someoneElse = SdkAzurePorts.connect(stack.operatorConfig(RESYNC));
    }
    return someoneElse;
  }

  @AfterAll
  static void stopStack() {
    someoneElse = null;
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void freshNamespace(TestInfo test) {
    namespace = "t-" + Integer.toHexString(test.getDisplayName().hashCode() & 0xfffffff);
    stack.kubernetes().createNamespace(namespace);
    stack.emulator().control().clearFaults();
    stack.emulator().control().clearRequests();
  }

  @AfterEach
  void operatorRunning() {
    stack.emulator().control().clearFaults();
    try {
      stack.startOperator(stack.operatorConfig(RESYNC));
    } catch (IllegalStateException alreadyRunning) {
      // the usual case
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  UserAssignedIdentity identity(String name, String location) {
    var spec = new UserAssignedIdentitySpec();
    spec.setResourceGroup(RG);
    spec.setLocation(location);
    spec.setTags(Map.of("team", "orders"));
    var uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    uai.setSpec(spec);
    return uai;
  }

  /** An identity that holds Reader on the fixture's resource group. */
  UserAssignedIdentity identityWithReader(String name) {
    UserAssignedIdentity uai = identity(name, "eastus");
    uai.getSpec()
        .setRoleAssignments(
            List.of(
                new dev.operators.identity.api.v1alpha1.RoleAssignmentSpec(
                    "Reader", "/subscriptions/" + sub + "/resourceGroups/" + RG)));
    return uai;
  }

  Resource<UserAssignedIdentity> cr(String name) {
    return stack
        .client()
        .resources(UserAssignedIdentity.class)
        .inNamespace(namespace)
        .withName(name);
  }

  UserAssignedIdentity apply(UserAssignedIdentity uai) {
    return stack.client().resource(uai).createOr(existing -> existing.update());
  }

  void edit(String name, java.util.function.Consumer<UserAssignedIdentitySpec> change) {
    cr(name)
        .edit(
            current -> {
              change.accept(current.getSpec());
              return current;
            });
  }

  static Optional<Condition> condition(UserAssignedIdentity uai, String type) {
    if (uai == null || uai.getStatus() == null) {
      return Optional.empty();
    }
    return uai.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  UserAssignedIdentity awaitCondition(String name, String type, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              var c = condition(cr(name).get(), type);
              assertThat(c).as("%s condition of %s", type, name).isPresent();
              assertThat(c.get().getStatus()).as(c.get().getMessage()).isEqualTo(status);
              assertThat(c.get().getReason()).as(c.get().getMessage()).isEqualTo(reason);
            });
    return cr(name).get();
  }

  UserAssignedIdentity awaitReady(String name) {
    UserAssignedIdentity ready = awaitCondition(name, "Ready", "True", "Reconciled");
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    return ready;
  }

  String armId(String name) {
    return "/subscriptions/"
        + sub
        + "/resourceGroups/"
        + RG
        + "/providers/"
        + IDENTITIES
        + "/"
        + name;
  }

  Optional<JsonNode> azureIdentity(String name) {
    return stack.emulator().control().getResource(armId(name));
  }

  /** The role assignments Azure holds for the principal. */
  static List<JsonNode> assignmentsOf(String principalId) {
    return stack.emulator().control().roleAssignments().stream()
        .filter(a -> a.at("/properties/principalId").asText().equals(principalId))
        .toList();
  }

  long identitiesNamed(String name) {
    return stack.emulator().control().listResources(IDENTITIES).stream()
        .filter(r -> r.path("name").asText().equalsIgnoreCase(name))
        .count();
  }

  long writesTo(String name) {
    String path = "(?i)/userAssignedIdentities/" + name + "$";
    return stack.emulator().control().count("PUT", path)
        + stack.emulator().control().count("PATCH", path)
        + stack.emulator().control().count("DELETE", path);
  }

  List<String> events(String name) {
    return stack.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }

  /** Someone else (a person in the portal, another tool) creates an assignment through ARM. */
  RoleAssignment outOfBand(String scope, String roleGuid, String principalId) {
    var write =
        someoneElse()
            .roleAssignments()
            .create(
                new NewRoleAssignment(
                    scope,
                    UUID.randomUUID().toString(),
                    "/subscriptions/"
                        + sub
                        + "/providers/Microsoft.Authorization/roleDefinitions/"
                        + roleGuid,
                    principalId,
                    "created outside the operator",
                    null,
                    null));
    return ((RoleAssignmentWrite.Written) write).assignment();
  }
}
