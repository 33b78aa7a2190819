package dev.operators.identity.e2e.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.e2e.EmbeddedStack;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.EmulatorControl;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diff finds what it counts: a zero in the matrix means none was there. */
class InventoryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READER = Scenario.ROLES.get("Reader");

  @TempDir static Path work;
  static EmbeddedStack stack;
  static EmulatorControl azure;
  static AzurePorts ports;
  static String sub;

  @BeforeAll
  static void start() {
    stack = EmbeddedStack.start(EmulatorConfig.defaults(), 0, work);
    azure = stack.emulator().control();
    sub = stack.emulator().defaultSubscriptionId();
    ports = SdkAzurePorts.connect(stack.operatorConfig(Duration.ofMinutes(10)));
    azure.createResourceGroup(sub, CrashStack.RG, CrashStack.LOCATION);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private static String identity(String azureName, String ownerName) {
    String id = Inventory.armId(declared(azureName, List.of(), List.of()), sub);
    ObjectNode body = JSON.createObjectNode().put("location", CrashStack.LOCATION);
    body.putObject("tags")
        .put("identity.operators.dev.cluster", EmbeddedStack.CLUSTER_NAME)
        .put("identity.operators.dev.namespace", "t")
        .put("identity.operators.dev.name", ownerName);
    azure.putResource(id, body);
    return id;
  }

  private static String principal(String identityId) {
    return azure.getResource(identityId).orElseThrow().at("/properties/principalId").asText();
  }

  private static void grantReader(String identityId) {
    ports
        .roleAssignments()
        .create(
            new NewRoleAssignment(
                rg(),
                UUID.randomUUID().toString(),
                "/subscriptions/"
                    + sub
                    + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + READER,
                principal(identityId),
                null,
                null,
                null));
  }

  private static String rg() {
    return "/subscriptions/" + sub + "/resourceGroups/" + CrashStack.RG;
  }

  private static UserAssignedIdentity declared(
      String name, List<String> readerScopes, List<String> assignees) {
    var spec = new UserAssignedIdentitySpec();
    spec.setResourceGroup(CrashStack.RG);
    spec.setLocation(CrashStack.LOCATION);
    spec.setRoleAssignments(
        readerScopes.stream().map(s -> new RoleAssignmentSpec("Reader", s)).toList());
    spec.setAssignees(assignees.stream().map(AssigneeSpec::new).toList());
    var uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withNamespace("t").withName(name).build());
    uai.setSpec(spec);
    return uai;
  }

  @Test
  void countsDuplicatesOrphansStaleGrantsDanglingAssigneesAndDrift() {
    String kept = identity("kept", "kept");
    grantReader(kept);
    String duplicate = identity("kept-again", "kept");
    identity("nobody-declares-me", "gone");
    String deleted = identity("deleted-later", "deleted-later");
    grantReader(deleted);
    identity("drifted", "drifted");
    String vm = rg() + "/providers/Microsoft.Compute/virtualMachines/vm-inventory";
    ObjectNode machine = JSON.createObjectNode().put("location", CrashStack.LOCATION);
    ObjectNode block = machine.putObject("identity").put("type", "UserAssigned");
    block.putObject("userAssignedIdentities").putObject(kept);
    ((ObjectNode) block.get("userAssignedIdentities")).putObject(deleted);
    azure.putResource(vm, machine);
    azure.deleteResource(deleted);

    Inventory.Findings findings =
        new Inventory(azure, EmbeddedStack.CLUSTER_NAME)
            .diff(
                List.of(
                    declared("kept", List.of(rg()), List.of(vm)),
                    declared("drifted", List.of(rg()), List.of())),
                sub);

    assertThat(findings.duplicateIdentities()).as(findings.details().toString()).isEqualTo(1);
    assertThat(findings.orphanIdentities()).isEqualTo(2);
    assertThat(findings.staleRoleAssignments()).isEqualTo(1);
    assertThat(findings.danglingAssignees()).isEqualTo(1);
    assertThat(findings.driftedResources()).isEqualTo(1);
    assertThat(findings.duplicateRoleAssignments()).isZero();
    assertThat(findings.details())
        .anyMatch(d -> d.equalsIgnoreCase("orphan identity " + duplicate + " of t/kept"))
        .anyMatch(d -> d.contains("points at deleted identity " + Inventory.key(deleted)))
        .anyMatch(
            d ->
                d.startsWith("t/drifted does not hold as declared")
                    && d.contains("role assignments []"))
        .noneMatch(d -> d.startsWith("t/kept does not hold"));
    assertThat(Verdict.outcomes(true, true, findings))
        .containsExactlyInAnyOrder(
            Verdict.Outcome.DUPLICATE,
            Verdict.Outcome.ORPHAN,
            Verdict.Outcome.STALE_ASSIGNMENT,
            Verdict.Outcome.DANGLING_ASSIGNEE,
            Verdict.Outcome.DRIFT);

    azure.reset();
    azure.createResourceGroup(sub, CrashStack.RG, CrashStack.LOCATION);
    assertThat(new Inventory(azure, EmbeddedStack.CLUSTER_NAME).diff(List.of(), sub).clean())
        .isTrue();
  }
}
