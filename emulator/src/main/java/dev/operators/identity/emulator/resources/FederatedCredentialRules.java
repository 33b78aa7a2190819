package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ApiVersions;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a federated identity credential must be, per api-version (specs: ManagedIdentity.json of
 * stable/2023-01-31, stable/2024-11-30, preview/2025-01-31-preview and preview/2025-05-31-preview;
 * limits: Entra's "workload identity federation considerations").
 *
 * <ul>
 *   <li>Name: the spec's pattern {@code ^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$}.
 *   <li>{@code issuer}, {@code subject}, {@code audiences} required; where the version has {@code
 *       claimsMatchingExpression {value, languageVersion}} ({@link
 *       ApiVersions#FEDERATED_CREDENTIALS_WITH_CLAIMS_MATCHING}) {@code subject} is optional and
 *       exactly one of the two must be set; elsewhere the expression is an unknown property and
 *       ignored, as the emulator ignores unknown properties of identities. Older versions
 *       (2023-01-31, 2024-11-30) therefore store a credential without it (a body with only the
 *       expression lacks the required subject: 400), show a flexible credential without it in GET
 *       and the list (neither subject nor expression), and replace it wholly on PUT. Chosen as the
 *       service behaves by its own traces: its request errors are Json.NET model binding's
 *       ("Required property ... not found in JSON"), which drops unknown members, and an ARM PUT
 *       replaces the resource. UNVERIFIED against the real service: no published response of an old
 *       api-version reading a flexible credential exists.
 *   <li>Exactly one audience; issuer, subject, the audience and the expression at most 600
 *       characters each; issuer plus subject unique per identity; at most 20 per identity.
 * </ul>
 *
 * Codes and wording: "Issuer and subject combination already exists for this Managed Identity." is
 * Azure's message (quoted in Azure/bicep-types-az#2029), under the code {@code BadRequest}, which
 * is ours. A missing or mistyped property answers {@code InvalidRequestContent} in Json.NET's
 * wording (APPROXIMATED, as for Compute's identity block). The length, audience, issuer and
 * subject-or-expression refusals ({@code BadRequest}) and {@link #LIMIT_CODE} are EMULATOR-CHOSEN,
 * unverified: Azure publishes none of them.
 */
final class FederatedCredentialRules {
  /** Federated identity credentials one identity can hold. */
  static final int MAX_PER_IDENTITY = 20;

  /** Characters each of issuer, subject, audience and expression may hold. */
  static final int MAX_FIELD_LENGTH = 600;

  /** EMULATOR-CHOSEN code (unverified; Azure's error for the 21st credential is not published). */
  static final String LIMIT_CODE = "FederatedIdentityCredentialLimitExceeded";

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$");

  private FederatedCredentialRules() {}

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ArmException(
          400,
          "InvalidResourceName",
          "Resource name '"
              + name
              + "' is invalid. The name can contain only letters, numbers, underscores and"
              + " hyphens. The name must start with a letter or number. The name must be between 3"
              + " and 120 characters long.");
    }
  }

  static boolean hasClaimsMatching(String apiVersion) {
    return ApiVersions.supports(ApiVersions.FEDERATED_CREDENTIALS_WITH_CLAIMS_MATCHING, apiVersion);
  }

  /** The properties a PUT body asks for, checked and in the stored shape. */
  static ObjectNode properties(JsonNode body, String apiVersion) {
    JsonNode requested = body.get("properties");
    if (requested != null && !requested.isNull() && !requested.isObject()) {
      throw converting("FederatedIdentityCredentialProperties", "properties");
    }
    JsonNode props = requested == null || requested.isNull() ? Json.object() : requested;
    boolean flexible = hasClaimsMatching(apiVersion);
    ObjectNode stored = Json.object();
    String issuer = requiredText(props, "issuer");
    checkIssuer(issuer);
    stored.put("issuer", issuer);
    String subject = flexible ? optionalText(props, "subject") : requiredText(props, "subject");
    ObjectNode expression = flexible ? expression(props) : null;
    if (flexible && (subject == null) == (expression == null)) {
      throw new ArmException(
          400,
          "BadRequest",
          "Either 'subject' or 'claimsMatchingExpression' must be defined, but not both.");
    }
    if (subject != null) {
      stored.put("subject", checkLength("subject", subject));
    }
    stored.set("audiences", audiences(props));
    if (expression != null) {
      stored.set("claimsMatchingExpression", expression);
    }
    return stored;
  }

  /** Whether two stored credentials trust the same issuer and subject (compared exactly). */
  static boolean sameIssuerAndSubject(JsonNode a, JsonNode b) {
    String subject = Json.text(a, "subject");
    return subject != null
        && Objects.equals(Json.text(a, "issuer"), Json.text(b, "issuer"))
        && subject.equals(Json.text(b, "subject"));
  }

  static ArmException duplicate() {
    return new ArmException(
        400,
        "BadRequest",
        "Issuer and subject combination already exists for this Managed Identity.");
  }

  static ArmException limitReached(String identityId) {
    return new ArmException(
        400,
        LIMIT_CODE,
        "The managed identity '"
            + identityId
            + "' already has "
            + MAX_PER_IDENTITY
            + " federated identity credentials, the most it can have.");
  }

  private static ArrayNode audiences(JsonNode props) {
    JsonNode audiences = props.get("audiences");
    if (audiences == null || audiences.isNull()) {
      throw missing("audiences", "properties");
    }
    if (!audiences.isArray()) {
      throw converting("List`1", "properties.audiences");
    }
    if (audiences.size() != 1) {
      throw new ArmException(
          400,
          "BadRequest",
          "Exactly one audience is supported in 'audiences' (usually 'api://AzureADTokenExchange');"
              + " the request has "
              + audiences.size()
              + ".");
    }
    JsonNode audience = audiences.get(0);
    if (!audience.isTextual() || audience.asText().isBlank()) {
      throw converting("String", "properties.audiences[0]");
    }
    ArrayNode stored = Json.MAPPER.createArrayNode();
    stored.add(checkLength("audiences[0]", audience.asText()));
    return stored;
  }

  private static ObjectNode expression(JsonNode props) {
    JsonNode expression = props.get("claimsMatchingExpression");
    if (expression == null || expression.isNull()) {
      return null;
    }
    if (!expression.isObject()) {
      throw converting("ClaimsMatchingExpression", "properties.claimsMatchingExpression");
    }
    String path = "properties.claimsMatchingExpression";
    String value = requiredText(expression, "value", path);
    JsonNode version = expression.get("languageVersion");
    if (version == null || version.isNull()) {
      throw missing("languageVersion", path);
    }
    if (!version.canConvertToInt() || !version.isIntegralNumber()) {
      throw converting("Int32", path + ".languageVersion");
    }
    ObjectNode stored = Json.object();
    stored.put("value", checkLength("claimsMatchingExpression.value", value));
    stored.put("languageVersion", version.asInt());
    return stored;
  }

  private static void checkIssuer(String issuer) {
    checkLength("issuer", issuer);
    try {
      URI uri = new URI(issuer);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    throw new ArmException(
        400, "BadRequest", "The issuer '" + issuer + "' is not a valid absolute URL.");
  }

  private static String checkLength(String field, String value) {
    if (value.length() > MAX_FIELD_LENGTH) {
      throw new ArmException(
          400,
          "BadRequest",
          "The value of '"
              + field
              + "' has "
              + value.length()
              + " characters; at most "
              + MAX_FIELD_LENGTH
              + " are allowed.");
    }
    return value;
  }

  private static String requiredText(JsonNode node, String field) {
    return requiredText(node, field, "properties");
  }

  private static String requiredText(JsonNode node, String field, String path) {
    String value = optionalText(node, field, path);
    if (value == null) {
      throw missing(field, path);
    }
    return value;
  }

  private static String optionalText(JsonNode node, String field) {
    return optionalText(node, field, "properties");
  }

  /** A string property; {@code null} when absent, null or blank. */
  private static String optionalText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw converting("String", path + "." + field);
    }
    return value.asText().isBlank() ? null : value.asText();
  }

  private static ArmException missing(String field, String path) {
    return ArmErrors.invalidRequestContent(
        "Required property '" + field + "' not found in JSON. Path '" + path + "'.");
  }

  private static ArmException converting(String type, String path) {
    return ArmErrors.invalidRequestContent(
        "Error converting value to type '" + type + "'. Path '" + path + "'.");
  }
}
