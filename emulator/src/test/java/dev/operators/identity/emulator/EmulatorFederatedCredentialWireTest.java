package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import dev.operators.identity.emulator.resources.ResourceGroupHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Federated identity credentials on the wire: the shapes of the specs' examples, create, update,
 * read, delete and list with paging, the identity's 404, and credentials going with their identity.
 */
class EmulatorFederatedCredentialWireTest extends EmulatorFederatedCredentialFixture {

  @Test
  void putCreatesWith201ThenUpdatesWith200InTheSpecsShape() {
    Reply created = put("Fic-1", credential(ISSUER, serviceAccount("ns", "app")));
    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.body();
    assertThat(body.path("id").asText())
        .isEqualTo(
            "/subscriptions/"
                + wire.sub()
                + "/resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
                + "/id1/federatedIdentityCredentials/Fic-1");
    assertThat(body.path("name").asText()).isEqualTo("Fic-1");
    assertThat(body.path("type").asText())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    assertThat(body.path("properties").path("issuer").asText()).isEqualTo(ISSUER);
    assertThat(body.path("properties").path("subject").asText())
        .isEqualTo("system:serviceaccount:ns:app");
    assertThat(body.path("properties").path("audiences")).hasSize(1);
    assertThat(body.path("properties").path("audiences").get(0).asText()).isEqualTo(AUDIENCE);
    assertThat(body.has("location")).isFalse();

    Reply updated = put("fic-1", credential(ISSUER, serviceAccount("ns", "other")));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().path("name").asText()).isEqualTo("Fic-1");
    assertThat(updated.body().path("properties").path("subject").asText())
        .isEqualTo("system:serviceaccount:ns:other");

