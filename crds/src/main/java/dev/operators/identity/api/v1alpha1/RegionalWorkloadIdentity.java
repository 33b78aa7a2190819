package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ListMapKeys;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * AKS workload identity of a {@link RegionalIdentitySet}: this cluster's ServiceAccounts, wired to
 * the identity of one region (a ServiceAccount carries one client ID).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegionalWorkloadIdentity {

  @JsonPropertyDescription(
      "The region whose identity the ServiceAccounts use: this cluster's region. Its identity"
          + " exists as long as this is set, assignees or not.")
  @Required
  @Size(max = 50)
  @Pattern(AzureNameRules.LOCATION)
  private String region;

  @JsonPropertyDescription(
      "ServiceAccounts whose pods use the region's identity, as in a UserAssignedIdentity's"
          + " workloadIdentity.serviceAccounts.")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIALS)
  @ListMapKeys({"name"})
  private List<ServiceAccountSpec> serviceAccounts;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public List<ServiceAccountSpec> getServiceAccounts() {
    return serviceAccounts;
  }

  public void setServiceAccounts(List<ServiceAccountSpec> serviceAccounts) {
    this.serviceAccounts = serviceAccounts == null ? null : new ArrayList<>(serviceAccounts);
  }

  /** As the regional identity declares it. */
  public WorkloadIdentitySpec workloadIdentity() {
    WorkloadIdentitySpec spec = new WorkloadIdentitySpec();
    spec.setServiceAccounts(
        serviceAccounts == null
            ? null
            : serviceAccounts.stream().filter(Objects::nonNull).toList());
    return spec;
  }
}
