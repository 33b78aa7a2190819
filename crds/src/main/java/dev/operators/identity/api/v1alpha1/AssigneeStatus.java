package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** How the identity stands on one assignee. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AssigneeStatus {

  /** Where an assignee stands. */
  public enum State {
    /** The resource carries the identity. */
    Attached,
    /** Waiting for something that passes (throttling, an outage). */
    Pending,
    /** Not in place, and not written: the resource is in Observe or Plan mode (status.plan). */
    Planned,
    /** Not attempted: it would break a rule (regional isolation). */
    Refused,
    /** The resource does not exist (deleted out of band, or a wrong ID). */
    Missing,
    /** Azure refused the attachment; see message. */
    Failed
  }

  @JsonPropertyDescription("The resource, as declared.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String resourceId;

  @JsonPropertyDescription("Its resource type, such as Microsoft.Compute/virtualMachines.")
  @Size(max = 512)
  private String resourceType;

  @JsonPropertyDescription("Its region.")
  @Size(max = 50)
  private String location;

  @JsonPropertyDescription("Attached, Pending, Refused, Missing or Failed.")
  private State state;

  @JsonPropertyDescription("What is wrong, or worth knowing (Azure's error code and message).")
  @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
  private String message;

  @JsonPropertyDescription(
      "The long-running Azure operation attaching or detaching the identity, while it runs; the"
          + " operator checks it on later passes instead of waiting for it.")
  private AzureOperationStatus operation;

  public String getResourceId() {
    return resourceId;
  }

  public void setResourceId(String resourceId) {
    this.resourceId = resourceId;
  }

  public String getResourceType() {
    return resourceType;
  }

  public void setResourceType(String resourceType) {
    this.resourceType = resourceType;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
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

  public AzureOperationStatus getOperation() {
    return operation;
  }

  public void setOperation(AzureOperationStatus operation) {
    this.operation = operation;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AssigneeStatus other
        && Objects.equals(resourceId, other.resourceId)
        && Objects.equals(resourceType, other.resourceType)
        && Objects.equals(location, other.location)
        && state == other.state
        && Objects.equals(message, other.message)
        && Objects.equals(operation, other.operation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resourceId, resourceType, location, state, message, operation);
  }
}