    Reply read = get("FIC-1", STABLE);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(updated.body());
    assertThat(get("fic-1", OLD_STABLE).body()).isEqualTo(updated.body());
  }

  @Test
  void deleteAnswers200ThenNothingThenGetIs404() {
    put("fic-1", credential(ISSUER, "s"));
    Reply deleted = delete("fic-1");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isNull();
    assertThat(delete("fic-1").status()).isEqualTo(204);

    Reply missing = get("fic-1", STABLE);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("ResourceNotFound");
    assertThat(missing.message())
        .isEqualTo(
            "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/id1/"
                + "federatedIdentityCredentials/fic-1' under resource group 'rg1' was not found."
                + " For more details please go to https://aka.ms/ARMResourceNotFoundFix");
  }

  @Test
  void everyOperationUnderAMissingIdentityIsArmsResourceNotFoundForTheIdentity() {
    String identityMissing =
        "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/ghost' under resource"
            + " group 'rg1' was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix";
    List<Reply> replies =
        List.of(
            wire.arm("GET", wire.credentialPath("rg1", "ghost", "fic-1") + q(STABLE), null),
            wire.arm(
                "PUT",
                wire.credentialPath("rg1", "ghost", "fic-1") + q(STABLE),
                credential(ISSUER, "s")),
            wire.arm("DELETE", wire.credentialPath("rg1", "ghost", "fic-1") + q(STABLE), null),
            wire.arm("GET", wire.credentialPath("rg1", "ghost", null) + q(STABLE), null));
    assertThat(replies)
        .allSatisfy(
            reply -> {
              assertThat(reply.status()).isEqualTo(404);
              assertThat(reply.code()).isEqualTo("ResourceNotFound");
              assertThat(reply.message()).isEqualTo(identityMissing);
            });
    assertThat(
            wire.arm("GET", wire.credentialPath("nogroup", "id1", "fic-1") + q(STABLE), null)
                .code())
        .isEqualTo("ResourceGroupNotFound");
  }

  @Test
  void listPagesWithTopSkipTokenAndNextLink() {
    for (int i = 0; i < 5; i++) {
      assertThat(put("fic-" + i, credential(ISSUER, "subject-" + i)).status()).isEqualTo(201);
    }
    Reply all = wire.arm("GET", wire.credentialPath("rg1", "id1", null) + q(STABLE), null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(names(all.body())).containsExactly("fic-0", "fic-1", "fic-2", "fic-3", "fic-4");
    assertThat(all.body().has("nextLink")).isFalse();

    List<String> paged = new ArrayList<>();
    List<String> links = new ArrayList<>();
    String next = wire.credentialPath("rg1", "id1", null) + q(STABLE) + "&$top=2";
    while (next != null) {
      Reply page = wire.arm("GET", next, null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body().path("value").size()).isLessThanOrEqualTo(2);
      paged.addAll(names(page.body()));
      String link = page.body().path("nextLink").asText(null);
      if (link != null) {
        links.add(link);
      }
      next = link == null ? null : link.substring(emulator.baseUrl().toString().length());
    }
    assertThat(paged).containsExactly("fic-0", "fic-1", "fic-2", "fic-3", "fic-4");
    assertThat(links)
        .containsExactly(
            emulator.baseUrl()
                + wire.credentialPath("rg1", "id1", null)
                + "?api-version=2024-11-30&$top=2&$skiptoken=2",
            emulator.baseUrl()
                + wire.credentialPath("rg1", "id1", null)
                + "?api-version=2024-11-30&$top=2&$skiptoken=4");

    for (String top : List.of("0", "-1", "two")) {
      Reply bad =
          wire.arm(
              "GET", wire.credentialPath("rg1", "id1", null) + q(STABLE) + "&$top=" + top, null);
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.code()).isEqualTo("BadRequest");
      assertThat(bad.message()).contains("'$top'");
    }
    assertThat(wire.arm("POST", wire.credentialPath("rg1", "id1", null) + q(STABLE), "{}").code())
        .isEqualTo("MethodNotAllowed");
  }

  @Test
  void credentialsGoWithTheirIdentity() {
    put("fic-1", credential(ISSUER, "s1"));
    put("fic-2", credential(ISSUER, "s2"));
    assertThat(emulator.control().federatedCredentials(wire.identityPath("rg1", "ID1"))).hasSize(2);
    Reply assignment =
        wire.arm(
            "PUT",
            wire.identityPath("rg1", "id1")
                + "/providers/Microsoft.Authorization/roleAssignments/"
                + "6f1b8a52-0000-4000-8000-000000000001?api-version=2022-04-01",
            "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/"
                + wire.sub()
                + "/providers/Microsoft.Authorization/roleDefinitions/"
                + "acdd72a7-3385-48ef-bd42-f606fba81ae7\",\"principalId\":"
                + "\"6f1b8a52-0000-4000-8000-0000000000aa\",\"principalType\":\"ServicePrincipal\"}}");
    assertThat(assignment.status()).isEqualTo(201);

    assertThat(wire.arm("DELETE", wire.identityPath("rg1", "id1") + q(STABLE), null).status())
        .isEqualTo(200);
    assertThat(emulator.control().federatedCredentials(wire.identityPath("rg1", "id1"))).isEmpty();
    // role assignments at the identity's scope stay, as Azure leaves them
    assertThat(emulator.control().roleAssignments()).hasSize(1);
    emulator
        .control()
        .putResource(
            wire.identityPath("rg1", "id1"), EmulatorWire.parse("{\"location\":\"eastus\"}"));
    Reply list = wire.arm("GET", wire.credentialPath("rg1", "id1", null) + q(STABLE), null);
    assertThat(list.body().path("value")).isEmpty();
    assertThat(get("fic-1", STABLE).status()).isEqualTo(404);

    put("fic-3", credential(ISSUER, "s3"));
    Reply groupDeleted = wire.arm("DELETE", wire.rgPath("rg1") + "?api-version=2025-04-01", null);
    assertThat(groupDeleted.status()).isEqualTo(202);
    clock.advance(ResourceGroupHandler.DELETE_DURATION);
    assertThat(emulator.control().federatedCredentials(wire.identityPath("rg1", "id1"))).isEmpty();
    assertThat(
            emulator
                .control()
                .listResources(
                    "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"))
        .isEmpty();
  }

  @Test
  void apiVersionsWithoutTheChildTypeAreRefusedAsArmDoes() {
    Reply old = wire.arm("GET", wire.credentialPath("rg1", "id1", null) + q("2018-11-30"), null);
    assertThat(old.status()).isEqualTo(400);
    assertThat(old.code()).isEqualTo("NoRegisteredProviderFound");
    assertThat(old.message())
        .startsWith(
            "No registered resource provider found for location 'eastus' and API version"
                + " '2018-11-30' for type 'userAssignedIdentities/federatedIdentityCredentials'."
                + " The supported api-versions are '2022-01-31-preview, 2023-01-31,");
    Reply otherChild = wire.arm("GET", wire.identityPath("rg1", "id1") + "/nope" + q(STABLE), null);
    assertThat(otherChild.code()).isEqualTo("InvalidResourceType");
    Reply grandchild =
        wire.arm("GET", wire.credentialPath("rg1", "id1", "fic-1") + "/deeper" + q(STABLE), null);
    assertThat(grandchild.code()).isEqualTo("InvalidResourceType");
  }

  @Test
  void theRequestLogCountsCredentialsApartFromIdentities() {
    put("fic-1", credential(ISSUER, "s"));
    RecordedRequest last =
        emulator.control().requests().get(emulator.control().requests().size() - 1);
    assertThat(last.resourceType())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    assertThat(last.status()).isEqualTo(201);
    assertThat(wire.arm("GET", wire.identityPath("rg1", "id1") + q(STABLE), null).status())
        .isEqualTo(200);
    RecordedRequest identity =
        emulator.control().requests().get(emulator.control().requests().size() - 1);
    assertThat(identity.resourceType())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities");
  }

  private static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.path("value").forEach(v -> names.add(v.path("name").asText()));
    return names;
  }
}
