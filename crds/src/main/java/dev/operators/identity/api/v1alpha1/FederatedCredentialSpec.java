package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * One federated identity credential of the identity: tokens that {@code issuer} signs for {@code
 * subject} (a Kubernetes ServiceAccount, a CI pipeline), or whose claims match {@code
 * claimsMatchingExpression}, may be exchanged for the identity's tokens.
 */
@ValidationRule(
    value = "has(self.subject) != has(self.claimsMatchingExpression)",
    message = FederatedCredentialSpec.SUBJECT_XOR_EXPRESSION)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FederatedCredentialSpec {

  /** The schema's and the operator's message when both or neither are set. */
  public static final String SUBJECT_XOR_EXPRESSION =
      "exactly one of subject and claimsMatchingExpression must be set";

  @JsonPropertyDescription(
      "The credential's name in Azure (3 to 120 letters, digits, - and _). Default: derived from"
          + " issuer and subject (or issuer and expression), so the same pair always has the same"
          + " name.")
  @Size(min = 3, max = 120)
  @Pattern(AzureNameRules.FEDERATED_CREDENTIAL_NAME)
  private String name;

  @JsonPropertyDescription(
      "The OIDC issuer URL, such as an AKS cluster's OIDC issuer. Matched exactly by Microsoft"
          + " Entra ID: a trailing slash matters.")
  @Required
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD)
  @Pattern(AzureNameRules.ISSUER)
  private String issuer;

  @JsonPropertyDescription(
      "The subject of the tokens, such as system:serviceaccount:NAMESPACE:NAME for a Kubernetes"
          + " ServiceAccount. Exactly one of subject and claimsMatchingExpression.")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD)
  @Pattern(AzureNameRules.SUBJECT)
  private String subject;

  @JsonPropertyDescription(
      "A flexible federated identity credential: the tokens whose claims match this expression,"
          + " in place of one exact subject. Exactly one of subject and claimsMatchingExpression."
          + " Written with Azure's api-version 2025-05-31-preview, the first that has it.")
  private ClaimsMatchingExpressionSpec claimsMatchingExpression;

  @JsonPropertyDescription(
      "The audience of the tokens: exactly one. Default: api://AzureADTokenExchange.")
  @Size(min = 1, max = 1)
  @ItemMaxLength(AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD)
  private List<String> audiences;

  @JsonPropertyDescription(
      "What the credential is for, for the people who read this resource. Kept here only: a"
          + " managed identity's federated credentials have no description in Azure.")
  @Size(max = 600)
  private String description;

  public FederatedCredentialSpec() {}

  public FederatedCredentialSpec(String issuer, String subject) {
    this.issuer = issuer;
    this.subject = subject;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getSubject() {
    return subject;
  }

  public void setSubject(String subject) {
    this.subject = subject;
  }

  public ClaimsMatchingExpressionSpec getClaimsMatchingExpression() {
    return claimsMatchingExpression;
  }

  public void setClaimsMatchingExpression(ClaimsMatchingExpressionSpec claimsMatchingExpression) {
    this.claimsMatchingExpression = claimsMatchingExpression;
  }

  public List<String> getAudiences() {
    return audiences;
  }

  public void setAudiences(List<String> audiences) {
    this.audiences = audiences == null ? null : List.copyOf(audiences);
  }

  /** The declared audiences, or the token-exchange audience when none is declared. */
  public List<String> effectiveAudiences() {
    return audiences == null || audiences.isEmpty()
        ? List.of(AzureNameRules.TOKEN_EXCHANGE_AUDIENCE)
        : audiences;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FederatedCredentialSpec other
        && Objects.equals(name, other.name)
        && Objects.equals(issuer, other.issuer)
        && Objects.equals(subject, other.subject)
        && Objects.equals(claimsMatchingExpression, other.claimsMatchingExpression)
        && Objects.equals(audiences, other.audiences)
        && Objects.equals(description, other.description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, issuer, subject, claimsMatchingExpression, audiences, description);
  }
}
