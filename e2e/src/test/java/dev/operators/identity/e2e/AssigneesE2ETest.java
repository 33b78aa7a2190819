package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Attaching identities to Azure resources end to end, against the emulator's providers. */
class AssigneesE2ETest extends E2EFixture {

  static String resourcePath(String type, String name) {
    return "/subscriptions/" + sub + "/resourceGroups/" + RG + "/providers/" + type + "/" + name;
  }

  /** Seeds a resource as its provider would hold it; identity block as given (or none). */
  static String seed(String type, String name, String location, String identityJson)
      throws Exception {
    String id = resourcePath(type, name);
    String kind =
        type.equals("Microsoft.Web/sites") && name.startsWith("func")
            ? ",\"kind\":\"functionapp\""
            : "";
    stack
        .emulator()
        .control()
        .putResource(
            id,
            JSON.readTree(
                "{\"location\":\""
                    + location
                    + "\""
                    + kind
                    + (identityJson == null ? "" : ",\"identity\":" + identityJson)
                    + "}"));
    return id;
  }

  JsonNode azureResource(String id) {
    return stack.emulator().control().getResource(id).orElseThrow();
  }

  static List<String> userIdentities(JsonNode resource) {
    List<String> ids = new ArrayList<>();
    Iterator<String> names = resource.path("identity").path("userAssignedIdentities").fieldNames();
    names.forEachRemaining(ids::add);
    return ids;
  }

  UserAssignedIdentity attachedTo(String name, String location, String... resourceIds) {
    var uai = identity(name, location);
    uai.getSpec().setAssignees(Stream.of(resourceIds).map(AssigneeSpec::new).toList());
    return uai;
  }

  static AssigneeStatus entry(UserAssignedIdentity uai, String resourceId) {
    return uai.getStatus().getAssignees().stream()
        .filter(a -> a.getResourceId().equals(resourceId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void attachesToEveryResourceTypeAndDetachesWhenRemoved() throws Exception {
    String vm = seed("Microsoft.Compute/virtualMachines", "vm-a", "eastus", null);
    String vmss = seed("Microsoft.Compute/virtualMachineScaleSets", "vmss-a", "eastus", null);
    String app = seed("Microsoft.Web/sites", "app-a", "eastus", null);
    String func = seed("Microsoft.Web/sites", "func-a", "eastus", null);
    String aca = seed("Microsoft.App/containerApps", "aca-a", "eastus", null);
    apply(attachedTo("every-type", "eastus", vm, vmss, app, func, aca));

    UserAssignedIdentity ready = awaitReady("every-type");
    String identity = ready.getStatus().getResourceId();

    for (String id : List.of(vm, vmss, app, func, aca)) {
      JsonNode resource = azureResource(id);
      assertThat(userIdentities(resource)).as(id).anyMatch(k -> k.equalsIgnoreCase(identity));
      assertThat(resource.path("identity").path("type").asText()).as(id).isEqualTo("UserAssigned");
      assertThat(entry(ready, id).getState()).isEqualTo(State.Attached);
    }
    assertThat(entry(ready, aca).getResourceType()).isEqualTo("Microsoft.App/containerApps");
    assertThat(entry(ready, aca).getLocation()).isEqualTo("eastus");

    edit("every-type", spec -> spec.setAssignees(List.of(new AssigneeSpec(vm))));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (String id : List.of(vmss, app, func, aca)) {
                assertThat(userIdentities(azureResource(id))).as(id).isEmpty();
                assertThat(azureResource(id).path("identity").path("type").asText("None"))
                    .as(id)
                    .isEqualTo("None");
              }
            });
    assertThat(userIdentities(azureResource(vm))).hasSize(1);
  }

  @Test
  void aConcurrentChangeBetweenTheReadAndTheWriteLosesNothing() throws Exception {
    String vm = seed("Microsoft.Compute/virtualMachines", "vm-race", "eastus", null);
    // The operator's PATCH is held up; meanwhile someone enables the VM's system-assigned
    // identity. The operator's write, computed from its earlier read, would switch it off again
    // ("UserAssigned"): the VM's ETag makes that stale write fail, and the operator writes again
    // from a fresh read.
    stack
        .emulator()
        .control()
        .injectFault(
            FaultRule.latency("PATCH", "/virtualMachines/vm-race$", Duration.ofSeconds(3), 1));
    apply(attachedTo("racing", "eastus", vm));
    // The operator's PATCH has reached Azure, which holds it.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> stack.emulator().control().count("PATCH", "/virtualMachines/vm-race$") > 0);
    stack.emulator().control().clearFaults();
    // A portal click enables the system-assigned identity (a write that changes the ETag).
    ObjectNode clicked = (ObjectNode) azureResource(vm);
    clicked.putObject("identity").put("type", "SystemAssigned");
    stack.emulator().control().putResource(vm, clicked);

    UserAssignedIdentity ready = awaitReady("racing");
    String identity = ready.getStatus().getResourceId();
    JsonNode resource = azureResource(vm);
    assertThat(resource.at("/identity/type").asText()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(resource.at("/identity/principalId").asText()).isNotBlank();
    assertThat(userIdentities(resource)).anyMatch(k -> k.equalsIgnoreCase(identity));
    assertThat(stack.emulator().control().count("PATCH", "/virtualMachines/vm-race$")).isEqualTo(2);
  }
}
