package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a federated identity credential must be: names, required fields per api-version, the
 * subject-or-expression choice of 2025-05-31-preview, lengths, one audience, unique issuer and
 * subject, and at most 20 per identity.
 */
class EmulatorFederatedCredentialRulesTest extends EmulatorFederatedCredentialFixture {
  private static final String EXPRESSION =
      "{\"value\":\"claims['sub'] matches system:serviceaccount:ns:*\",\"languageVersion\":1}";

  /** A credential with the expression and no subject (2025-05-31-preview's flexible one). */
  private static final String FLEXIBLE =
      "{\"properties\":{\"issuer\":\""
          + ISSUER
          + "\",\"audiences\":[\""
          + AUDIENCE
          + "\"],\"claimsMatchingExpression\":"
          + EXPRESSION
          + "}}";

  @ParameterizedTest
  @ValueSource(strings = {"ab", "-abc", "_abc", "a.bc", "a%20bc"})
  void namesOutsideThreeTo120LettersDigitsHyphensUnderscoresAreRefused(String name) {
    Reply reply = put(name, credential(ISSUER, "s"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo("InvalidResourceName");
    assertThat(reply.message()).contains("between 3 and 120 characters");
  }

  @Test
  void namesOfThreeAnd120CharactersAreAccepted() {
    assertThat(put("a-_", credential(ISSUER, "s1")).status()).isEqualTo(201);
    assertThat(put("9" + "x".repeat(119), credential(ISSUER, "s2")).status()).isEqualTo(201);
    assertThat(put("9" + "x".repeat(120), credential(ISSUER, "s3")).code())
        .isEqualTo("InvalidResourceName");
  }

  @ParameterizedTest(name = "{0} without {1}")
  @CsvSource({
    "2023-01-31, issuer",
    "2023-01-31, subject",
    "2023-01-31, audiences",
    "2024-11-30, issuer",
    "2024-11-30, subject",
    "2024-11-30, audiences",
    "2025-05-31-preview, issuer",
    "2025-05-31-preview, audiences"
  })
  void requiredPropertiesPerApiVersion(String apiVersion, String missing) {
    ObjectNode body = (ObjectNode) EmulatorWire.parse(credential(ISSUER, "s"));
    ((ObjectNode) body.get("properties")).remove(missing);
    Reply reply = put("fic-1", body.toString(), apiVersion);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo("InvalidRequestContent");
    assertThat(reply.message())
        .contains("Required property '" + missing + "' not found in JSON. Path 'properties'.");
  }

  @Test
  void previewTakesExactlyOneOfSubjectAndClaimsMatchingExpression() {
    Reply created = put("flexible", FLEXIBLE, PREVIEW);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("properties").has("subject")).isFalse();
    assertThat(
            created
                .body()
                .path("properties")
                .path("claimsMatchingExpression")
                .path("value")
                .asText())
        .isEqualTo("claims['sub'] matches system:serviceaccount:ns:*");
    assertThat(
            created
                .body()
                .path("properties")
                .path("claimsMatchingExpression")
                .path("languageVersion")
                .asInt())
        .isEqualTo(1);
    // versions without the expression do not show it
    assertThat(get("flexible", STABLE).body().path("properties").has("claimsMatchingExpression"))
        .isFalse();
    assertThat(get("flexible", "2025-01-31-preview").body().path("properties"))
        .isEqualTo(created.body().path("properties"));

    String both = FLEXIBLE.replace("\"audiences\"", "\"subject\":\"s\",\"audiences\"");
    Reply twice = put("both", both, PREVIEW);
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.message())
        .isEqualTo("Either 'subject' or 'claimsMatchingExpression' must be defined, but not both.");
    String neither = "{\"properties\":{\"issuer\":\"" + ISSUER + "\",\"audiences\":[\"a\"]}}";
    assertThat(put("neither", neither, PREVIEW).status()).isEqualTo(400);
    assertThat(put("plain", credential(ISSUER, "s"), PREVIEW).status()).isEqualTo(201);

    String noVersion = FLEXIBLE.replace(",\"languageVersion\":1", "");
    assertThat(put("no-version", noVersion, PREVIEW).message())
        .contains("Required property 'languageVersion' not found in JSON.");
  }

