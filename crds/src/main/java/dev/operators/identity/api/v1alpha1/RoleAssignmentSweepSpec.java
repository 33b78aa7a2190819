package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import dev.operators.identity.api.ItemPattern;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Where to look for orphaned role assignments, what to do with them, and how often. */
@JsonClassDescription(
    "Where the sweep looks (ARM scopes), what it does with the orphaned role assignments it finds"
        + " (Report or Delete), how often it runs, and how old an assignment must be before it"
        + " counts as orphaned.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RoleAssignmentSweepSpec {

  /** The most scopes one sweep scans. */
  public static final int MAX_SCOPES = 50;

  /** A duration: a number and a unit, s, m or h ({@code 90s}, {@code 30m}, {@code 6h}). */
  public static final String DURATION = "^[0-9]{1,7}(s|m|h)$";

  @JsonPropertyDescription(
      "ARM scopes to scan: subscriptions (/subscriptions/{id}), resource groups"
          + " (/subscriptions/{id}/resourceGroups/{name}), resources, or management groups"
          + " (/providers/Microsoft.Management/managementGroups/{id}). Assignments at a scope and"
          + " below it by path are swept; at a management group, only those made at the group"
          + " itself (name its subscriptions to sweep them). At most 50.")
  @Required
  @Size(min = 1, max = MAX_SCOPES)
  @ItemMaxLength(AzureNameRules.MAX_ID_LENGTH)
  @ItemPattern(AzureNameRules.SCOPE)
  private List<String> scopes = new ArrayList<>();

  @JsonPropertyDescription(
      "Report (default): list the orphaned assignments in status and change nothing. Delete:"
          + " also delete each one, after a fresh read confirms it is still orphaned.")
  @Default("Report")
  @SchemaFrom(type = SweepMode.class)
  private String mode;

  @JsonPropertyDescription(
      "How often the sweep runs, as an interval: a number and a unit (s, m or h), for example"
          + " 6h or 30m; at least 1m. Absent: the sweep runs once per change of this spec.")
  @Size(max = 10)
  @Pattern(DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('1m')",
      message = "schedule must be at least 1m")
  private String schedule;

  @JsonPropertyDescription(
      "How old an orphaned assignment must be before it is deleted, as a number and a unit (s, m"
          + " or h); default 1h. A younger one is reported as too young: right after a principal is"
          + " created, the directory may not know it yet (replication), and it looks orphaned.")
  @Default("1h")
  @Size(max = 10)
  @Pattern(DURATION)
  private String minimumAge;

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes == null ? new ArrayList<>() : new ArrayList<>(scopes);
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getMinimumAge() {
    return minimumAge;
  }

  public void setMinimumAge(String minimumAge) {
    this.minimumAge = minimumAge;
  }
}
