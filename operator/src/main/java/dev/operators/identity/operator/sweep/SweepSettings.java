package dev.operators.identity.operator.sweep;

import dev.operators.identity.api.v1alpha1.EnumNames;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweepSpec;
import dev.operators.identity.api.v1alpha1.SweepMode;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.InvalidArmIdException;
import dev.operators.identity.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sweep's spec, read and checked once per pass: the scopes (each parsed by the one ARM ID
 * grammar), the mode, the schedule and the minimum age; or why it cannot be read. The API server
 * checks the same through the CRD; this holds for clusters whose server did not.
 */
record SweepSettings(
    SweepScopes scopes, SweepMode mode, Optional<Duration> schedule, Duration minimumAge) {

  static final Duration DEFAULT_MINIMUM_AGE = Duration.ofHours(1);
  static final Duration SHORTEST_SCHEDULE = Duration.ofMinutes(1);

  /** The settings, or the problems of the spec (empty list: valid). */
  record Read(Optional<SweepSettings> settings, List<String> problems) {}

  static Read read(RoleAssignmentSweepSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null || spec.getScopes().isEmpty()) {
      return new Read(Optional.empty(), List.of("spec.scopes must name at least one scope"));
    }
    if (spec.getScopes().size() > RoleAssignmentSweepSpec.MAX_SCOPES) {
      problems.add("spec.scopes holds at most " + RoleAssignmentSweepSpec.MAX_SCOPES);
    }
    for (String scope : spec.getScopes()) {
      try {
        ArmId.parse(scope, ArmId.Shape.AZURE_SCOPE);
      } catch (InvalidArmIdException e) {
        problems.add("spec.scopes: " + ArmId.quote(scope) + " " + e.getMessage());
      }
    }
    Optional<SweepMode> mode = EnumNames.parse(SweepMode.class, spec.getMode(), SweepMode.Report);
    if (mode.isEmpty()) {
      problems.add("spec.mode must be one of " + EnumNames.names(SweepMode.class));
    }
    Optional<Duration> schedule = duration(spec.getSchedule(), "spec.schedule", problems);
    if (schedule.isPresent() && schedule.get().compareTo(SHORTEST_SCHEDULE) < 0) {
      problems.add("spec.schedule must be at least 1m");
    }
    Duration minimumAge =
        duration(spec.getMinimumAge(), "spec.minimumAge", problems).orElse(DEFAULT_MINIMUM_AGE);
    if (!problems.isEmpty()) {
      return new Read(Optional.empty(), List.copyOf(problems));
    }
    return new Read(
        Optional.of(
            new SweepSettings(SweepScopes.of(spec.getScopes()), mode.get(), schedule, minimumAge)),
        List.of());
  }

  private static Optional<Duration> duration(String text, String field, List<String> problems) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    if (!text.matches(RoleAssignmentSweepSpec.DURATION)) {
      problems.add(field + " must be a number and a unit (s, m or h), such as 6h");
      return Optional.empty();
    }
    return Optional.of(OperatorConfig.parseDuration(text));
  }
}
