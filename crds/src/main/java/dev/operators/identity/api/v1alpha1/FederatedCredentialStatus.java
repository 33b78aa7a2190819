package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** How one declared federated identity credential stands in Azure. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FederatedCredentialStatus {

  /** Where a credential stands. */
  public enum State {
    /** Azure holds it as declared. */
    Ready,
    /** Waiting for something that passes (a concurrent write, throttling, an outage). */
    Pending,
    /** Not in place, and not written: the resource is in Observe or Plan mode (status.plan). */
    Planned,
    /** Azure refused it, or the spec cannot be met; see message. */
    Failed
  }

  @JsonPropertyDescription(
      "Its name in Azure (declared, or derived from issuer and subject or expression).")
  @Size(max = 120)
  private String name;

  @JsonPropertyDescription("The OIDC issuer, as declared.")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD)
  private String issuer;

  @JsonPropertyDescription("The subject, as declared.")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD)
  private String subject;

  @JsonPropertyDescription("The claims-matching expression, as declared (in place of a subject).")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD)
  private String claimsMatchingExpression;

  @JsonPropertyDescription("Ready, Pending, Failed, or Planned (Observe or Plan mode).")
  private State state;

  @JsonPropertyDescription("What is wrong (Azure's error code and message), when not Ready.")
  @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
  private String message;

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

  public String getClaimsMatchingExpression() {
    return claimsMatchingExpression;
  }

  public void setClaimsMatchingExpression(String claimsMatchingExpression) {
    this.claimsMatchingExpression = claimsMatchingExpression;
  }

  public State getState() {
    return state;
  }

  public void setState(State state) {
    this.state = state;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = StatusText.fit(message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FederatedCredentialStatus other
        && Objects.equals(name, other.name)
        && Objects.equals(issuer, other.issuer)
        && Objects.equals(subject, other.subject)
        && Objects.equals(claimsMatchingExpression, other.claimsMatchingExpression)
        && state == other.state
        && Objects.equals(message, other.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, issuer, subject, claimsMatchingExpression, state, message);
  }
}
