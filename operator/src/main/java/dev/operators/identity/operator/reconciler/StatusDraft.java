package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus;
import dev.operators.identity.api.v1alpha1.PlanStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.kstatus.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The status being written in one reconcile, started from a copy of the current one. Conditions
 * follow Kubernetes conventions: {@code lastTransitionTime} moves only when the status value
 * changes, and each condition carries the generation it describes.
 */
final class StatusDraft {

  static final String READY = "Ready";
  static final String POLICY_COMPLIANT = "PolicyCompliant";
  static final String PAUSED = "Paused";
  static final String IDENTITY_READY = "IdentityReady";
  static final String ROLE_ASSIGNMENTS_READY = "RoleAssignmentsReady";
  static final String PRIVILEGED_ASSIGNMENT = "PrivilegedAssignment";
  static final String ASSIGNEES_READY = "AssigneesReady";
  static final String FEDERATED_CREDENTIALS_READY = "FederatedCredentialsReady";
  static final String WORKLOAD_IDENTITY_READY = "WorkloadIdentityReady";
  static final String EXPORT_READY = "ExportReady";
  static final String RESTRICTIONS_READY = "AssignmentRestrictionsReady";
  static final String AMBIGUOUS_DEFAULT_IDENTITY = "AmbiguousDefaultIdentity";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";

  /**
   * The reasons of a part that is work in progress: it will get there without anyone's help
   * (kstatus' Reconciling). Every other reason of a part that is not ready needs a change of the
   * spec or outside help (kstatus' Stalled), even where the operator keeps retrying it.
   */
  static final Set<String> IN_PROGRESS =
      Set.of(
          AzureFailures.THROTTLED,
          AzureFailures.UNAVAILABLE,
          "RoleAssignmentsPending",
          "AssigneesPending",
          "FederatedCredentialsPending",
          "WorkloadIdentityPending",
          "ExportPending",
          "PolicyPending",
          AzureFailures.PRINCIPAL_NOT_REPLICATED,
          "Reconciling");

  /** Ready's reason while a plan waits for approval (an adoption, or a plan that changed). */
  static final String AWAITING_APPROVAL = "AwaitingApproval";

  /** A part's reason that only repeats another part's (the identity's). */
  static final String WAITING_FOR_IDENTITY = "WaitingForIdentity";

  /** The order conditions are listed in: Ready first, then the parts. */
  private static final List<String> ORDER =
      List.of(
          READY,
          RECONCILING,
          STALLED,
          PAUSED,
          POLICY_COMPLIANT,
          IDENTITY_READY,
          ROLE_ASSIGNMENTS_READY,
          FEDERATED_CREDENTIALS_READY,
          WORKLOAD_IDENTITY_READY,
          EXPORT_READY,
          RESTRICTIONS_READY,
          ASSIGNEES_READY,
          PRIVILEGED_ASSIGNMENT,
          AMBIGUOUS_DEFAULT_IDENTITY);

  private static final Pattern REQUEST_ID = Pattern.compile(" \\(request [^)]*\\)");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final UserAssignedIdentityStatus original;
  private final UserAssignedIdentityStatus status;
  private final long generation;
  private final Clock clock;
  private String planMessage;

  StatusDraft(UserAssignedIdentity resource, Clock clock) {
    this.original =
        resource.getStatus() == null ? new UserAssignedIdentityStatus() : resource.getStatus();
    this.status = copy(original);
    Long gen = resource.getMetadata().getGeneration();
    this.generation = gen == null ? 0 : gen;
    this.clock = clock;
  }

  UserAssignedIdentityStatus current() {
    return status;
  }

