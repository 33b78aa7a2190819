package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus.State;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a role-assignment pass ran into, summed up as the RoleAssignmentsReady condition. */
final class RoleAssignmentsReport {

  private final List<Failure> listingFailures;
  private final List<String> pruneErrors = new ArrayList<>();
  private Optional<Duration> retry = Optional.empty();

  RoleAssignmentsReport(List<Failure> listingFailures) {
    this.listingFailures = listingFailures;
    listingFailures.forEach(this::retryFor);
  }

  /** A failure that passes asks for another pass, no sooner than its least delay. */
  void retryFor(Failure failure) {
    retry = PartResult.longestWait(retry, failure.retry());
  }

  void pruneFailed(RoleAssignment stale, Failure failure) {
    pruneErrors.add("could not delete " + stale.id() + ": " + failure.message());
    retryFor(failure);
  }

  PartResult result(List<RoleAssignmentStatus> entries, int leftInPlace) {
    List<String> problems = new ArrayList<>();
    for (RoleAssignmentStatus e : entries) {
      if (e.getState() != State.Ready) {
        problems.add(
            e.getState()
                + " "
                + ArmId.quote(e.getRole())
                + " at "
                + e.getScope()
                + ": "
                + e.getMessage());
      }
    }
    if (!listingFailures.isEmpty()) {
      problems.add(
          "listing role assignments failed: "
              + listingFailures.get(listingFailures.size() - 1).message());
    }
    problems.addAll(pruneErrors);
    if (leftInPlace > 0) {
      problems.add(
          leftInPlace
              + " role assignment(s) not in spec were left in place this pass, because the"
              + " full desired or current set could not be determined");
    }
    if (problems.isEmpty()) {
      return PartResult.ready(
          "Assigned", entries.size() + " role assignment(s) in place, none other");
    }
    String message = String.join("; ", problems);
    boolean pending = entries.stream().anyMatch(e -> e.getState() == State.Pending);
    if (retry.isPresent()) {
      return PartResult.retrying(
          pending ? "RoleAssignmentsPending" : "RoleAssignmentsFailed", message, retry.get());
    }
    return PartResult.failed("RoleAssignmentsFailed", message);
  }
}
