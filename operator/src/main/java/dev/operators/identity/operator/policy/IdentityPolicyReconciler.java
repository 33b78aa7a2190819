package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.IdentityPolicyStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.kstatus.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The status of an {@link IdentityPolicy}: the namespaces it selects (of those named by it or
 * holding resources) and every resource there that breaks it, judged by the same rules the
 * reconciler and the webhook apply. Read-only towards everything but its own status; evaluated
 * again after the resync period (resources change without telling their policies).
 */
@ControllerConfiguration(name = IdentityPolicyReconciler.NAME)
public class IdentityPolicyReconciler implements Reconciler<IdentityPolicy> {

  public static final String NAME = "identitypolicy";

  private final PolicyGate gate;
  private final WatchedIdentities resources;
  private final Function<UserAssignedIdentity, Optional<IdentityRef>> identityOf;
  private final Duration resyncPeriod;
  private final Clock clock;

  /**
   * Every UserAssignedIdentity the operator watches, visited one by one (read from the API server
   * in chunks, so that no pass holds the whole estate at once).
   */
  @FunctionalInterface
  public interface WatchedIdentities {
    void forEach(Consumer<UserAssignedIdentity> visitor);
  }

  /**
   * @param resources every UserAssignedIdentity the operator watches
   * @param identityOf the identity a resource's valid spec names; empty for an invalid spec
   */
  public IdentityPolicyReconciler(
      PolicyGate gate,
      WatchedIdentities resources,
      Function<UserAssignedIdentity, Optional<IdentityRef>> identityOf,
      Duration resyncPeriod,
      Clock clock) {
    this.gate = gate;
    this.resources = resources;
    this.identityOf = identityOf;
    this.resyncPeriod = resyncPeriod;
    this.clock = clock;
  }

  @Override
  public UpdateControl<IdentityPolicy> reconcile(
      IdentityPolicy policy, Context<IdentityPolicy> context) {
    IdentityPolicyStatus status = new IdentityPolicyStatus();
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    // Each namespace (named by the policy or holding resources) judged once, in one pass.
    Map<String, Boolean> selects = new TreeMap<>();
    List<IdentityPolicyStatus.Violation> violations = new ArrayList<>();
    int[] evaluated = {0};
    try {
      policy
          .getSpec()
          .getNamespaces()
          .forEach(ns -> selects.computeIfAbsent(ns, n -> gate.selects(policy, n)));
      resources.forEach(
          resource -> {
            String namespace = resource.getMetadata().getNamespace();
            if (!selects.computeIfAbsent(namespace, n -> gate.selects(policy, n))) {
              return;
            }
            Optional<IdentityRef> identity = identityOf.apply(resource);
            if (identity.isEmpty()) {
              return;
            }
            evaluated[0]++;
            for (Violation v : gate.violationsOf(policy, resource, identity.get())) {
              violations.add(
                  new IdentityPolicyStatus.Violation(
                      namespace, resource.getMetadata().getName(), v.rule(), v.message()));
            }
          });
    } catch (IllegalStateException e) {
      return finish(policy, failed(policy, status, e.getMessage()));
    }
    List<String> selected =
        selects.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    String summary =
        "Evaluated against "
            + evaluated[0]
            + " resources in "
            + selected.size()
            + " namespaces; "
            + violations.size()
            + " violations";
    status.setSelectedNamespaceCount(selected.size());
    status.setSelectedNamespaces(selected.stream().limit(100).toList());
    status.setViolationCount(violations.size());
    status.setViolations(
        violations.stream().limit(IdentityPolicyStatus.MAX_LISTED_VIOLATIONS).toList());
    Optional.ofNullable(policy.getSpec().getNamespaceSelector())
        .flatMap(LabelSelectors::problem)
        .map(problem -> "spec.namespaceSelector selects nothing: " + problem)
        .ifPresentOrElse(
            problem ->
                status.setConditions(List.of(ready(policy, false, "InvalidSelector", problem))),
            () -> status.setConditions(List.of(ready(policy, true, "Evaluated", summary))));
    return finish(policy, status);
  }

  private UpdateControl<IdentityPolicy> finish(IdentityPolicy policy, IdentityPolicyStatus status) {
    if (sameStatus(policy.getStatus(), status)) {
      return UpdateControl.<IdentityPolicy>noUpdate().rescheduleAfter(resyncPeriod);
    }
    policy.setStatus(status);
    return UpdateControl.patchStatus(policy).rescheduleAfter(resyncPeriod);
  }

  private IdentityPolicyStatus failed(
      IdentityPolicy policy, IdentityPolicyStatus status, String why) {
    if (policy.getStatus() != null) {
      status.setSelectedNamespaceCount(policy.getStatus().getSelectedNamespaceCount());
      status.setSelectedNamespaces(policy.getStatus().getSelectedNamespaces());
      status.setViolationCount(policy.getStatus().getViolationCount());
      status.setViolations(policy.getStatus().getViolations());
    }
    status.setConditions(List.of(ready(policy, false, "EvaluationFailed", why)));
    return status;
  }

  /** Ready as it is now; its transition time moves only when its status changes. */
  private Condition ready(IdentityPolicy policy, boolean ready, String reason, String message) {
    List<Condition> previous =
        policy.getStatus() == null ? List.of() : policy.getStatus().getConditions();
    Long generation = policy.getMetadata().getGeneration();
    return Conditions.next(
        previous,
        Conditions.READY,
        ready,
        reason,
        message,
        generation == null ? 0 : generation,
        clock.instant());
  }

  private static boolean sameStatus(IdentityPolicyStatus before, IdentityPolicyStatus after) {
    return before != null
        && Objects.equals(before.getObservedGeneration(), after.getObservedGeneration())
        && Objects.equals(before.getSelectedNamespaces(), after.getSelectedNamespaces())
        && Objects.equals(before.getSelectedNamespaceCount(), after.getSelectedNamespaceCount())
        && Objects.equals(before.getViolationCount(), after.getViolationCount())
        && Objects.equals(before.getViolations(), after.getViolations())
        && Objects.equals(before.getConditions(), after.getConditions());
  }
}
