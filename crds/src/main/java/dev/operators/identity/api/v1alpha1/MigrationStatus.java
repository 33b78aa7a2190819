package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A move of the identity in progress: from the source to the target, one step at a time, each
 * recorded here so that a restart resumes where it was.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationStatus {

  @JsonPropertyDescription("Migrating, Held, Refused or Cancelling (what kubectl get shows).")
  @Size(max = 16)
  private String phase;

  @JsonPropertyDescription(
      "The step to carry out next: Check, Create, Grant, Attach, Verify, Soak, Cleanup; Discard"
          + " while an abandoned target is being removed.")
  @Size(max = 16)
  private String step;

  @JsonPropertyDescription("When the migration started (RFC 3339).")
  @Size(max = 40)
  private String startedAt;

  @JsonPropertyDescription("When the target was verified in Azure; the soak time counts from it.")
  @Size(max = 40)
  private String verifiedAt;

  @JsonPropertyDescription("The identity being moved away from (the one in use until Cleanup).")
  private MigrationIdentity source;

  @JsonPropertyDescription("The identity being moved to (the spec's place).")
  private MigrationIdentity target;

  @JsonPropertyDescription(
      "A target abandoned by a change of mind, removed like a cancelled migration before going on.")
  private MigrationIdentity discarding;

  @JsonPropertyDescription("The outcome of each step, as last carried out.")
  @Size(max = 16)
  private List<MigrationStepStatus> steps = new ArrayList<>();

  @JsonPropertyDescription("The target's attachments while it is attached next to the source.")
  @Size(max = AzureNameRules.MAX_ASSIGNEES)
  private List<AssigneeStatus> assignees = new ArrayList<>();

  @JsonPropertyDescription(
      "What the operator cannot copy to the new identity itself, with the old and new principal"
          + " IDs (such as group memberships and app roles it does not manage).")
  @Size(max = 16)
  private List<ManualMigrationStep> manualSteps = new ArrayList<>();

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getStep() {
    return step;
  }

  public void setStep(String step) {
    this.step = step;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getVerifiedAt() {
    return verifiedAt;
  }

  public void setVerifiedAt(String verifiedAt) {
    this.verifiedAt = verifiedAt;
  }

  public MigrationIdentity getSource() {
    return source;
  }

  public void setSource(MigrationIdentity source) {
    this.source = source;
  }

  public MigrationIdentity getTarget() {
    return target;
  }

  public void setTarget(MigrationIdentity target) {
    this.target = target;
  }

  public MigrationIdentity getDiscarding() {
    return discarding;
  }

  public void setDiscarding(MigrationIdentity discarding) {
    this.discarding = discarding;
  }

  public List<MigrationStepStatus> getSteps() {
    return steps;
  }

  public void setSteps(List<MigrationStepStatus> steps) {
    this.steps = steps == null ? new ArrayList<>() : new ArrayList<>(steps);
  }

  public List<AssigneeStatus> getAssignees() {
    return assignees;
  }

  public void setAssignees(List<AssigneeStatus> assignees) {
    this.assignees = assignees == null ? new ArrayList<>() : new ArrayList<>(assignees);
  }

  public List<ManualMigrationStep> getManualSteps() {
    return manualSteps;
  }

  public void setManualSteps(List<ManualMigrationStep> manualSteps) {
    this.manualSteps = manualSteps == null ? new ArrayList<>() : new ArrayList<>(manualSteps);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MigrationStatus other
        && Objects.equals(phase, other.phase)
        && Objects.equals(step, other.step)
        && Objects.equals(startedAt, other.startedAt)
        && Objects.equals(verifiedAt, other.verifiedAt)
        && Objects.equals(source, other.source)
        && Objects.equals(target, other.target)
        && Objects.equals(discarding, other.discarding)
        && Objects.equals(steps, other.steps)
        && Objects.equals(assignees, other.assignees)
        && Objects.equals(manualSteps, other.manualSteps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        phase,
        step,
        startedAt,
        verifiedAt,
        source,
        target,
        discarding,
        steps,
        assignees,
        manualSteps);
  }
}
