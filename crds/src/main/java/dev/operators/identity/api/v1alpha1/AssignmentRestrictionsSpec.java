package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which kinds of Azure resources the identity may be attached to (seed 002). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AssignmentRestrictionsSpec {

  @JsonPropertyDescription(
      "Resource providers (Microsoft.Compute) or provider/type pairs (Microsoft.Web/sites) that"
          + " may carry the identity; empty: any. Written to Azure (api-version"
          + " 2025-05-31-preview), which then refuses other attachments too; assignees outside"
          + " the list are refused before any write. A provider cannot be removed while an"
          + " assignee of that kind is attached.")
  @Size(max = 50)
  @ItemMaxLength(256)
  private List<String> providers;

  public List<String> getProviders() {
    return providers;
  }

  public void setProviders(List<String> providers) {
    this.providers = providers == null ? null : new ArrayList<>(providers);
  }

  /** The declared providers and types, nulls left out. */
  public List<String> effectiveProviders() {
    return providers == null ? List.of() : providers.stream().filter(Objects::nonNull).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AssignmentRestrictionsSpec other
        && Objects.equals(providers, other.providers);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(providers);
  }
}