  @Test
  void theStableVersionsIgnoreTheExpressionAsAnUnknownProperty() {
    String withExpression =
        credential(ISSUER, "s")
            .replace(
                "\"audiences\"", "\"claimsMatchingExpression\":" + EXPRESSION + ",\"audiences\"");
    Reply created = put("fic-1", withExpression, STABLE);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("properties").has("claimsMatchingExpression")).isFalse();
    assertThat(get("fic-1", PREVIEW).body().path("properties").has("claimsMatchingExpression"))
        .isFalse();
    String onlyExpression = withExpression.replace("\"subject\":\"s\",", "");
    assertThat(put("fic-2", onlyExpression, STABLE).message())
        .contains("Required property 'subject' not found in JSON.");
  }

  /**
   * What an older api-version makes of a flexible credential: GET and the list leave the expression
   * out (it has no such property), so the credential shows issuer and audiences only; a PUT with
   * that version replaces the whole resource (ARM's PUT), so a subject credential is left and the
   * expression is gone.
   */
  @Test
  void olderVersionsReadAFlexibleCredentialWithoutItsExpressionAndAPutReplacesIt() {
    assertThat(put("flexible", FLEXIBLE, PREVIEW).status()).isEqualTo(201);

    for (String older : new String[] {OLD_STABLE, STABLE}) {
      var shown = get("flexible", older).body().path("properties");
      assertThat(shown.has("claimsMatchingExpression")).as(older).isFalse();
      assertThat(shown.has("subject")).as(older).isFalse();
      assertThat(shown.path("issuer").asText()).as(older).isEqualTo(ISSUER);
      var listed =
          wire.arm("GET", wire.credentialPath("rg1", "id1", null) + q(older), null)
              .body()
              .path("value");
      assertThat(listed).as(older).hasSize(1);
      assertThat(listed.get(0).path("properties").has("claimsMatchingExpression"))
          .as(older)
          .isFalse();
    }

    assertThat(put("flexible", credential(ISSUER, "s"), OLD_STABLE).status()).isEqualTo(200);
    var replaced = get("flexible", PREVIEW).body().path("properties");
    assertThat(replaced.path("subject").asText()).isEqualTo("s");
    assertThat(replaced.has("claimsMatchingExpression")).isFalse();
  }

  @Test
  void eachFieldHoldsAtMost600Characters() {
    String longIssuer = "https://issuer.example/" + "i".repeat(600 - 23);
    assertThat(longIssuer).hasSize(600);
    assertThat(put("fic-1", credential(longIssuer, "s".repeat(600))).status()).isEqualTo(201);
    Reply subject = put("fic-2", credential(ISSUER, "s".repeat(601)));
    assertThat(subject.status()).isEqualTo(400);
    assertThat(subject.code()).isEqualTo("BadRequest");
    assertThat(subject.message()).contains("'subject' has 601 characters; at most 600");
    assertThat(put("fic-3", credential(longIssuer + "i", "s")).message())
        .contains("'issuer' has 601 characters");
    String longAudience = credential(ISSUER, "s").replace(AUDIENCE, "a".repeat(601));
    assertThat(put("fic-4", longAudience).message()).contains("'audiences[0]' has 601 characters");
  }

  @Test
  void exactlyOneAudienceAndAnAbsoluteIssuer() {
    String none = credential(ISSUER, "s").replace("[\"" + AUDIENCE + "\"]", "[]");
    String two = credential(ISSUER, "s").replace("\"]", "\",\"api://other\"]");
    for (String body : new String[] {none, two}) {
      Reply reply = put("fic-1", body);
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.code()).isEqualTo("BadRequest");
      assertThat(reply.message()).startsWith("Exactly one audience is supported");
    }
    assertThat(put("fic-1", credential("not a url", "s")).message())
        .isEqualTo("The issuer 'not a url' is not a valid absolute URL.");
    assertThat(put("fic-1", credential("/relative", "s")).status()).isEqualTo(400);
    assertThat(put("fic-1", "{\"properties\":[]}").code()).isEqualTo("InvalidRequestContent");
    assertThat(put("fic-1", "").code()).isEqualTo("InvalidRequestContent");
  }

  @Test
  void issuerAndSubjectAreUniquePerIdentity() {
    assertThat(put("fic-1", credential(ISSUER, "s")).status()).isEqualTo(201);
    Reply duplicate = put("fic-2", credential(ISSUER, "s"));
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.message())
        .isEqualTo("Issuer and subject combination already exists for this Managed Identity.");
    // the same credential again is an update, another subject or issuer another credential
    assertThat(put("fic-1", credential(ISSUER, "s")).status()).isEqualTo(200);
    assertThat(put("fic-2", credential(ISSUER, "S")).status()).isEqualTo(201);
    assertThat(put("fic-3", credential(ISSUER.replaceAll("/$", ""), "s")).status()).isEqualTo(201);
    // another identity may trust the same pair
    emulator
        .control()
        .putResource(
            wire.identityPath("rg1", "id2"), EmulatorWire.parse("{\"location\":\"eastus\"}"));
    assertThat(
            wire.arm(
                    "PUT",
                    wire.credentialPath("rg1", "id2", "fic-1") + q(STABLE),
                    credential(ISSUER, "s"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void theTwentyFirstCredentialIsRefusedWhileTheTwentyStayUpdatable() {
    for (int i = 1; i <= 20; i++) {
      assertThat(put("fic-" + i, credential(ISSUER, "s" + i)).status()).isEqualTo(201);
    }
    Reply refused = put("fic-21", credential(ISSUER, "s21"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("FederatedIdentityCredentialLimitExceeded");
    assertThat(refused.message())
        .contains(wire.identityPath("rg1", "id1").replace("resourceGroups", "resourcegroups"));
    assertThat(put("fic-20", credential(ISSUER, "changed")).status()).isEqualTo(200);
    assertThat(delete("fic-1").status()).isEqualTo(200);
    assertThat(put("fic-21", credential(ISSUER, "s21")).status()).isEqualTo(201);
    assertThat(emulator.control().federatedCredentials(wire.identityPath("rg1", "id1")))
        .hasSize(20);
  }
}
