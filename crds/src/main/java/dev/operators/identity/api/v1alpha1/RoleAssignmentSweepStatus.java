package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the last sweep found and did. */
@JsonClassDescription(
    "What the last sweep found and did: conditions, when it ran and runs next, counts, and the"
        + " orphaned role assignments it found (at most 100; the counts cover all). Written only"
        + " by the operator.")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoleAssignmentSweepStatus {

  /** The most findings listed; the counts cover every one. */
  public static final int MAX_FINDINGS = 100;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions: Ready (the last sweep scanned every scope and did what its mode asks),"
          + " Reconciling and Stalled for kstatus. Each carries observedGeneration, a reason and a"
          + " message.")
  @Size(max = 8)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("When the last sweep ran (RFC 3339).")
  @Size(max = 64)
  private String lastSweepTime;

  @JsonPropertyDescription("When the next sweep runs (RFC 3339); absent without a schedule.")
  @Size(max = 64)
  private String nextSweepTime;

  @JsonPropertyDescription("What the last sweep saw and did, in numbers.")
  private SweepCounts counts;

  @JsonPropertyDescription("The orphaned role assignments of the last sweep (at most 100).")
  @Size(max = MAX_FINDINGS)
  private List<SweepFinding> findings = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
  }

  public String getLastSweepTime() {
    return lastSweepTime;
  }

  public void setLastSweepTime(String lastSweepTime) {
    this.lastSweepTime = lastSweepTime;
  }

  public String getNextSweepTime() {
    return nextSweepTime;
  }

  public void setNextSweepTime(String nextSweepTime) {
    this.nextSweepTime = nextSweepTime;
  }

  public SweepCounts getCounts() {
    return counts;
  }

  public void setCounts(SweepCounts counts) {
    this.counts = counts;
  }

  public List<SweepFinding> getFindings() {
    return findings;
  }

  public void setFindings(List<SweepFinding> findings) {
    this.findings = findings == null ? new ArrayList<>() : new ArrayList<>(findings);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoleAssignmentSweepStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(lastSweepTime, s.lastSweepTime)
        && Objects.equals(nextSweepTime, s.nextSweepTime)
        && Objects.equals(counts, s.counts)
        && Objects.equals(findings, s.findings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration, conditions, lastSweepTime, nextSweepTime, counts, findings);
  }
}
