package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ListMapKeys;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** AKS workload identity: the ServiceAccounts whose pods use the identity. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadIdentitySpec {

  @JsonPropertyDescription(
      "Kubernetes ServiceAccounts whose pods use the identity. Each gets a federated credential"
          + " for the cluster's OIDC issuer (the operator's OPERATOR_OIDC_ISSUER, Helm value"
          + " oidcIssuer) with subject system:serviceaccount:NAMESPACE:NAME, and the annotations"
          + " azure.workload.identity/client-id and tenant-id. Pods also need the label"
          + " azure.workload.identity/use: \"true\". Counts against the 20 federated credentials"
          + " of an identity.")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIALS)
  @ListMapKeys({"name"})
  private List<ServiceAccountSpec> serviceAccounts;

  public List<ServiceAccountSpec> getServiceAccounts() {
    return serviceAccounts;
  }

  public void setServiceAccounts(List<ServiceAccountSpec> serviceAccounts) {
    this.serviceAccounts = serviceAccounts == null ? null : new ArrayList<>(serviceAccounts);
  }

  /** The declared ServiceAccounts, nulls left out. */
  public List<ServiceAccountSpec> effectiveServiceAccounts() {
    return serviceAccounts == null
        ? List.of()
        : serviceAccounts.stream().filter(Objects::nonNull).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkloadIdentitySpec other
        && Objects.equals(serviceAccounts, other.serviceAccounts);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(serviceAccounts);
  }
}
