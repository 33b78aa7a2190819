package dev.operators.identity.operator.metrics;

import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.reconciler.ReconcileListener;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Gauges of what the operator manages, by state: identities by their {@code Ready} condition, role
 * assignments by {@code status.roleAssignments[].state}, assignees by {@code
 * status.assignees[].state}. Fed by the reconciler after every pass; each resource counts with the
 * status it was last reconciled to, and stops counting when it is removed.
 *
 * <p>For alerts: how long the identity that has been not Ready the longest has been so (from its
 * Ready condition's {@code lastTransitionTime}, measured at scrape time, so it grows while nothing
 * reconciles), one series whatever the number of identities; and a counter of passes that ended in
 * an unexpected exception ({@code ReconcileError}), registered at zero.
 */
public final class ResourceStateGauges implements ReconcileListener {

  public static final String IDENTITIES = "azure.identity.operator.managed.identities";
  public static final String ROLE_ASSIGNMENTS = "azure.identity.operator.role.assignments";
  public static final String ASSIGNEES = "azure.identity.operator.assignees";

  /** Resources whose spec could not be read (a value of the wrong type): reported, skipped. */
  public static final String UNREADABLE = "azure.identity.operator.unreadable.resources";

  /** Seconds since the identity that has been not Ready the longest stopped being Ready. */
  public static final String LONGEST_NOT_READY =
      "azure.identity.operator.managed.identities.longest.not.ready";

  /** Passes that ended in an exception no part caught (Ready False, reason ReconcileError). */
  public static final String RECONCILE_ERRORS = "azure.identity.operator.reconcile.errors";

  static final String UNKNOWN = "Unknown";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Counter reconcileErrors;
  private final Map<ResourceID, Snapshot> latest = new ConcurrentHashMap<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public ResourceStateGauges(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  ResourceStateGauges(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    for (String ready : List.of("True", "False", UNKNOWN)) {
      gauge(IDENTITIES, "ready", ready, "Managed identities by their Ready condition");
    }
    for (RoleAssignmentStatus.State state : RoleAssignmentStatus.State.values()) {
      gauge(ROLE_ASSIGNMENTS, "state", state.name(), "Declared role assignments by state");
    }
    Gauge.builder(
            UNREADABLE, this, g -> g.latest.values().stream().filter(s -> s.unreadable).count())
        .description("Resources whose spec could not be read; see their status")
        .strongReference(true)
        .register(registry);
    Gauge.builder(LONGEST_NOT_READY, this, ResourceStateGauges::longestNotReadySeconds)
        .description("How long the identity not Ready the longest has been so; 0 when all are")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    this.reconcileErrors =
        Counter.builder(RECONCILE_ERRORS)
            .description("Reconcile passes that ended in an unexpected error (ReconcileError)")
            .register(registry);
  }

  @Override
  public void reconciled(UserAssignedIdentity resource) {
    ResourceID id = ResourceID.fromResource(resource);
    Snapshot snapshot = Snapshot.of(resource, latest.get(id), clock.instant());
    latest.put(id, snapshot);
    snapshot
        .roleAssignments
        .keySet()
        .forEach(
            state -> gauge(ROLE_ASSIGNMENTS, "state", state, "Declared role assignments by state"));
    snapshot
        .assignees
        .keySet()
        .forEach(state -> gauge(ASSIGNEES, "state", state, "Declared assignees by state"));
  }

  @Override
  public void removed(ResourceID resource) {
    latest.remove(resource);
  }

  @Override
  public void failed(UserAssignedIdentity resource) {
    reconcileErrors.increment();
  }

  double longestNotReadySeconds() {
    Instant now = clock.instant();
    return latest.values().stream()
        .map(Snapshot::notReadySince)
        .filter(since -> since != null)
        .mapToDouble(since -> Math.max(0, Duration.between(since, now).toMillis() / 1000.0))
        .max()
        .orElse(0);
  }

  /** Identities whose Ready condition has this status (True, False, Unknown). */
  double identities(String ready) {
    return latest.values().stream().filter(s -> s.ready.equals(ready)).count();
  }

  double roleAssignments(String state) {
    return latest.values().stream().mapToLong(s -> s.roleAssignments.getOrDefault(state, 0L)).sum();
  }

  double assignees(String state) {
    return latest.values().stream().mapToLong(s -> s.assignees.getOrDefault(state, 0L)).sum();
  }

  private void gauge(String name, String tag, String value, String description) {
    if (!registered.add(name + "|" + value)) {
      return;
    }
    Gauge.builder(
            name,
            this,
            gauges ->
                switch (name) {
                  case IDENTITIES -> gauges.identities(value);
                  case ROLE_ASSIGNMENTS -> gauges.roleAssignments(value);
                  default -> gauges.assignees(value);
                })
        .description(description)
        .tag(tag, value)
        .strongReference(true)
        .register(registry);
  }

  /** What counts of one resource: read once per pass, so scrapes do not touch the resource. */
  private record Snapshot(
      String ready,
      Instant notReadySince,
      Map<String, Long> roleAssignments,
      Map<String, Long> assignees,
      boolean unreadable) {

    static Snapshot of(UserAssignedIdentity resource, Snapshot previous, Instant now) {
      var status = resource.getStatus();
      boolean unreadable =
          resource.getSpec() != null && resource.getSpec().readProblem().isPresent();
      Optional<Condition> readyCondition =
          status == null
              ? Optional.empty()
              : status.getConditions().stream()
                  .filter(c -> "Ready".equals(c.getType()))
                  .findFirst();
      String ready =
          readyCondition
              .map(Condition::getStatus)
              .filter(s -> s != null && !s.isBlank())
              .orElse(UNKNOWN);
      Instant notReadySince =
          "True".equals(ready) ? null : notReadySince(resource, readyCondition, previous, now);
      if (status == null) {
        return new Snapshot(ready, notReadySince, Map.of(), Map.of(), unreadable);
      }
      Map<String, Long> roles =
          status.getRoleAssignments().stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.getState() == null ? UNKNOWN : r.getState().name(),
                      Collectors.counting()));
      return new Snapshot(ready, notReadySince, roles, byState(assignees(status)), unreadable);
    }

