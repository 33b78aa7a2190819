package dev.operators.identity.operator.azure.sdk;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.operator.azure.FederatedCredential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A federated identity credential as the 2025-05-31-preview api-version writes and reads it: {@code
 * properties {issuer, subject?, audiences, claimsMatchingExpression? {value, languageVersion}}}
 * (azure-rest-api-specs, Microsoft.ManagedIdentity, ClaimsMatchingExpression).
 */
final class FederatedCredentialJson {

  private FederatedCredentialJson() {}

  /** The PUT body: the subject or the expression, whichever the credential has. */
  static String body(FederatedCredential credential) {
    return ArmRequests.json(
        writer -> {
          writer.writeStartObject();
          writer.writeStartObject("properties");
          writer.writeStringField("issuer", credential.issuer());
          if (credential.subject() != null) {
            writer.writeStringField("subject", credential.subject());
          }
          writer.writeArrayField("audiences", credential.audiences(), (w, a) -> w.writeString(a));
          if (credential.expression() != null) {
            writer.writeStartObject("claimsMatchingExpression");
            writer.writeStringField("value", credential.expression().value());
            writer.writeIntField("languageVersion", credential.expression().languageVersion());
            writer.writeEndObject();
          }
          writer.writeEndObject();
          writer.writeEndObject();
        });
  }

  /** One credential of an answer (a GET, a PUT, or an entry of a list's {@code value}). */
  static FederatedCredential credential(Map<?, ?> resource) {
    Map<?, ?> properties =
        resource.get("properties") instanceof Map<?, ?> p ? p : Map.<String, Object>of();
    FederatedCredential.Expression expression = null;
    if (properties.get("claimsMatchingExpression") instanceof Map<?, ?> claims
        && claims.get("value") instanceof String value) {
      int version =
          claims.get("languageVersion") instanceof Number n
              ? n.intValue()
              : AzureNameRules.CLAIMS_MATCHING_LANGUAGE_VERSION;
      expression = new FederatedCredential.Expression(value, version);
    }
    List<String> audiences = new ArrayList<>();
    if (properties.get("audiences") instanceof List<?> list) {
      list.forEach(a -> audiences.add(String.valueOf(a)));
    }
    return new FederatedCredential(
        text(resource, "name"),
        text(properties, "issuer"),
        text(properties, "subject"),
        expression,
        audiences);
  }

  /** The entries of one page of a list answer. */
  static List<FederatedCredential> page(Map<String, Object> answer) {
    List<FederatedCredential> credentials = new ArrayList<>();
    if (answer.get("value") instanceof List<?> entries) {
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> resource) {
          credentials.add(credential(resource));
        }
      }
    }
    return credentials;
  }

  /** The next page's URL, or null on the last page. */
  static String nextLink(Map<String, Object> answer) {
    return answer.get("nextLink") instanceof String link && !link.isBlank() ? link : null;
  }

  private static String text(Map<?, ?> map, String key) {
    return map.get(key) instanceof String s ? s : null;
  }
}
