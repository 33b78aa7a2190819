package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One identity of a migration: where it lives and, once it exists, its IDs. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationIdentity {

  @JsonPropertyDescription("ARM resource ID of the identity.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String resourceId;

  @JsonPropertyDescription("Region of the identity.")
  @Size(max = 50)
  private String location;

  @JsonPropertyDescription("Object ID of its service principal, once it exists.")
  @Size(max = 36)
  private String principalId;

  @JsonPropertyDescription("Its client ID, once it exists.")
  @Size(max = 36)
  private String clientId;

  @JsonPropertyDescription("Its tenant, once it exists.")
  @Size(max = 36)
  private String tenantId;

  public MigrationIdentity() {}

  public MigrationIdentity(String resourceId, String location) {
    this.resourceId = resourceId;
    this.location = location;
  }

  public String getResourceId() {
    return resourceId;
  }

  public void setResourceId(String resourceId) {
    this.resourceId = resourceId;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public String getPrincipalId() {
    return principalId;
  }

  public void setPrincipalId(String principalId) {
    this.principalId = principalId;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MigrationIdentity other
        && Objects.equals(resourceId, other.resourceId)
        && Objects.equals(location, other.location)
        && Objects.equals(principalId, other.principalId)
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(tenantId, other.tenantId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resourceId, location, principalId, clientId, tenantId);
  }
}
