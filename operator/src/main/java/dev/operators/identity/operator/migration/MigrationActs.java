package dev.operators.identity.operator.migration;

import dev.operators.identity.api.v1alpha1.MigrationIdentity;
import dev.operators.identity.api.v1alpha1.MigrationStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the steps of a migration read and write, one method per step. The one implementation (in the
 * reconciler package) reuses the reconciler's own steps with the target's reference and principal;
 * every Azure write of a migration goes through here, so a management mode that intercepts writes
 * needs only this place. Each method is idempotent: a crash and a repeat converge.
 */
public interface MigrationActs {

  /** How a step went; {@code retry} for one that passes (pending). */
  record Outcome(State state, String message, Optional<Duration> retry) {
    public enum State {
      DONE,
      PENDING,
      REFUSED
    }

    public static Outcome done(String message) {
      return new Outcome(State.DONE, message, Optional.empty());
    }

    public static Outcome pending(String message, Duration retry) {
      return new Outcome(State.PENDING, message, Optional.of(retry));
    }

    public static Outcome refused(String message) {
      return new Outcome(State.REFUSED, message, Optional.empty());
    }
  }

  /**
   * One kind of grant the new identity receives in step 3 and that step 5 reads back (role
   * assignments, federated credentials; the directory's group memberships and app roles join here).
   */
  interface Grant {
    String name();

    Outcome grant(UserAssignedIdentity resource, MigrationIdentity target);

    Outcome verify(UserAssignedIdentity resource, MigrationIdentity target);
  }

  /** Step 1, reads only: why the target cannot be used (empty: it can). */
  Outcome check(UserAssignedIdentity resource, MigrationIdentity target, MigrationStatus m);

  /** Step 2: creates the target (tags, isolation scope, ownership tags) and records its IDs. */
  Outcome create(UserAssignedIdentity resource, MigrationIdentity target);

  /** Step 3 and 5: the grants, in order. */
  List<Grant> grants();

  /**
   * Step 4: attaches the target to every declared assignee next to the source (entries in {@code
   * m.assignees}); ServiceAccounts and the export switch to the target.
   */
  Outcome attach(UserAssignedIdentity resource, MigrationStatus m);

  /** Step 5: every attachment of the target read back from Azure. */
  Outcome verifyAttachments(UserAssignedIdentity resource, MigrationIdentity target);

  /**
   * Step 6: detaches the source from every assignee, deletes its role assignments and credentials,
   * then the source itself (left in Azure, and said so, when it is not this resource's to delete).
   */
  Outcome retire(UserAssignedIdentity resource, MigrationIdentity source);

  /**
   * A cancel or change of mind: ServiceAccounts and the export back on {@code serving}, then the
   * abandoned identity detached and deleted with its grants.
   */
  Outcome discard(
      UserAssignedIdentity resource, MigrationIdentity abandoned, MigrationIdentity serving);

  /** What a person must copy by hand (the operator does not manage it), with both principals. */
  List<String> manualSteps(UserAssignedIdentity resource);
}
