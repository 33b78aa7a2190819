package dev.operators.identity.operator.regional;

import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySetStatus;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySetStatus.AssigneePlacement;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySetStatus.RegionStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.kstatus.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The set's status after a pass: one entry per region from its identity's status, each assignee's
 * region, and the conditions. Ready is True when every region's identity is Ready for the spec the
 * set gave it and no region is coming or going; Stalled is True while something needs a spec change
 * or outside help (a region's identity is Stalled, a name is taken, an assignee Azure does not
 * know); Reconciling while anything else is under way.
 */
final class RegionalStatus {

  private final List<String> stuck = new ArrayList<>();
  private final List<String> stuckReasons = new ArrayList<>();
  private final List<String> waiting = new ArrayList<>();
  private final List<String> waitingReasons = new ArrayList<>();

  /** The status of a set whose spec cannot be planned. */
  static RegionalIdentitySetStatus invalid(RegionalIdentitySet set, String message, Instant now) {
    RegionalStatus draft = new RegionalStatus();
    draft.stuck("InvalidSpec", message);
    RegionalIdentitySetStatus status = draft.start(set);
    status.setConditions(draft.conditions(set, now));
    return status;
  }

  /**
   * @param taken regions whose identity's name is held by a UserAssignedIdentity the set does not
   *     control
   */
  static RegionalIdentitySetStatus of(
      RegionalIdentitySet set,
      RegionalPlan plan,
      AssigneeRegions observed,
      Set<String> taken,
      Instant now) {
    RegionalStatus draft = new RegionalStatus();
    RegionalIdentitySetStatus status = draft.start(set);
    List<RegionStatus> regions = new ArrayList<>();
    for (RegionalPlan.RegionStep step : plan.regions()) {
      regions.add(draft.region(set, step, taken.contains(step.region())));
    }
    List<AssigneePlacement> placements = new ArrayList<>();
    for (var assignee : set.getSpec().effectiveAssignees()) {
      String id = assignee.getResourceId();
      String problem = observed.unknown().get(id);
      placements.add(new AssigneePlacement(id, plan.placed().get(id), problem));
      if (problem != null && plan.unplaced().contains(id)) {
        if (observed.azureFailed()) {
          draft.waiting("AzureUnavailable", "region of " + id + " unknown: " + problem);
        } else {
          draft.stuck("AssigneeRegionUnknown", "region of " + id + " unknown: " + problem);
        }
      }
    }
    status.setRegions(regions);
    status.setAssignees(placements);
    status.setRegionCount((int) plan.regions().stream().filter(s -> !s.leaving()).count());
    status.setReadyRegionCount(
        (int) regions.stream().filter(r -> Boolean.TRUE.equals(r.getReady())).count());
    status.setConditions(draft.conditions(set, now));
    return status;
  }

  /** Whether the pass left work under way: worth looking again soon. */
  static boolean inProgress(RegionalIdentitySetStatus status) {
    return Conditions.find(status.getConditions(), Conditions.RECONCILING)
        .map(c -> "True".equals(c.getStatus()))
        .orElse(false);
  }

  private RegionStatus region(
      RegionalIdentitySet set, RegionalPlan.RegionStep step, boolean taken) {
    RegionStatus entry = new RegionStatus();
    entry.setRegion(step.region());
    entry.setIdentityName(set.childName(step.region()));
    entry.setAssigneeCount(step.assigneeCount());
    UserAssignedIdentity child = step.child();
    entry.setClientId(
        child == null || child.getStatus() == null ? null : child.getStatus().getClientId());
    Optional<Condition> ready = readyFor(child);
    entry.setReady(step.action() == RegionalPlan.Action.KEEP && ready.isPresent());
    String where = "region " + step.region() + " (" + entry.getIdentityName() + ")";
    if (taken) {
      entry.setPhase("Conflict");
      entry.setMessage("a UserAssignedIdentity of this name exists that the set does not own");
      stuck("RegionNameTaken", where + ": " + entry.getMessage());
      return entry;
    }
    switch (step.action()) {
      case CREATE -> phase(entry, "Creating", where + ": creating its identity");
      case UPDATE -> phase(entry, "Updating", where + ": applying the template");
      case DETACH, AWAIT_DETACH ->
          phase(entry, "Detaching", where + ": no assignee left, detaching before deletion");
      case DELETE, DELETING -> phase(entry, "Deleting", where + ": deleting its identity");
      case KEEP -> active(entry, child, ready.isPresent(), where);
    }
    return entry;
  }

