package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRD's bounds as the user meets them, through the embedded API server that enforces the schema
 * as a real one does: a spec with every list, map and string at its maximum is stored; one item
 * over a list or map bound and one character over a string bound are refused with a 422 that names
 * each field (the operator's own checks of the same bounds are unit tests: SpecBoundsTest).
 */
class CrdBoundsAdmissionTest extends EmbeddedKubernetesFixture {

  static final String COLLECTION = EmbeddedKubernetesAdmissionTest.COLLECTION;
  static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/";
  static final String SITES = RG + "rg-orders/providers/Microsoft.Web/sites/";

  @Test
  void aSpecWithEveryBoundAtItsMaximumIsStored() throws Exception {
    ObjectNode object = identity("at-bounds", 0);

    HttpResponse<String> created = post(object);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode spec = mapper.readTree(created.body()).path("spec");
    assertThat(spec.path("roleAssignments")).hasSize(200);
    assertThat(spec.path("assignees")).hasSize(100);
    assertThat(spec.path("tags").size()).isEqualTo(47);
  }

  @Test
  void oneItemOverAListOrMapBoundIsTooManyForEachField() throws Exception {
    ObjectNode object = identity("over-items", 0);
    ObjectNode spec = (ObjectNode) object.path("spec");
    ((ArrayNode) spec.path("roleAssignments")).add(role("Reader", RG + "rg-extra"));
    ((ArrayNode) spec.path("assignees")).addObject().put("resourceId", SITES + "extra");
    ((ObjectNode) spec.path("tags")).put("extra", "v");

    HttpResponse<String> refused = post(object);

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(causes(refused))
        .containsExactlyInAnyOrder(
            "spec.roleAssignments FieldValueTooMany: Too many: 201: must have at most 200 items",
            "spec.assignees FieldValueTooMany: Too many: 101: must have at most 100 items",
            "spec.tags FieldValueTooMany: Too many: 48: must have at most 47 items");
  }

  @Test
  void oneCharacterOverAStringBoundIsTooLongForEachField() throws Exception {
    HttpResponse<String> refused = post(identity("over-chars", 1));

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(causes(refused))
        .contains(
            "spec.resourceGroup FieldValueTooLong: Too long: may not be more than 90 bytes",
            "spec.azureName FieldValueTooLong: Too long: may not be more than 128 bytes",
            "spec.location FieldValueTooLong: Too long: may not be more than 50 bytes",
            "spec.roleAssignments[0].role FieldValueTooLong: Too long: may not be more than 512"
                + " bytes",
            "spec.roleAssignments[0].scope FieldValueTooLong: Too long: may not be more than 2048"
                + " bytes",
            "spec.roleAssignments[0].description FieldValueTooLong: Too long: may not be more"
                + " than 2048 bytes",
            "spec.roleAssignments[0].condition FieldValueTooLong: Too long: may not be more than"
                + " 8192 bytes",
            "spec.assignees[0].resourceId FieldValueTooLong: Too long: may not be more than 2048"
                + " bytes",
            "spec.tags.value FieldValueTooLong: Too long: may not be more than 256 bytes",
            "spec.tags FieldValueInvalid: Invalid value: \"object\": tag names must be at most"
                + " 512 characters and contain none of < > % & \\ ? /");
    assertThat(
            EmbeddedKubernetesAdmissionTest.send("GET", COLLECTION + "/over-chars", null, null)
                .statusCode())
        .isEqualTo(404);
  }

  /**
   * An identity with every list and map full and, in their first entries, every string at its bound
   * plus {@code over} characters.
   */
  static ObjectNode identity(String name, int over) {
    ObjectNode object = mapper.createObjectNode();
    object.put("apiVersion", "identity.operators.dev/v1alpha1").put("kind", "UserAssignedIdentity");
    object.putObject("metadata").put("name", name).put("namespace", "team-a");
    ObjectNode spec = object.putObject("spec");
    spec.put("subscriptionId", "00000000-0000-0000-0000-000000000001");
    spec.put("resourceGroup", "r".repeat(90 + over));
    spec.put("azureName", "a".repeat(128 + over));
    spec.put("location", "e".repeat(50 + over));
    ArrayNode roles = spec.putArray("roleAssignments");
    ObjectNode first = role("r".repeat(512 + over), idOf(RG, 2048 + over));
    first.put("description", "d".repeat(2048 + over));
    first.put("condition", "c".repeat(8192 + over)).put("conditionVersion", "2.0");
    roles.add(first);
    for (int i = 1; i < 200; i++) {
      roles.add(role("Reader", RG + "rg-" + i));
    }
    ArrayNode assignees = spec.putArray("assignees");
    assignees.addObject().put("resourceId", idOf(SITES, 2048 + over));
    for (int i = 1; i < 100; i++) {
      assignees.addObject().put("resourceId", SITES + "site-" + i);
    }
    ObjectNode tags = spec.putObject("tags");
    tags.put("n".repeat(512 + over), "v");
    tags.put("value", "v".repeat(256 + over));
    for (int i = 2; i < 47; i++) {
      tags.put("tag-" + i, "v");
    }
    return object;
  }

  static ObjectNode role(String role, String scope) {
    return mapper.createObjectNode().put("role", role).put("scope", scope);
  }

  static String idOf(String prefix, int length) {
    return prefix + "x".repeat(length - prefix.length());
  }

  static HttpResponse<String> post(ObjectNode object) throws Exception {
    return EmbeddedKubernetesAdmissionTest.send(
        "POST", COLLECTION, "application/json", mapper.writeValueAsString(object));
  }

  /** The 422's causes as "field reason: message". */
  static List<String> causes(HttpResponse<String> response) throws Exception {
    JsonNode status = mapper.readTree(response.body());
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    return status.path("details").path("causes").findParents("field").stream()
        .map(
            c ->
                c.path("field").asText()
                    + " "
                    + c.path("reason").asText()
                    + ": "
                    + c.path("message").asText())
        .toList();
  }
}
