package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Custom resource writes against the embedded API behave as on a real kube-apiserver
 * (../shared/KUBERNETES-FACTS.md): schema validation with every cause at once, CEL rules, list-map
 * keys, pruning and strict field validation, schema defaults, RFC 7386 and RFC 6902 patches, 415
 * for strategic merge patch, and status kept apart from the main resource.
 */
class EmbeddedKubernetesAdmissionTest extends EmbeddedKubernetesFixture {

  static final String COLLECTION =
      "/apis/identity.operators.dev/v1alpha1/namespaces/team-a/userassignedidentities";
  static final String SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/";

  static HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    return EmbeddedKubernetesDiscoveryTest.send(method, path, "application/json", type, body);
  }

  static String identity(String name, String spec) {
    return """
        {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "UserAssignedIdentity",
         "metadata": {"name": "%s", "namespace": "team-a"},
         "spec": {"resourceGroup": "rg-1", "location": "eastus"%s}}"""
        .formatted(name, spec);
  }

  static JsonNode create(String name, String spec) throws Exception {
    HttpResponse<String> created =
        send("POST", COLLECTION, "application/json", identity(name, spec));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return mapper.readTree(created.body());
  }

  @Test
  void everySchemaViolationIsOneCauseOfOne422() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            COLLECTION,
            "application/json",
            """
            {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "UserAssignedIdentity",
             "metadata": {"name": "bad-1", "namespace": "team-a"},
             "spec": {"location": "East US", "isolationScope": "Global",
                      "roleAssignments": "Reader",
                      "tags": {"Identity.Operators.Dev.Cluster": "x"}}}""");

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode status = mapper.readTree(response.body());
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("message").asText())
        .startsWith("UserAssignedIdentity.identity.operators.dev \"bad-1\" is invalid: [");
    assertThat(status.path("details").path("causes"))
        .extracting(c -> c.path("field").asText() + " " + c.path("reason").asText())
        .contains(
            "spec.location FieldValueInvalid",
            "spec.isolationScope FieldValueNotSupported",
            "spec.resourceGroup FieldValueRequired",
            "spec.roleAssignments FieldValueTypeInvalid",
            "spec.tags FieldValueInvalid");
    assertThat(response.body())
        .contains("Invalid value: \\\"East US\\\": spec.location in body should match")
        .contains(
            "Unsupported value: \\\"Global\\\": supported values: \\\"None\\\", \\\"Regional\\\"")
        .contains("are reserved for the operator");
    assertThat(send("GET", COLLECTION + "/bad-1", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aTrailingNewlineBreaksAnAnchoredPatternAsInGo() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            COLLECTION,
            "application/json",
            """
            {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "UserAssignedIdentity",
             "metadata": {"name": "newline-1", "namespace": "team-a"},
             "spec": {"resourceGroup": "rg-1\\n", "location": "eastus\\n"}}""");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(mapper.readTree(response.body()).path("details").path("causes"))
        .extracting(c -> c.path("field").asText())
        .containsExactlyInAnyOrder("spec.resourceGroup", "spec.location");
    assertThat(GoPatterns.endOfTextOnly("^[$a]$|\\$[]$]x$")).isEqualTo("^[$a]\\z|\\$[]$]x\\z");
  }

  @Test
  void aStoredObjectHoldingACharacterYamlRefusesBreaksNoLaterWrite() throws Exception {
    JsonNode odd = create("odd-1", ", \"tags\": {\"te\\u007fam\": \"x\\u0085\"}");

    create("plain-1", "");

    assertThat(odd.path("spec").path("tags").path("te\u007fam").asText()).isEqualTo("x\u0085");
    JsonNode stored = mapper.readTree(send("GET", COLLECTION + "/odd-1", null, null).body());
    assertThat(stored.path("spec").path("tags").path("te\u007fam").asText()).isEqualTo("x\u0085");
  }

  @Test
  void listMapKeysRefuseTheSameRoleAndScopeTwice() throws Exception {
    String twice =
        ", \"roleAssignments\": [{\"role\": \"Reader\", \"scope\": \"%s\"}, {\"role\": \"Reader\", \"scope\": \"%s\"}]"
            .formatted(SCOPE + "rg-1", SCOPE + "rg-1");

    HttpResponse<String> response =
        send("POST", COLLECTION, "application/json", identity("dup-1", twice));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("spec.roleAssignments[1]").contains("Duplicate value");
  }

  @Test
  void unknownFieldsAreRefusedUnderStrictAndPrunedOtherwise() throws Exception {
    String typo = ", \"roleAsignments\": []";
    HttpResponse<String> strict =
        send(
            "POST",
            COLLECTION + "?fieldValidation=Strict",
            "application/json",
            identity("typo-1", typo));
    assertThat(strict.statusCode()).isEqualTo(400);
    assertThat(strict.body())
        .contains("strict decoding error: unknown field \\\"spec.roleAsignments\\\"");

    HttpResponse<String> warned =
        send("POST", COLLECTION, "application/json", identity("typo-1", typo));
    assertThat(warned.statusCode()).isEqualTo(201);
    assertThat(warned.headers().allValues("Warning"))
        .anyMatch(w -> w.contains("spec.roleAsignments"));
    JsonNode stored = mapper.readTree(send("GET", COLLECTION + "/typo-1", null, null).body());
    assertThat(stored.path("spec").has("roleAsignments")).isFalse();
  }

  @Test
  void schemaDefaultsAreApplied() throws Exception {
    JsonNode created = create("defaults-1", "");

    assertThat(created.path("spec").path("isolationScope").asText()).isEqualTo("None");
    assertThat(created.path("spec").path("deletionPolicy").asText()).isEqualTo("Delete");
  }

  @Test
  void aMergePatchReplacesListsAndRemovesKeysSetToNull() throws Exception {
    create(
        "merge-1",
        ", \"tags\": {\"a\": \"1\", \"b\": \"2\"}, \"roleAssignments\": [{\"role\": \"Reader\", \"scope\": \"%s\"}, {\"role\": \"Contributor\", \"scope\": \"%s\"}]"
            .formatted(SCOPE + "rg-1", SCOPE + "rg-2"));

    HttpResponse<String> patched =
        send(
            "PATCH",
            COLLECTION + "/merge-1",
            "application/merge-patch+json",
            "{\"spec\": {\"tags\": {\"b\": null}, \"roleAssignments\": [{\"role\": \"Reader\", \"scope\": \"%s\"}]}}"
                .formatted(SCOPE + "rg-1"));

    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    JsonNode spec =
        mapper.readTree(send("GET", COLLECTION + "/merge-1", null, null).body()).path("spec");
    assertThat(spec.path("roleAssignments")).hasSize(1);
    assertThat(spec.path("tags").has("b")).isFalse();
    assertThat(spec.path("tags").path("a").asText()).isEqualTo("1");
  }

  @Test
  void aJsonPatchIsAppliedAndValidated() throws Exception {
    create("jsonpatch-1", "");

    HttpResponse<String> ok =
        send(
            "PATCH",
            COLLECTION + "/jsonpatch-1",
            "application/json-patch+json",
            "[{\"op\": \"replace\", \"path\": \"/spec/location\", \"value\": \"westeurope\"}]");
    HttpResponse<String> invalid =
        send(
            "PATCH",
            COLLECTION + "/jsonpatch-1",
            "application/json-patch+json",
            "[{\"op\": \"replace\", \"path\": \"/spec/location\", \"value\": \"West Europe\"}]");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(ok.body()).path("spec").path("location").asText())
        .isEqualTo("westeurope");
    assertThat(invalid.statusCode()).isEqualTo(422);
  }

  @Test
  void aStrategicMergePatchIsUnsupportedForCustomResources() throws Exception {
    create("smp-1", "");

    HttpResponse<String> response =
        send(
            "PATCH",
            COLLECTION + "/smp-1",
            "application/strategic-merge-patch+json",
            "{\"spec\": {\"location\": \"westeurope\"}}");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("application/merge-patch+json");
  }

  @Test
  void theMainResourceKeepsItsStatusAndStatusWritesKeepTheSpec() throws Exception {
    create("status-1", "");
    HttpResponse<String> status =
        send(
            "PATCH",
            COLLECTION + "/status-1/status",
            "application/merge-patch+json",
            "{\"spec\": {\"location\": \"westus\"}, \"status\": {\"clientId\": \"cid-1\"}}");
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);

    HttpResponse<String> main =
        send(
            "PATCH",
            COLLECTION + "/status-1",
            "application/merge-patch+json",
            "{\"spec\": {\"location\": \"northeurope\"}, \"status\": {\"clientId\": \"other\"}}");
    assertThat(main.statusCode()).isEqualTo(200);

    JsonNode stored = mapper.readTree(send("GET", COLLECTION + "/status-1", null, null).body());
    assertThat(stored.path("spec").path("location").asText()).isEqualTo("northeurope");
    assertThat(stored.path("status").path("clientId").asText()).isEqualTo("cid-1");
  }
}
