package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Table conversion behind {@code kubectl get}'s columns (their JSONPath: {@link
 * KubernetesJsonPathTest}).
 */
class EmbeddedKubernetesPrinterTableTest {

  static final ObjectMapper mapper = new ObjectMapper();

  static final String OBJECT =
      """
      {"apiVersion":"identity.operators.dev/v1alpha1","kind":"UserAssignedIdentity",
       "metadata":{"name":"demo","namespace":"team-a","creationTimestamp":"2026-01-01T00:00:00Z",
                   "labels":{"app.kubernetes.io/name":"x"}},
       "spec":{"location":"westeurope","replicas":3,"enabled":true},
       "status":{"clientId":"c-1","conditions":[
          {"type":"IdentityReady","status":"False","reason":"Pending"},
          {"type":"Ready","status":"True","reason":"Reconciled"}]}}
      """;

  static JsonNode node(String json) throws Exception {
    return mapper.readTree(json);
  }

  static List<String> strings(List<JsonNode> nodes) {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.isValueNode() ? n.asText() : n.toString()));
    return out;
  }

  static CustomResourceColumnDefinition column(
      String name, String type, String path, int priority) {
    CustomResourceColumnDefinition c = new CustomResourceColumnDefinition();
    c.setName(name);
    c.setType(type);
    c.setJsonPath(path);
    c.setPriority(priority);
    return c;
  }

  @Test
  void humanDurationMatchesKubernetes() {
    assertThat(PrinterTable.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(PrinterTable.humanDuration(Duration.ofMillis(-500))).isEqualTo("0s");
    assertThat(PrinterTable.humanDuration(Duration.ofSeconds(0))).isEqualTo("0s");
    assertThat(PrinterTable.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(PrinterTable.humanDuration(Duration.ofSeconds(185))).isEqualTo("3m5s");
    assertThat(PrinterTable.humanDuration(Duration.ofMinutes(4))).isEqualTo("4m");
    assertThat(PrinterTable.humanDuration(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(PrinterTable.humanDuration(Duration.ofMinutes(5 * 60 + 3))).isEqualTo("5h3m");
    assertThat(PrinterTable.humanDuration(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(PrinterTable.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(PrinterTable.humanDuration(Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
    assertThat(PrinterTable.humanDuration(Duration.ofDays(20))).isEqualTo("20d");
    assertThat(PrinterTable.humanDuration(Duration.ofDays(365 * 3 + 10))).isEqualTo("3y10d");
    assertThat(PrinterTable.humanDuration(Duration.ofDays(365 * 9))).isEqualTo("9y");
  }

  @Test
  void tableFromAListWithTypedCells() throws Exception {
    JsonNode list =
        node(
            "{\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":["
                + OBJECT
                + "]}");
    PrinterTable printer =
        new PrinterTable(
            List.of(
                column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", 0),
                column("Replicas", "integer", ".spec.replicas", 0),
                column("Enabled", "boolean", ".spec.enabled", 0),
                column("Age", "date", ".metadata.creationTimestamp", 0),
                column("Missing", "string", ".status.nothing", 1),
                column("Broken", "string", "..deep", 0)));
    JsonNode table = printer.toTable(list, null, Instant.parse("2026-01-01T00:03:05Z"));
    assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
    assertThat(strings(table.path("columnDefinitions").findValues("name")))
        .containsExactly("Name", "Ready", "Replicas", "Enabled", "Age", "Missing", "Broken");
    assertThat(table.path("columnDefinitions").get(5).path("priority").asInt()).isEqualTo(1);
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.toString()).isEqualTo("[\"demo\",\"True\",3,true,\"3m5s\",null,null]");
    assertThat(table.path("rows").get(0).path("object").path("metadata").path("namespace").asText())
        .isEqualTo("team-a");
    assertThat(table.path("rows").get(0).path("object").has("spec")).isFalse();

    JsonNode none = printer.toTable(list, "None", Instant.now());
    assertThat(none.path("rows").get(0).has("object")).isFalse();
  }

  @Test
  void defaultColumnsAreNameAndAge() throws Exception {
    JsonNode table =
        new PrinterTable(List.of())
            .toTable(node(OBJECT), "Object", Instant.parse("2026-01-01T00:00:30Z"));
    assertThat(strings(table.path("columnDefinitions").findValues("name")))
        .containsExactly("Name", "Age");
    assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"demo\",\"30s\"]");
    assertThat(table.path("rows").get(0).path("object").path("spec").path("location").asText())
        .isEqualTo("westeurope");
  }

  @Test
  void kubernetesVersionPriority() {
    List<String> versions =
        new ArrayList<>(List.of("v1alpha1", "v2beta1", "v1", "foo", "v1beta2", "v2", "v1beta1"));
    versions.sort(DiscoveryDocuments.KUBE_VERSION_PRIORITY);
    assertThat(versions)
        .containsExactly("v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v1alpha1", "foo");
  }
}
