package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The outcome of one step of a migration, as last carried out. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationStepStatus {

  @JsonPropertyDescription(
      "The step: Check, Create, Grant, Attach, Verify, Soak, Cleanup, Discard.")
  @Size(max = 16)
  private String step;

  @JsonPropertyDescription("Done, Refused, Pending or Failed.")
  @Size(max = 16)
  private String outcome;

  @JsonPropertyDescription("What the step did or why it did not.")
  @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
  private String message;

  @JsonPropertyDescription("When the step last ran (RFC 3339).")
  @Size(max = 40)
  private String at;

  public MigrationStepStatus() {}

  public MigrationStepStatus(String step, String outcome, String message, String at) {
    this.step = step;
    this.outcome = outcome;
    this.message = message;
    this.at = at;
  }

  public String getStep() {
    return step;
  }

  public void setStep(String step) {
    this.step = step;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MigrationStepStatus other
        && Objects.equals(step, other.step)
        && Objects.equals(outcome, other.outcome)
        && Objects.equals(message, other.message)
        && Objects.equals(at, other.at);
  }

  @Override
  public int hashCode() {
    return Objects.hash(step, outcome, message, at);
  }
}
