package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.PlannedChange;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one pass, made or only planned. Every step asks before each write (Azure, or the
 * ServiceAccounts and ConfigMaps of the cluster): a Manage pass is told to go on; an Observe or
 * Plan pass records the change it would make, and the step reports the entry as planned instead.
 * One instance per pass: it is not shared between resources.
 */
final class Writes {

  private final boolean apply;
  private final List<PlannedChange> planned = new ArrayList<>();

  private Writes(boolean apply) {
    this.apply = apply;
  }

  /** Writes are made (Manage). */
  static Writes make() {
    return new Writes(true);
  }

  /** Writes are only recorded (Observe, Plan, or a plan waiting for approval). */
  static Writes plan() {
    return new Writes(false);
  }

  /** Whether writes are made in this pass. */
  boolean made() {
    return apply;
  }

  /**
   * Whether the step may make this write now; when it may not, the change is recorded instead.
   *
   * @param action Create, Update, Delete, Attach, Detach, Annotate or Release
   * @param kind what is written (Identity, RoleAssignment, ...)
   * @param target the object written
   * @param reason why
   */
  boolean permit(String action, String kind, String target, String reason) {
    if (!apply) {
      planned.add(new PlannedChange(action, kind, target, reason));
    }
    return apply;
  }

  /** The changes recorded so far, in order. */
  List<PlannedChange> changes() {
    return List.copyOf(planned);
  }

  /** How many changes are recorded so far (to tell which part recorded which). */
  int count() {
    return planned.size();
  }
}
