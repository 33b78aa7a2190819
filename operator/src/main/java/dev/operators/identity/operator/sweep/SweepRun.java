package dev.operators.identity.operator.sweep;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSweep;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweepStatus;
import dev.operators.identity.api.v1alpha1.SweepCounts;
import dev.operators.identity.api.v1alpha1.SweepFinding;
import dev.operators.identity.api.v1alpha1.SweepMode;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.ListedAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.reconciler.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One sweep carried out: list every scope, let {@link SweepPlan} decide, then act on the decisions
 * (a fresh GET before each delete, one event per deletion), and say what happened.
 */
final class SweepRun {

  /** What was done with one orphaned assignment, as status and the metric name it. */
  enum Taken {
    REPORTED("Reported"),
    TOO_YOUNG("TooYoung"),
    DELETED("Deleted"),
    SKIPPED("Skipped"),
    FAILED("Failed");

    private final String statusName;

    Taken(String statusName) {
      this.statusName = statusName;
    }

    String statusName() {
      return statusName;
    }

    String metricName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One orphaned assignment: what was done, as status shows it. */
  private record Acted(Taken taken, SweepFinding finding) {}

  /** What one sweep found and did; {@code problems} names each scope or deletion that failed. */
  record Outcome(SweepCounts counts, List<SweepFinding> findings, List<String> problems) {}

  private final RoleAssignmentPort azure;
  private final EventRecorder events;
  private final SweepMetrics metrics;

  SweepRun(RoleAssignmentPort azure, EventRecorder events, SweepMetrics metrics) {
    this.azure = azure;
    this.events = events;
    this.metrics = metrics;
  }

  Outcome run(
      RoleAssignmentSweep resource,
      SweepScopes scopes,
      SweepMode mode,
      Duration minimumAge,
      Instant now) {
    List<String> problems = new ArrayList<>();
    List<ListedAssignment> listed = new ArrayList<>();
    for (String scope : scopes.all()) {
      try {
        listed.addAll(azure.listAtScope(scope));
      } catch (AzureRequestException e) {
        problems.add("listing " + scope + " failed: " + e.getMessage());
      }
    }
    List<SweepPlan.Decision> decisions = SweepPlan.decide(listed, scopes, mode, minimumAge, now);
    List<SweepFinding> findings = new ArrayList<>();
    long deleted = 0;
    for (SweepPlan.Decision decision : decisions) {
      if (!decision.orphaned()) {
        continue;
      }
      Acted acted = act(resource, decision, scopes, minimumAge, problems);
      metrics.record(acted.taken());
      deleted += acted.taken() == Taken.DELETED ? 1 : 0;
      findings.add(acted.finding());
    }
    long orphaned = findings.size();
    findings.sort(Comparator.comparing(f -> f.getId().toLowerCase(Locale.ROOT)));
    List<SweepFinding> bounded =
        findings.subList(0, Math.min(findings.size(), RoleAssignmentSweepStatus.MAX_FINDINGS));
    return new Outcome(
        new SweepCounts(decisions.size(), orphaned, deleted, problems.size()),
        List.copyOf(bounded),
        List.copyOf(problems));
  }

  private Acted act(
      RoleAssignmentSweep resource,
      SweepPlan.Decision decision,
      SweepScopes scopes,
      Duration minimumAge,
      List<String> problems) {
    ListedAssignment listed = decision.listed();
    switch (decision.action()) {
      case REPORT:
        return finding(listed, Taken.REPORTED, "principal not found in the directory");
      case TOO_YOUNG:
        return finding(
            listed,
            Taken.TOO_YOUNG,
            listed
                .createdOn()
                .map(c -> "created " + c + ", younger than minimumAge " + minimumAge + ": kept")
                .orElse("Azure gives no creation time, so its age is unknown: kept"));
      default:
        return delete(resource, listed, scopes, problems);
    }
  }

  private Acted delete(
      RoleAssignmentSweep resource,
      ListedAssignment listed,
      SweepScopes scopes,
      List<String> problems) {
    RoleAssignment a = listed.assignment();
    try {
      Optional<ListedAssignment> fresh = azure.get(a.id());
      if (!SweepPlan.confirmed(listed, fresh, scopes)) {
        return finding(
            listed, Taken.SKIPPED, "a fresh read no longer shows it orphaned: left alone");
      }
      azure.delete(a.id());
    } catch (AzureRequestException e) {
      problems.add("deleting " + a.id() + " failed: " + e.getMessage());
      events.warning(
          resource,
          "OrphanDeleteFailed",
          "Could not delete orphaned role assignment " + a.id() + ": " + e.getMessage());
      return finding(listed, Taken.FAILED, e.getMessage());
    }
    events.normal(
        resource,
        "OrphanDeleted",
        "Deleted role assignment "
            + a.id()
            + " (role "
            + a.roleDefinitionGuid()
            + " at "
            + a.scope()
            + ") of principal "
            + a.principalId()
            + ", which no longer exists in the directory");
    return finding(listed, Taken.DELETED, "principal not found in the directory: deleted");
  }

  private static Acted finding(ListedAssignment listed, Taken taken, String message) {
    RoleAssignment a = listed.assignment();
    String text = message.length() > 1024 ? message.substring(0, 1024) : message;
    return new Acted(
        taken,
        new SweepFinding(
            a.id(), a.scope(), a.roleDefinitionId(), a.principalId(), taken.statusName(), text));
  }
}