    /**
     * When the resource stopped being Ready: the Ready condition's last transition (its creation
     * when it has none), kept across False and Unknown (a move between the two is no recovery).
     */
    private static Instant notReadySince(
        UserAssignedIdentity resource, Optional<Condition> ready, Snapshot previous, Instant now) {
      Instant since =
          ready
              .map(Condition::getLastTransitionTime)
              .or(() -> Optional.ofNullable(resource.getMetadata().getCreationTimestamp()))
              .flatMap(Snapshot::parse)
              .orElse(now);
      if (previous != null
          && previous.notReadySince != null
          && previous.notReadySince.isBefore(since)) {
        return previous.notReadySince;
      }
      return since;
    }

    private static Optional<Instant> parse(String timestamp) {
      try {
        return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }

    /**
     * {@code status.assignees} when the model has it (read reflectively: the gauge does not depend
     * on the assignee part of the API being there yet).
     */
    private static Collection<?> assignees(Object status) {
      Method getter =
          Arrays.stream(status.getClass().getMethods())
              .filter(m -> m.getName().equals("getAssignees") && m.getParameterCount() == 0)
              .findFirst()
              .orElse(null);
      if (getter == null) {
        return List.of();
      }
      try {
        return getter.invoke(status) instanceof Collection<?> items ? items : List.of();
      } catch (ReflectiveOperationException e) {
        return List.of();
      }
    }

    private static Map<String, Long> byState(Collection<?> items) {
      return items.stream()
          .filter(item -> item != null)
          .collect(Collectors.groupingBy(Snapshot::stateOf, Collectors.counting()));
    }

    private static String stateOf(Object item) {
      try {
        Object state = item.getClass().getMethod("getState").invoke(item);
        return state == null ? UNKNOWN : state.toString();
      } catch (ReflectiveOperationException e) {
        return UNKNOWN;
      }
    }
  }
}
