package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import dev.operators.identity.api.ItemPattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A federated credential of a {@link RegionalIdentitySet}'s template: the credential's fields, and
 * the regions whose identities get it (all when none are named).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegionalFederatedCredential extends FederatedCredentialSpec {

  @JsonPropertyDescription(
      "Regions whose identities get this credential (programmatic names). Absent or empty: every"
          + " region's identity.")
  @Size(max = RegionalIdentitySetSpec.MAX_REGIONS)
  @ItemMaxLength(50)
  @ItemPattern(AzureNameRules.LOCATION)
  private List<String> regions;

  public RegionalFederatedCredential() {}

  public RegionalFederatedCredential(String issuer, String subject, List<String> regions) {
    super(issuer, subject);
    setRegions(regions);
  }

  public List<String> getRegions() {
    return regions;
  }

  public void setRegions(List<String> regions) {
    this.regions = regions == null ? null : List.copyOf(regions);
  }

  /** Whether the identity of {@code region} gets this credential. */
  public boolean appliesTo(String region) {
    return regions == null
        || regions.isEmpty()
        || regions.stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(region));
  }

  /** The credential as a regional identity declares it (without the regions). */
  public FederatedCredentialSpec credential() {
    FederatedCredentialSpec credential = new FederatedCredentialSpec(getIssuer(), getSubject());
    credential.setName(getName());
    credential.setAudiences(getAudiences());
    credential.setClaimsMatchingExpression(getClaimsMatchingExpression());
    credential.setDescription(getDescription());
    return credential;
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o)
        && o instanceof RegionalFederatedCredential other
        && Objects.equals(regions, other.regions);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Objects.hashCode(regions);
  }
}
