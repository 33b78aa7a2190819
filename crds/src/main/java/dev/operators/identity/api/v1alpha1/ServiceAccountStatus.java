package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** How one declared ServiceAccount is wired to the identity. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceAccountStatus {

  /** Where a ServiceAccount stands. */
  public enum State {
    /** It carries the identity's client ID and tenant ID annotations. */
    Annotated,
    /** It does not exist (yet); it is annotated once it does. */
    Missing,
    /** Not in place, and not written: the resource is in Observe or Plan mode (status.plan). */
    Planned,
    /** Not wired: it would break a rule (another namespace); see message. */
    Refused,
    /** It is annotated for another identity: reported, never overwritten. */
    Conflict,
    /** Writing the annotations failed; see message. */
    Failed
  }

  @JsonPropertyDescription("The ServiceAccount's namespace.")
  @Size(max = 63)
  private String namespace;

  @JsonPropertyDescription("The ServiceAccount's name.")
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription("Annotated, Missing, Conflict or Failed.")
  private State state;

  @JsonPropertyDescription("What is wrong, when not Annotated.")
  @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
  private String message;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
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
    return o instanceof ServiceAccountStatus other
        && Objects.equals(namespace, other.namespace)
        && Objects.equals(name, other.name)
        && state == other.state
        && Objects.equals(message, other.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, name, state, message);
  }
}
