package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One emulator per test class for the assignee resource types on the wire, on a test clock (its
 * long-running operations finish when a test advances it by {@link #OPERATION}), with three
 * identities in rg1 before each test (id1 in eastus, id2 and the Regional one in westeurope) and
 * the helpers that address and attach them.
 */
abstract class EmulatorAssigneeWireFixture {
  static final String VM = "?api-version=2024-11-01";
  static final String VMSS = "?api-version=2024-11-01";
  static final String WEB = "?api-version=2024-11-01";
  static final String ACA = "?api-version=2025-01-01";

  /** How long the emulator's long-running operations run here. */
  static final Duration OPERATION = Duration.ofMillis(150);

  static TestClock clock;
  static ArmEmulator emulator;
  static EmulatorWire wire;
  static String id1;
  static String id2;
  static String regional;

  @BeforeAll
  static void start() {
    clock = new TestClock();
    emulator = ArmEmulator.start(EmulatorConfig.defaults().withClock(clock));
    emulator.control().setAsyncOperationDuration(OPERATION);
    wire = new EmulatorWire(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.control().reset();
    emulator.control().createResourceGroup(wire.sub(), "rg1", "eastus");
    id1 = identity("id1", "eastus", "None");
    id2 = identity("id2", "westeurope", "None");
    regional = identity("regional", "westeurope", "Regional");
  }

  static String identity(String name, String location, String scope) {
    String id = wire.identityPath("rg1", name);
    emulator
        .control()
        .putResource(
            id,
            EmulatorWire.parse(
                "{\"location\":\""
                    + location
                    + "\",\"properties\":{\"isolationScope\":\""
                    + scope
                    + "\"}}"));
    return id;
  }

  static String path(String namespaceType, String name) {
    return "/subscriptions/"
        + wire.sub()
        + "/resourceGroups/rg1/providers/"
        + namespaceType
        + "/"
        + name;
  }

  static String vm(String name) {
    return path("Microsoft.Compute/virtualMachines", name);
  }

  static String attach(String type, String... ids) {
    StringBuilder map = new StringBuilder();
    for (String id : ids) {
      map.append(map.length() == 0 ? "" : ",").append('"').append(id).append("\":{}");
    }
    return "{\"identity\":{\"type\":\"" + type + "\",\"userAssignedIdentities\":{" + map + "}}}";
  }

  /** Lets the running operations finish, then the resource has succeeded. */
  static void assertSucceededOnceOperationsFinish(String pathAndQuery) {
    clock.advance(OPERATION);
    assertThat(
            wire.arm("GET", pathAndQuery, null)
                .body()
                .path("properties")
                .path("provisioningState")
                .asText())
        .isEqualTo("Succeeded");
  }

  static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static Reply withHeader(
      String method, String pathAndQuery, String body, String name, String value) {
    return wire.send(
        java.net.http.HttpRequest.newBuilder(wire.uri(pathAndQuery))
            .header("Authorization", "Bearer " + wire.token())
            .header("Content-Type", "application/json")
            .header(name, value)
            .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build());
  }
}
