package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the last sweep saw and did, in numbers. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class SweepCounts {

  @JsonPropertyDescription("Role assignments inside the scopes that the sweep looked at.")
  private long scanned;

  @JsonPropertyDescription("Of those, the ones whose principal no longer exists.")
  private long orphaned;

  @JsonPropertyDescription("Orphaned assignments deleted by the last sweep (Delete mode).")
  private long deleted;

  @JsonPropertyDescription(
      "Scopes that could not be listed and orphaned assignments that could not be deleted.")
  private long failed;

  public SweepCounts() {}

  public SweepCounts(long scanned, long orphaned, long deleted, long failed) {
    this.scanned = scanned;
    this.orphaned = orphaned;
    this.deleted = deleted;
    this.failed = failed;
  }

  public long getScanned() {
    return scanned;
  }

  public void setScanned(long scanned) {
    this.scanned = scanned;
  }

  public long getOrphaned() {
    return orphaned;
  }

  public void setOrphaned(long orphaned) {
    this.orphaned = orphaned;
  }

  public long getDeleted() {
    return deleted;
  }

  public void setDeleted(long deleted) {
    this.deleted = deleted;
  }

  public long getFailed() {
    return failed;
  }

  public void setFailed(long failed) {
    this.failed = failed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SweepCounts c
        && scanned == c.scanned
        && orphaned == c.orphaned
        && deleted == c.deleted
        && failed == c.failed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(scanned, orphaned, deleted, failed);
  }
}
