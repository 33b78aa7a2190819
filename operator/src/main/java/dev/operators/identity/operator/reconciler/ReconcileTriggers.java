package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a resource start a reconcile: a new spec (generation), the adoption, pause and
 * migration-hold annotations (metadata only, so no new generation), deletion, and finalizer changes
 * (JOSDK adds its finalizer and continues on that update). Not the operator's own status patches,
 * nor other metadata.
 */
public final class ReconcileTriggers implements OnUpdateFilter<UserAssignedIdentity> {

  @Override
  public boolean accept(UserAssignedIdentity updated, UserAssignedIdentity old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || updated.isMarkedForDeletion()
        || !Objects.equals(
            annotation(updated, UserAssignedIdentity.ADOPT_ANNOTATION),
            annotation(old, UserAssignedIdentity.ADOPT_ANNOTATION))
        || !Objects.equals(
            annotation(updated, UserAssignedIdentity.PAUSED_ANNOTATION),
            annotation(old, UserAssignedIdentity.PAUSED_ANNOTATION))
        || !Objects.equals(
            annotation(updated, UserAssignedIdentity.MIGRATION_HOLD_ANNOTATION),
            annotation(old, UserAssignedIdentity.MIGRATION_HOLD_ANNOTATION))
        || !Objects.equals(
            updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers());
  }

  private static String annotation(UserAssignedIdentity resource, String name) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
