package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Something a migration cannot do itself: a person copies it from the old to the new principal. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManualMigrationStep {

  @JsonPropertyDescription("What to do, such as a group membership to copy.")
  @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
  private String description;

  @JsonPropertyDescription("Principal ID of the old identity.")
  @Size(max = 36)
  private String oldPrincipalId;

  @JsonPropertyDescription("Principal ID of the new identity.")
  @Size(max = 36)
  private String newPrincipalId;

  public ManualMigrationStep() {}

  public ManualMigrationStep(String description, String oldPrincipalId, String newPrincipalId) {
    this.description = description;
    this.oldPrincipalId = oldPrincipalId;
    this.newPrincipalId = newPrincipalId;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getOldPrincipalId() {
    return oldPrincipalId;
  }

  public void setOldPrincipalId(String oldPrincipalId) {
    this.oldPrincipalId = oldPrincipalId;
  }

  public String getNewPrincipalId() {
    return newPrincipalId;
  }

  public void setNewPrincipalId(String newPrincipalId) {
    this.newPrincipalId = newPrincipalId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ManualMigrationStep other
        && Objects.equals(description, other.description)
        && Objects.equals(oldPrincipalId, other.oldPrincipalId)
        && Objects.equals(newPrincipalId, other.newPrincipalId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(description, oldPrincipalId, newPrincipalId);
  }
}
