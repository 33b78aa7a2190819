package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.EnumNames;
import dev.operators.identity.api.v1alpha1.ManagementPolicy;
import dev.operators.identity.api.v1alpha1.PlanStatus;
import dev.operators.identity.api.v1alpha1.PlannedChange;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a pass writes, decided in one place (pure). Manage writes; Observe and Plan only plan. A
 * Manage pass plans first, and writes only when the plan may be carried out, when a plan is shown
 * (a switch from Observe or Plan applies exactly the plan shown, else the new plan waits for
 * approval) and when an adoption that the spec does not confirm would delete grants or attachments.
 */
final class ManagementMode {

  /** The reasons a plan is shown (status.plan.reason). */
  static final String OBSERVE = "Observe";

  static final String PLAN = "Plan";
  static final String ADOPTION_PENDING = "AdoptionPending";
  static final String PLAN_CHANGED = "PlanChanged";

  /** The most changes status lists (the digest covers them all). */
  static final int MAX_LISTED = 100;

  private static final Set<String> DESTRUCTIVE = Set.of("Delete", "Detach", "Release");

  private ManagementMode() {}

  /** The policy as written: empty when absent; Observe (writes nothing) when it is no name. */
  static Optional<ManagementPolicy> declared(UserAssignedIdentity resource) {
    String written = resource.getSpec() == null ? null : resource.getSpec().getManagementPolicy();
    if (written == null) {
      return Optional.empty();
    }
    return Optional.of(
        EnumNames.parse(ManagementPolicy.class, written, ManagementPolicy.Manage)
            .orElse(ManagementPolicy.Observe));
  }

  /** Whether the resource is in Observe mode (or names no mode it knows). */
  static boolean observes(UserAssignedIdentity resource) {
    return declared(resource).filter(p -> p == ManagementPolicy.Observe).isPresent();
  }

  /** Whether the resource's deletion may change Azure: not in Observe or Plan mode. */
  static Optional<String> leavesAzureOnDeletion(UserAssignedIdentity resource) {
    return declared(resource)
        .filter(p -> p != ManagementPolicy.Manage)
        .map(p -> "managementPolicy is " + p + ": Azure was left as it is");
  }

  /**
   * Whether this pass must plan before it may write: always in Observe and Plan mode; while a plan
   * is shown; and for an adoption the spec does not confirm, until the identity is managed.
   */
  static boolean plansFirst(UserAssignedIdentity resource) {
    Optional<ManagementPolicy> declared = declared(resource);
    if (declared.isPresent() && declared.get() != ManagementPolicy.Manage) {
      return true;
    }
    var status = resource.getStatus();
    if (status != null && status.getPlan() != null) {
      return true;
    }
    return declared.isEmpty()
        && resource.allowsAdoption()
        && (status == null || status.getResourceId() == null);
  }

  /** What a planning pass found: its changes, and whether it takes over an existing identity. */
  record Probe(List<PlannedChange> changes, boolean adopting) {}

  /** Write (carry out the plan), or show it and why. */
  sealed interface Decision {
    record Apply(boolean approvedPlan) implements Decision {}

    record Show(String reason) implements Decision {}
  }

  static Decision decide(UserAssignedIdentity resource, Probe probe) {
    Optional<ManagementPolicy> declared = declared(resource);
    if (declared.isPresent() && declared.get() != ManagementPolicy.Manage) {
      return new Decision.Show(declared.get() == ManagementPolicy.Plan ? PLAN : OBSERVE);
    }
    String digest = digest(probe.changes());
    if (probe.changes().isEmpty()) {
      return new Decision.Apply(false);
    }
    if (resource.approvedPlan().filter(digest::equalsIgnoreCase).isPresent()) {
      return new Decision.Apply(true);
    }
    PlanStatus shown = resource.getStatus() == null ? null : resource.getStatus().getPlan();
    boolean explicitManage = declared.isPresent();
    if (shown != null) {
      boolean same = digest.equals(shown.getDigest());
      boolean fromMode = OBSERVE.equals(shown.getReason()) || PLAN.equals(shown.getReason());
      if (same && (fromMode || (ADOPTION_PENDING.equals(shown.getReason()) && explicitManage))) {
        return new Decision.Apply(true);
      }
      if (!(ADOPTION_PENDING.equals(shown.getReason()) && !explicitManage)) {
        return new Decision.Show(PLAN_CHANGED);
      }
    }
    if (probe.adopting() && !explicitManage && destructive(probe.changes())) {
      return new Decision.Show(ADOPTION_PENDING);
    }
    return new Decision.Apply(false);
  }

  /**
   * The differences between the spec and Azure: every change but taking the identity over, which
   * the adoption annotation consents to (Observe shows these; a digest covers these).
   */
  static List<PlannedChange> differences(List<PlannedChange> changes) {
    return changes.stream().filter(c -> !IdentityStep.ADOPT.equals(c.getAction())).toList();
  }

  /** The plan as status shows it (Observe shows the differences only). */
  static PlanStatus status(String reason, List<PlannedChange> all, Long generation) {
    List<PlannedChange> changes = OBSERVE.equals(reason) ? differences(all) : all;
    PlanStatus plan = new PlanStatus();
    plan.setReason(reason);
    plan.setDigest(digest(changes));
    plan.setChanges(changes.subList(0, Math.min(MAX_LISTED, changes.size())));
    plan.setTotal(changes.size());
    plan.setObservedGeneration(generation);
    return plan;
  }

  /** Ready's message while the plan is shown: what it holds, and how to go on. */
  static String message(String reason, int total) {
    String count = total + " change(s) planned, nothing written (status.plan lists them)";
    boolean none = total == 0;
    return switch (reason == null ? "" : reason) {
      case OBSERVE ->
          none
              ? "Azure matches the spec (Observe mode: nothing is written)"
              : "Observe mode: Azure differs from the spec; " + count;
      case PLAN ->
          none
              ? "Azure matches the spec (Plan mode: nothing to do)"
              : "Plan mode: "
                  + count
                  + "; set spec.managementPolicy: Manage to apply exactly these changes";
      case ADOPTION_PENDING ->
          "Adopting an existing identity would delete or detach what the spec does not declare; "
              + count
              + ". Declare what must stay, or approve: annotate "
              + UserAssignedIdentity.APPROVE_PLAN_ANNOTATION
              + "=<status.plan.digest>, or set spec.managementPolicy: Manage";
      default ->
          "Azure or the spec changed since the plan that was shown; "
              + count
              + ". Approve the new plan: annotate "
              + UserAssignedIdentity.APPROVE_PLAN_ANNOTATION
              + "=<status.plan.digest>";
    };
  }

  /** Whether the changes delete or detach anything. */
  static boolean destructive(List<PlannedChange> changes) {
    return changes.stream().anyMatch(c -> DESTRUCTIVE.contains(c.getAction()));
  }

  /** SHA-256 over the differences in order (hex): the same changes give the same digest. */
  static String digest(List<PlannedChange> changes) {
    StringBuilder text = new StringBuilder();
    for (PlannedChange c : differences(changes)) {
      text.append(c.getAction())
          .append('|')
          .append(c.getKind())
          .append('|')
          .append(c.getTarget())
          .append('|')
          .append(c.getReason())
          .append('\n');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
