package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the deletion of a resource means for Azure, decided in one place (pure): leave Azure as it
 * is, and why; or delete the identity it manages, unless the deletion is a cascade.
 */
sealed interface DeletionIntent {

  /** Leave Azure as it is; {@code warn} when the user did not ask for that (an unknown intent). */
  record Orphan(String message, boolean warn) implements DeletionIntent {}

  /** Nothing in Azure is known to be this resource's. */
  record NothingManaged() implements DeletionIntent {}

  /** Delete what the resource owns, starting from this identity. */
  record Delete(IdentityRef identity) implements DeletionIntent {}

  /**
   * The resource's own intent: an unknown one (an unreadable spec, a policy that is no name)
   * deletes nothing; Orphan deletes nothing; otherwise (a missing spec deletes, the default) the
   * identity recorded in status, else the one a valid spec names.
   */
  static DeletionIntent of(UserAssignedIdentity resource, SpecValidator validator) {
    var spec = resource.getSpec();
    if (spec != null && spec.readProblem().isPresent()) {
      return unknown("The spec could not be read (" + spec.readProblem().get() + ")");
    }
    if (spec != null && spec.effectiveDeletionPolicy().isEmpty()) {
      return unknown(
          "deletionPolicy " + ArmId.quote(spec.getDeletionPolicy()) + " is not Delete or Orphan");
    }
    Optional<String> observed = ManagementMode.leavesAzureOnDeletion(resource);
    if (observed.isPresent()) {
      return new Orphan(observed.get(), false);
    }
    if (spec != null && spec.effectiveDeletionPolicy().orElseThrow() == DeletionPolicy.Orphan) {
      return new Orphan("deletionPolicy is Orphan: Azure was left as it is", false);
    }
    if (resource.getStatus() != null && resource.getStatus().getResourceId() != null) {
      return new Delete(IdentityRef.parse(resource.getStatus().getResourceId()));
    }
    SpecValidator.Result validation = validator.validate(resource);
    return validation.valid() ? new Delete(validation.ref()) : new NothingManaged();
  }

  /**
   * Why a deletion is a cascade that must leave Azure alone, if it is: the CRD being deleted (which
   * deletes every resource of the kind), or the namespace being deleted while its namespace
   * deletion policy is Orphan (read only then). A cascade is no user's wish to delete identities.
   */
  static Optional<String> cascade(
      boolean crdTerminating, boolean namespaceTerminating, Supplier<NamespaceDeletion> namespace) {
    if (crdTerminating) {
      return Optional.of(
          "The UserAssignedIdentity CRD is being deleted, which deletes every resource of the"
              + " kind");
    }
    if (!namespaceTerminating) {
      return Optional.empty();
    }
    NamespaceDeletion policy = namespace.get();
    return policy.policy() == DeletionPolicy.Orphan
        ? Optional.of(
            "The namespace is being deleted and its namespace deletion policy is Orphan ("
                + policy.decidedBy()
                + ")")
        : Optional.empty();
  }

  private static Orphan unknown(String why) {
    // The safe reading of an unknown intent deletes nothing.
    return new Orphan(why + ": Azure was left as it is", true);
  }
}
