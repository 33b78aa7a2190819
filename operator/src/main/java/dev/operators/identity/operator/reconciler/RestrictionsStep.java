package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AssignmentRestrictionPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.List;
import java.util.Optional;

/**
 * Writes the identity's assignment restrictions when the spec declares them: refused (changing
 * nothing) while an attached assignee would be stranded, written only when Azure's differ.
 */
final class RestrictionsStep {

  private final AssignmentRestrictionPort restrictions;
  private final EventRecorder events;

  RestrictionsStep(AssignmentRestrictionPort restrictions, EventRecorder events) {
    this.restrictions = restrictions;
    this.events = events;
  }

  /** One pass; throws {@code AzureRequestException} when Azure refuses or cannot be reached. */
  /** {@code exists} false while the identity is only planned (nothing to read yet). */
  PartResult reconcile(
      UserAssignedIdentity resource,
      IdentityRef ref,
      boolean exists,
      UserAssignedIdentityStatus status,
      Writes writes) {
    Optional<List<String>> wanted = resource.getSpec().declaredRestrictions();
    if (wanted.isEmpty()) {
      return PartResult.ready(
          "NotDeclared", "No assignment restrictions declared; Azure's are left as they are");
    }
    List<String> stranded = AssignmentRestrictions.stranded(wanted.get(), status.getAssignees());
    if (!stranded.isEmpty()) {
      return PartResult.failed(
          "RestrictionChangeRefused",
          "spec.assignmentRestrictions.providers would exclude attached assignees: "
              + String.join(", ", stranded)
              + "; remove them from spec.assignees first (they are detached), then the"
              + " restriction applies. Nothing was changed.");
    }
    List<String> current = exists ? restrictions.restrictions(ref) : List.of();
    if (!AssignmentRestrictions.same(current, wanted.get())
        && writes.permit(
            "Update",
            "AssignmentRestrictions",
            ref.toString(),
            "spec.assignmentRestrictions.providers differs from Azure's")) {
      restrictions.setRestrictions(ref, wanted.get());
      events.normal(
          resource,
          "RestrictionsUpdated",
          "Assignment restrictions of "
              + ref
              + " set to "
              + (wanted.get().isEmpty() ? "any resource" : String.join(", ", wanted.get())));
    }
    return PartResult.ready(
        "Restricted",
        wanted.get().isEmpty()
            ? "Any resource may carry the identity"
            : "Only " + String.join(", ", wanted.get()) + " may carry the identity");
  }
}
