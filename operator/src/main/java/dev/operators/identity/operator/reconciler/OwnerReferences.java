package dev.operators.identity.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * The owner reference of objects a resource creates: the garbage collector deletes them with it.
 */
public final class OwnerReferences {

  private OwnerReferences() {}

  /** Controlled by {@code owner}; the owner's deletion does not wait for it. */
  static OwnerReference controlledBy(HasMetadata owner) {
    return reference(owner, false);
  }

  /**
   * Controlled by {@code owner}, whose foreground deletion waits until this object is gone (a set
   * and its regional identities: the set stays until each identity has cleaned up Azure).
   */
  public static OwnerReference blockingControlledBy(HasMetadata owner) {
    return reference(owner, true);
  }

  /** Whether {@code owner} is the controller of {@code object} (same UID). */
  public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
    return object.getMetadata().getOwnerReferences().stream()
        .anyMatch(
            r ->
                Boolean.TRUE.equals(r.getController())
                    && r.getUid() != null
                    && r.getUid().equals(owner.getMetadata().getUid()));
  }

  private static OwnerReference reference(HasMetadata owner, boolean blockOwnerDeletion) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(blockOwnerDeletion)
        .build();
  }
}
