package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.operator.azure.AzureRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attaching identities to Azure resources end to end, against the emulator's providers. */
class AssigneesE2ETest extends E2EFixture {

  static String otherIdentity;

  @BeforeAll
  static void seedAnotherIdentity() throws Exception {
    otherIdentity = identityPath("someone-elses");
    stack
        .emulator()
        .control()
        .putResource(otherIdentity, JSON.readTree("{\"location\":\"eastus\"}"));
  }

  static String identityPath(String name) {
    return "/subscriptions/"
        + sub
        + "/resourceGroups/"
        + RG
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
        + name;
  }

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
  void otherIdentitiesOnTheResourceAreKept() throws Exception {
    String vm =
        seed(
            "Microsoft.Compute/virtualMachines",
            "vm-shared",
            "eastus",
            "{\"type\":\"SystemAssigned, UserAssigned\",\"userAssignedIdentities\":{\""
                + otherIdentity
                + "\":{}}}");
    String systemPrincipal = azureResource(vm).at("/identity/principalId").asText();
    apply(attachedTo("shared-vm", "eastus", vm));

    String identity = awaitReady("shared-vm").getStatus().getResourceId();

    JsonNode resource = azureResource(vm);
    assertThat(resource.at("/identity/type").asText()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(resource.at("/identity/principalId").asText()).isEqualTo(systemPrincipal);
    assertThat(userIdentities(resource))
        .anyMatch(k -> k.equalsIgnoreCase(identity))
        .anyMatch(k -> k.equalsIgnoreCase(otherIdentity));

    cr("shared-vm").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cr("shared-vm").get() == null);
    JsonNode after = azureResource(vm);
    assertThat(userIdentities(after))
        .singleElement()
        .satisfies(k -> assertThat(k).isEqualToIgnoringCase(otherIdentity));
    assertThat(after.at("/identity/type").asText()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(after.at("/identity/principalId").asText()).isEqualTo(systemPrincipal);
  }

  @Test
  void regionalIsolationIsEnforcedBeforeTheWriteAndByAzure() throws Exception {
    String near = seed("Microsoft.Web/sites", "app-east", "eastus", null);
    String far = seed("Microsoft.App/containerApps", "aca-weu", "westeurope", null);
    var uai = attachedTo("regional-one", "eastus", near, far);
    uai.getSpec().setIsolationScope(IsolationScope.Regional.name());
    apply(uai);

    UserAssignedIdentity refused =
        awaitCondition("regional-one", "AssigneesReady", "False", "AssigneesNotReady");
    assertThat(entry(refused, near).getState()).isEqualTo(State.Attached);
    AssigneeStatus farEntry = entry(refused, far);
    assertThat(farEntry.getState()).isEqualTo(State.Refused);
    assertThat(farEntry.getMessage()).contains("westeurope").contains("Regional in eastus");
    assertThat(stack.emulator().control().count("PATCH", "/containerApps/aca-weu$")).isZero();
    assertThat(events("regional-one")).anyMatch(e -> e.startsWith("Warning AssigneeRefused"));

    // Without the operator's pre-check, Azure itself refuses.
    String identity = refused.getStatus().getResourceId();
    assertThatThrownBy(() -> someoneElse().assignees().attach(far, identity))
        .isInstanceOf(AzureRequestException.class)
        .hasMessageContaining("400");
    assertThat(userIdentities(azureResource(far))).isEmpty();
  }

  @Test
  void switchingToRegionalWithAssigneesElsewhereIsRefusedChangingNothing() throws Exception {
    String far = seed("Microsoft.Web/sites", "app-weu", "westeurope", null);
    apply(attachedTo("going-regional", "eastus", far));
    awaitReady("going-regional");
    stack.emulator().control().clearRequests();

    edit("going-regional", spec -> spec.setIsolationScope(IsolationScope.Regional.name()));

    UserAssignedIdentity refused =
        awaitCondition("going-regional", "IdentityReady", "False", "IsolationChangeRefused");
    assertThat(condition(refused, "IdentityReady").orElseThrow().getMessage())
        .contains(far)
        .contains("westeurope");
    assertThat(
            azureIdentity("going-regional").orElseThrow().at("/properties/isolationScope").asText())
        .isEqualTo("None");
    assertThat(writesTo("going-regional")).isZero();
  }

  @Test
  void anAmbiguousDefaultIdentityIsReported() throws Exception {
    String vm =
        seed(
            "Microsoft.Compute/virtualMachines",
            "vm-two-users",
            "eastus",
            "{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\""
                + otherIdentity
                + "\":{}}}");
    apply(attachedTo("second-user", "eastus", vm));

    UserAssignedIdentity ready = awaitReady("second-user");

    assertThat(condition(ready, "AmbiguousDefaultIdentity").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(condition(ready, "AmbiguousDefaultIdentity").orElseThrow().getMessage())
        .contains(vm);
    assertThat(events("second-user"))
        .anyMatch(e -> e.startsWith("Warning AmbiguousDefaultIdentity"));
  }

  @Test
  void aDetachOutOfBandIsRepairedAndAMissingResourceDoesNotBlockTheRest() throws Exception {
    String app = seed("Microsoft.Web/sites", "app-drift", "eastus", null);
    String gone = resourcePath("Microsoft.Web/sites", "never-existed");
    apply(attachedTo("drifting", "eastus", app, gone));
    UserAssignedIdentity seen =
        awaitCondition("drifting", "AssigneesReady", "False", "AssigneesNotReady");
    assertThat(entry(seen, gone).getState()).isEqualTo(State.Missing);
    assertThat(entry(seen, app).getState()).isEqualTo(State.Attached);
    String identity = seen.getStatus().getResourceId();

    someoneElse().assignees().detach(app, identity);
    assertThat(userIdentities(azureResource(app))).isEmpty();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(userIdentities(azureResource(app)))
                    .anyMatch(k -> k.equalsIgnoreCase(identity)));
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
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                stack.emulator().control().requests().stream()
                    .anyMatch(r -> r.method().equals("GET") && r.path().endsWith("/vm-race")));
    Thread.sleep(500);
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
