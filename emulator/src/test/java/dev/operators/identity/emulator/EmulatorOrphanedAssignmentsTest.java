package dev.operators.identity.emulator;

import static dev.operators.identity.emulator.EmulatorAuthorizationWireTest.API;
import static dev.operators.identity.emulator.EmulatorAuthorizationWireTest.READER;
import static dev.operators.identity.emulator.EmulatorAuthorizationWireTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Role assignments whose principal the directory does not know: ARM keeps them and reports their
 * principal type as Unknown (ARM-FACTS, seed 002), in GET and in listings, while an assignment of a
 * principal that exists keeps its type.
 */
class EmulatorOrphanedAssignmentsTest {

  private static final String ASSIGNMENTS = "/providers/Microsoft.Authorization/roleAssignments/";

  private TestClock clock;
  private ArmEmulator emulator;
  private EmulatorWire wire;
  private String sub;
  private String rg;

  @BeforeEach
  void start() {
    clock = new TestClock();
    emulator =
        ArmEmulator.start(
            EmulatorConfig.defaults()
                .withPrincipalReplicationDelay(Duration.ofSeconds(30))
                .withClock(clock));
    wire = new EmulatorWire(emulator);
    sub = "/subscriptions/" + emulator.defaultSubscriptionId();
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "rg-o", "eastus");
    rg = sub + "/resourceGroups/rg-o";
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void deletingAnIdentityLeavesItsAssignmentWithAnUnknownPrincipal() {
    String identity = rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gone";
    String principal = identity(identity);
    clock.advance(Duration.ofMinutes(1));
    String id = assign(principal, "ServicePrincipal");
    assertThat(type(get(id))).isEqualTo("ServicePrincipal");

    assertThat(wire.arm("DELETE", identity + "?api-version=2023-01-31", null).status())
        .isEqualTo(200);

    assertThat(type(get(id))).isEqualTo("Unknown");
    assertThat(listed(sub)).containsEntry(id, "Unknown");
    assertThat(emulator.control().roleAssignments())
        .as("the stored assignment keeps the type it was created with")
        .anySatisfy(a -> assertThat(type(a)).isEqualTo("ServicePrincipal"));
  }

  @Test
  void seededPrincipalsAreKnownUntilRemovedFromTheDirectory() {
    String user = UUID.randomUUID().toString();
    String group = UUID.randomUUID().toString();
    emulator.control().addPrincipal(user, "User");
    emulator.control().addPrincipal(group, "Group");
    String userAssignment = assign(user, null);
    String groupAssignment = assign(group, "Group");

    assertThat(listed(rg)).containsEntry(userAssignment, "User");
    assertThat(listed(rg)).containsEntry(groupAssignment, "Group");

    assertThat(wire.control("DELETE", "/_emulator/principals/" + user, null).status())
        .isEqualTo(204);

    assertThat(listed(rg))
        .containsEntry(userAssignment, "Unknown")
        .containsEntry(groupAssignment, "Group");
  }

  @Test
  void aPrincipalNotReplicatedYetShowsAsUnknownUntilItIs() {
    String principal =
        identity(rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-new");
    String id = assign(principal, "ServicePrincipal");

    assertThat(type(get(id))).isEqualTo("Unknown");
    clock.advance(Duration.ofSeconds(31));
    assertThat(type(get(id))).isEqualTo("ServicePrincipal");
  }

  private String identity(String id) {
    return emulator
        .control()
        .putResource(id, JsonNodeFactory.instance.objectNode().put("location", "eastus"))
        .path("properties")
        .path("principalId")
        .asText();
  }

  private String assign(String principal, String type) {
    String scope = rg;
    String name = UUID.randomUUID().toString();
    EmulatorWire.Reply reply =
        wire.arm("PUT", scope + ASSIGNMENTS + name + API, body(sub, READER, principal, type));
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
    return scope + ASSIGNMENTS + name;
  }

  private JsonNode get(String id) {
    EmulatorWire.Reply reply = wire.arm("GET", id + API, null);
    assertThat(reply.status()).isEqualTo(200);
    return reply.body();
  }

  private java.util.Map<String, String> listed(String scope) {
    EmulatorWire.Reply reply =
        wire.arm("GET", scope + "/providers/Microsoft.Authorization/roleAssignments" + API, null);
    assertThat(reply.status()).isEqualTo(200);
    java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
    List<JsonNode> value = new ArrayList<>();
    reply.body().path("value").forEach(value::add);
    value.forEach(a -> types.put(a.path("id").asText(), type(a)));
    return types;
  }

  private static String type(JsonNode assignment) {
    return assignment.path("properties").path("principalType").asText();
  }
}