  Optional<Condition> condition(String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * A message without the Azure request IDs it quotes: each retry has a new one, which is no new
   * problem (the status keeps them, for support tickets; events do not).
   */
  static String withoutRequestIds(String message) {
    return message == null ? "" : REQUEST_ID.matcher(message).replaceAll("");
  }

  /**
   * Sets a condition; returns true when its status, reason or message changed (a new request ID
   * alone is no change).
   */
  boolean set(String type, boolean ok, String reason, String message) {
    String value = ok ? "True" : "False";
    Optional<Condition> existing = condition(type);
    Condition updated =
        Conditions.next(
            status.getConditions(), type, ok, reason, message, generation, clock.instant());
    boolean changed =
        existing
            .map(
                c ->
                    !value.equals(c.getStatus())
                        || !reason.equals(c.getReason())
                        || !withoutRequestIds(message).equals(withoutRequestIds(c.getMessage())))
            .orElse(true);
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(updated);
    conditions.sort(Comparator.comparingInt(c -> order(c.getType())));
    status.setConditions(conditions);
    return changed;
  }

  /** Ready is True when every part is; otherwise it carries the first failing part's reason. */
  void summarizeReady(List<String> partTypes) {
    PlanStatus plan = status.getPlan();
    if (plan != null && planMessage == null) {
      int total = plan.getTotal() == null ? plan.getChanges().size() : plan.getTotal();
      planMessage = ManagementMode.message(plan.getReason(), total);
    }
    if (plan != null && plan.getTotal() != null && plan.getTotal() > 0) {
      boolean waits =
          !ManagementMode.OBSERVE.equals(plan.getReason())
              && !ManagementMode.PLAN.equals(plan.getReason());
      set(READY, false, waits ? AWAITING_APPROVAL : IdentityPass.CHANGES_PLANNED, planMessage);
      return;
    }
    for (String part : partTypes) {
      Condition c = condition(part).orElse(null);
      if (c == null || !"True".equals(c.getStatus())) {
        String reason = c == null ? "Reconciling" : c.getReason();
        String message = c == null ? part + " has not been reconciled yet" : c.getMessage();
        set(READY, false, reason, message);
        return;
      }
    }
    set(READY, true, "Reconciled", plan == null ? "Azure matches the spec" : planMessage);
  }

  /** Shows a plan instead of writing it: in status.plan, and in Ready's message. */
  void showPlan(PlanStatus plan, String message) {
    status.setPlan(plan);
    planMessage = message;
  }

  /** The plan is no longer shown (it is carried out, or there is none). */
  void clearPlan() {
    status.setPlan(null);
  }

  /**
   * kstatus' Reconciling and Stalled (what Flux and kstatus-based tools read; they do not read
   * Ready for custom resources): Reconciling while a part is work in progress, Stalled while a part
   * needs a spec change or outside help.
   */
  void summarizeProgress(List<String> partTypes) {
    List<Condition> waiting = new ArrayList<>();
    List<Condition> stuck = new ArrayList<>();
    for (String part : partTypes) {
      Condition c = condition(part).orElse(null);
      if (c == null || "True".equals(c.getStatus())) {
        continue;
      }
      if (WAITING_FOR_IDENTITY.equals(c.getReason())
          || IdentityPass.CHANGES_PLANNED.equals(c.getReason())) {
        continue; // the identity's condition says it; a plan waits for a person, stuck on nothing
      }
      (IN_PROGRESS.contains(c.getReason()) ? waiting : stuck).add(c);
    }
    if (waiting.isEmpty()) {
      set(RECONCILING, false, "Reconciled", "No work in progress");
    } else {
      set(RECONCILING, true, waiting.get(0).getReason(), waiting.get(0).getMessage());
    }
    if (stuck.isEmpty()) {
      set(STALLED, false, "NotStalled", "Nothing needs a spec change or outside help");
    } else {
      set(STALLED, true, stuck.get(0).getReason(), stuck.get(0).getMessage());
    }
  }

  void recordIdentity(AzureIdentity identity) {
    status.setResourceId(identity.resourceId());
    status.setPrincipalId(identity.principalId());
    status.setClientId(identity.clientId());
    status.setTenantId(identity.tenantId());
    status.setLocation(identity.location());
    status.setIsolationScope(identity.isolationScope());
  }

  /** The identity is not this resource's: nothing of it stays recorded. */
  void forgetIdentity() {
    status.setResourceId(null);
    status.setPrincipalId(null);
    status.setClientId(null);
    status.setTenantId(null);
    status.setLocation(null);
    status.setIsolationScope(null);
  }

  /**
   * Marks a principal whose role assignments must still be removed (the identity was recreated).
   */
  void addStalePrincipal(String principalId) {
    if (!status.getStalePrincipalIds().contains(principalId)) {
      List<String> stale = new ArrayList<>(status.getStalePrincipalIds());
      stale.add(principalId);
      status.setStalePrincipalIds(stale);
    }
  }

  void removeStalePrincipal(String principalId) {
    List<String> stale = new ArrayList<>(status.getStalePrincipalIds());
    stale.remove(principalId);
    status.setStalePrincipalIds(stale);
  }

  void recordRoleAssignments(List<RoleAssignmentStatus> entries, List<String> searchScopes) {
    status.setRoleAssignments(entries);
    status.setRoleAssignmentSearchScopes(searchScopes);
  }

  void recordFederatedCredentials(List<FederatedCredentialStatus> entries) {
    status.setFederatedCredentials(entries);
  }

  void recordExport(Optional<String> configMap) {
    status.setExportedConfigMap(configMap.orElse(null));
  }

  void recordServiceAccounts(List<ServiceAccountStatus> entries) {
    status.setServiceAccounts(entries);
  }

  void recordAssignees(List<AssigneeStatus> entries) {
    status.setAssignees(entries);
  }

  /** The finished status: observedGeneration set to the generation just reconciled. */
  UserAssignedIdentityStatus finish() {
    status.setObservedGeneration(generation);
    return status;
  }

  boolean changed() {
    return !status.equals(original);
  }

  private static int order(String type) {
    int index = ORDER.indexOf(type);
    return index < 0 ? ORDER.size() : index;
  }

  /** A deep copy through Fabric8's own serialization: every field, present and future. */
  private static UserAssignedIdentityStatus copy(UserAssignedIdentityStatus from) {
    return SERIALIZATION.clone(from);
  }
}
