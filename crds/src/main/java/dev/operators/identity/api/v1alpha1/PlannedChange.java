package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One write a Manage pass would make, and why. */
@JsonClassDescription("One write a Manage pass would make, and why.")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlannedChange {

  /** The longest target status holds: an ARM ID with room for a role and scope around it. */
  static final int MAX_TARGET = AzureNameRules.MAX_ID_LENGTH + 256;

  @JsonPropertyDescription(
      "Create, Update, Delete, Attach or Detach (Annotate and Release for ServiceAccounts).")
  @Size(max = 16)
  private String action;

  @JsonPropertyDescription(
      "What is changed: Identity, RoleAssignment, FederatedCredential, Assignee,"
          + " AssignmentRestrictions, ServiceAccount or ConfigMap.")
  @Size(max = 32)
  private String kind;

  @JsonPropertyDescription(
      "The object changed: an ARM resource ID, or role and scope, or namespace/name in the"
          + " cluster.")
  @Size(max = MAX_TARGET)
  private String target;

  @JsonPropertyDescription("Why the change is needed.")
  @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
  private String reason;

  public PlannedChange() {}

  public PlannedChange(String action, String kind, String target, String reason) {
    this.action = action;
    this.kind = kind;
    this.target = StatusText.fit(target, MAX_TARGET);
    this.reason = StatusText.fit(reason);
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlannedChange other
        && Objects.equals(action, other.action)
        && Objects.equals(kind, other.kind)
        && Objects.equals(target, other.target)
        && Objects.equals(reason, other.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(action, kind, target, reason);
  }

  @Override
  public String toString() {
    return action + " " + kind + " " + target + " (" + reason + ")";
  }
}
