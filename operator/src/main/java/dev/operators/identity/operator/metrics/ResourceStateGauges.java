package dev.operators.identity.operator.metrics;

import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.reconciler.ReconcileListener;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Gauges of what the operator manages, by state: identities by their {@code Ready} condition, role
 * assignments by {@code status.roleAssignments[].state}, assignees by {@code
 * status.assignees[].state}. Fed by the reconciler after every pass; each resource counts with the
 * status it was last reconciled to, and stops counting when it is removed.
 */
public final class ResourceStateGauges implements ReconcileListener {

  public static final String IDENTITIES = "azure.identity.operator.managed.identities";
  public static final String ROLE_ASSIGNMENTS = "azure.identity.operator.role.assignments";
  public static final String ASSIGNEES = "azure.identity.operator.assignees";

  /** Resources whose spec could not be read (a value of the wrong type): reported, skipped. */
  public static final String UNREADABLE = "azure.identity.operator.unreadable.resources";

  static final String UNKNOWN = "Unknown";

  private final MeterRegistry registry;
  private final Map<ResourceID, Snapshot> latest = new ConcurrentHashMap<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public ResourceStateGauges(MeterRegistry registry) {
    this.registry = registry;
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
  }

  @Override
  public void reconciled(UserAssignedIdentity resource) {
    Snapshot snapshot = Snapshot.of(resource);
    latest.put(ResourceID.fromResource(resource), snapshot);
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
      Map<String, Long> roleAssignments,
      Map<String, Long> assignees,
      boolean unreadable) {

    static Snapshot of(UserAssignedIdentity resource) {
      var status = resource.getStatus();
      boolean unreadable =
          resource.getSpec() != null && resource.getSpec().readProblem().isPresent();
      if (status == null) {
        return new Snapshot(UNKNOWN, Map.of(), Map.of(), unreadable);
      }
      String ready =
          status.getConditions().stream()
              .filter(c -> "Ready".equals(c.getType()))
              .map(Condition::getStatus)
              .filter(s -> s != null && !s.isBlank())
              .findFirst()
              .orElse(UNKNOWN);
      Map<String, Long> roles =
          status.getRoleAssignments().stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.getState() == null ? UNKNOWN : r.getState().name(),
                      Collectors.counting()));
      return new Snapshot(ready, roles, byState(assignees(status)), unreadable);
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
