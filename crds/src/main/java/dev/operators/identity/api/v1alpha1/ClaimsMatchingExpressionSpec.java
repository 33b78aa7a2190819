package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A flexible federated identity credential's match (Azure's {@code claimsMatchingExpression {value,
 * languageVersion}}, api-version 2025-05-31-preview): an expression over the token's claims in
 * place of one exact subject.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClaimsMatchingExpressionSpec {

  @JsonPropertyDescription(
      "The expression, in Microsoft Entra's flexible federated identity credential language:"
          + " claims['NAME'] matches|eq 'VALUE', joined with and; * is the wildcard of matches."
          + " Example: claims['sub'] matches 'repo:contoso/app:*'. Judged by Microsoft Entra ID,"
          + " which supports GitHub, GitLab and Terraform Cloud tokens.")
  @Required
  @Size(min = 1, max = AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD)
  @Pattern(AzureNameRules.CLAIMS_MATCHING_EXPRESSION)
  private String value;

  @JsonPropertyDescription(
      "The version of the expression language. Default 1, the only version Azure has.")
  @Default("1")
  @Min(AzureNameRules.CLAIMS_MATCHING_LANGUAGE_VERSION)
  @Max(AzureNameRules.CLAIMS_MATCHING_LANGUAGE_VERSION)
  private Integer languageVersion;

  public ClaimsMatchingExpressionSpec() {}

  public ClaimsMatchingExpressionSpec(String value) {
    this.value = value;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public Integer getLanguageVersion() {
    return languageVersion;
  }

  public void setLanguageVersion(Integer languageVersion) {
    this.languageVersion = languageVersion;
  }

  /** The declared language version, or 1 when none is declared. */
  public int effectiveLanguageVersion() {
    return languageVersion == null
        ? AzureNameRules.CLAIMS_MATCHING_LANGUAGE_VERSION
        : languageVersion;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClaimsMatchingExpressionSpec other
        && Objects.equals(value, other.value)
        && Objects.equals(languageVersion, other.languageVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, languageVersion);
  }
}
