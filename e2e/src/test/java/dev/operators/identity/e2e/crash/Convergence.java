package dev.operators.identity.e2e.crash;

import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/**
 * When a namespace has converged: every resource Ready for its current generation with no work in
 * progress (kstatus' Reconciling not True), and every deleted one gone.
 */
final class Convergence {

  private Convergence() {}

  static boolean converged(KubernetesClient client, String namespace) {
    List<UserAssignedIdentity> items =
        client.resources(UserAssignedIdentity.class).inNamespace(namespace).list().getItems();
    return items.stream().allMatch(Convergence::settled);
  }

  static boolean settled(UserAssignedIdentity resource) {
    if (resource.getMetadata().getDeletionTimestamp() != null || resource.getStatus() == null) {
      return false;
    }
    Long observed = resource.getStatus().getObservedGeneration();
    List<Condition> conditions = resource.getStatus().getConditions();
    return observed != null
        && observed.equals(resource.getMetadata().getGeneration())
        && conditions.stream().anyMatch(c -> is(c, "Ready", "True"))
        && conditions.stream().noneMatch(c -> is(c, "Reconciling", "True"));
  }

  private static boolean is(Condition condition, String type, String status) {
    return type.equals(condition.getType()) && status.equals(condition.getStatus());
  }

  /** Waits for {@code condition} up to {@code bound}; whether it came. */
  static boolean within(Duration bound, Callable<Boolean> condition) {
    try {
      await()
          .atMost(bound)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(condition);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  /** A short account of the namespace's resources, for a case that did not converge. */
  static String describe(KubernetesClient client, String namespace) {
    return client
        .resources(UserAssignedIdentity.class)
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .map(
            r ->
                r.getMetadata().getName()
                    + (r.getMetadata().getDeletionTimestamp() == null ? "" : " (deleting)")
                    + ": "
                    + (r.getStatus() == null
                        ? "no status"
                        : r.getStatus().getConditions().stream()
                            .filter(
                                c -> !"False".equals(c.getStatus()) || "Ready".equals(c.getType()))
                            .map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason())
                            .toList()))
        .toList()
        .toString();
  }
}