  private void phase(RegionStatus entry, String phase, String message) {
    entry.setPhase(phase);
    waiting("Regions" + phase, message);
  }

  private void active(RegionStatus entry, UserAssignedIdentity child, boolean ready, String where) {
    entry.setPhase("Active");
    if (ready) {
      return;
    }
    List<Condition> conditions =
        child.getStatus() == null ? List.of() : child.getStatus().getConditions();
    Optional<Condition> stalled =
        Conditions.find(conditions, Conditions.STALLED).filter(c -> "True".equals(c.getStatus()));
    Optional<Condition> notReady = Conditions.find(conditions, Conditions.READY);
    String message =
        stalled.or(() -> notReady).map(Condition::getMessage).orElse("not reconciled yet");
    entry.setMessage(message);
    if (stalled.isPresent()) {
      stuck("RegionStalled", where + ": " + message);
    } else {
      waiting("RegionsProgressing", where + ": " + message);
    }
  }

  /** The child's Ready condition when True for its current generation. */
  private static Optional<Condition> readyFor(UserAssignedIdentity child) {
    if (child == null || child.getStatus() == null) {
      return Optional.empty();
    }
    return Conditions.find(child.getStatus().getConditions(), Conditions.READY)
        .filter(c -> "True".equals(c.getStatus()))
        .filter(
            c ->
                Objects.equals(
                    child.getStatus().getObservedGeneration(),
                    child.getMetadata().getGeneration()));
  }

  private void stuck(String reason, String message) {
    stuckReasons.add(reason);
    stuck.add(message);
  }

  private void waiting(String reason, String message) {
    waitingReasons.add(reason);
    waiting.add(message);
  }

  private RegionalIdentitySetStatus start(RegionalIdentitySet set) {
    RegionalIdentitySetStatus status = new RegionalIdentitySetStatus();
    status.setObservedGeneration(generation(set));
    return status;
  }

  private List<Condition> conditions(RegionalIdentitySet set, Instant now) {
    List<Condition> previous =
        set.getStatus() == null ? List.of() : set.getStatus().getConditions();
    long generation = generation(set);
    boolean ready = stuck.isEmpty() && waiting.isEmpty();
    String readyReason =
        ready ? "Reconciled" : stuck.isEmpty() ? waitingReasons.get(0) : stuckReasons.get(0);
    String readyMessage =
        ready
            ? "Every region's identity is ready"
            : String.join("; ", stuck.isEmpty() ? waiting : stuck);
    return List.of(
        Conditions.next(
            previous, Conditions.READY, ready, readyReason, readyMessage, generation, now),
        Conditions.next(
            previous,
            Conditions.RECONCILING,
            !waiting.isEmpty(),
            waiting.isEmpty() ? "Reconciled" : waitingReasons.get(0),
            waiting.isEmpty() ? "No work in progress" : String.join("; ", waiting),
            generation,
            now),
        Conditions.next(
            previous,
            Conditions.STALLED,
            !stuck.isEmpty(),
            stuck.isEmpty() ? "NotStalled" : stuckReasons.get(0),
            stuck.isEmpty()
                ? "Nothing needs a spec change or outside help"
                : String.join("; ", stuck),
            generation,
            now));
  }

  private static long generation(RegionalIdentitySet set) {
    Long generation = set.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
