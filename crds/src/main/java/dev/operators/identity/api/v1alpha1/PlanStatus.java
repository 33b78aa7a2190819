package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The changes a Manage pass would make, shown instead of made. */
@JsonClassDescription(
    "The changes a Manage pass would make, shown instead of made: in Observe and Plan mode, and"
        + " while an adoption or a changed plan waits for approval.")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanStatus {

  @JsonPropertyDescription(
      "Why the changes are shown and not made: Observe, Plan, AdoptionPending (an adopted identity"
          + " has grants or attachments the spec does not declare) or PlanChanged (Azure or the"
          + " spec changed since the plan that was approved).")
  @Size(max = 32)
  private String reason;

  @JsonPropertyDescription(
      "Digest of the changes (SHA-256, hex). The annotation identity.operators.dev/approve-plan"
          + " set to it approves exactly these changes.")
  @Size(max = 64)
  private String digest;

  @JsonPropertyDescription("The changes, at most 100 (total counts them all), in the order made.")
  @Size(max = 100)
  private List<PlannedChange> changes = new ArrayList<>();

  @JsonPropertyDescription("How many changes there are.")
  private Integer total;

  @JsonPropertyDescription("metadata.generation of the spec the plan was computed for.")
  private Long observedGeneration;

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public List<PlannedChange> getChanges() {
    return changes;
  }

  public void setChanges(List<PlannedChange> changes) {
    this.changes = changes == null ? new ArrayList<>() : new ArrayList<>(changes);
  }

  public Integer getTotal() {
    return total;
  }

  public void setTotal(Integer total) {
    this.total = total;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlanStatus other
        && Objects.equals(reason, other.reason)
        && Objects.equals(digest, other.digest)
        && Objects.equals(changes, other.changes)
        && Objects.equals(total, other.total)
        && Objects.equals(observedGeneration, other.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, digest, changes, total, observedGeneration);
  }
}
