package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** An Azure resource the identity is attached to (a source resource, in Azure's words). */
@JsonIgnoreProperties(ignoreUnknown = true)
public class AssigneeSpec {

  @JsonPropertyDescription(
      "ARM resource ID of the resource that uses the identity: a virtual machine, scale set, App"
          + " Service or Functions app, container app, or any resource type with a managed"
          + " identity block.")
  @Required
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  @Pattern(AzureNameRules.RESOURCE_ID)
  @ValidationRule(
      value = "!self.lowerAscii().contains('/providers/microsoft.managedidentity/')",
      message = "a managed identity has no identity block of its own and cannot be an assignee")
  private String resourceId;

  public AssigneeSpec() {}

  public AssigneeSpec(String resourceId) {
    this.resourceId = resourceId;
  }

  public String getResourceId() {
    return resourceId;
  }

  public void setResourceId(String resourceId) {
    this.resourceId = resourceId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AssigneeSpec other && Objects.equals(resourceId, other.resourceId);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(resourceId);
  }
}
