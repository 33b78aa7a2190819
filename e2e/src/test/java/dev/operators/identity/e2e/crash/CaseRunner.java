package dev.operators.identity.e2e.crash;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.e2e.EmbeddedStack;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one case: the scenario's resource as it was before the change (converged, nothing
 * disrupted), the disruption armed, the change made, the disruption struck and healed (the operator
 * started again), then the wait for convergence and the diff of Azure's whole inventory against the
 * declared state; afterwards the resource is deleted (the next case starts from nothing).
 */
final class CaseRunner {

  /** How long a namespace may take to converge once the operator runs again. */
  static final Duration CONVERGE = Duration.ofSeconds(90);

  private final CrashStack stack;
  private int cases;

  /** A dry run's result: its own verdict (nothing killed) and the points it found. */
  record DryRun(Verdict verdict, List<KillPoint> points) {}

  CaseRunner(CrashStack stack) {
    this.stack = stack;
  }

  /** The change with nothing disrupted: the Azure and Kubernetes writes it makes are its points. */
  DryRun dryRun(Scenario scenario) {
    List<KillPoint> points = new ArrayList<>();
    Verdict verdict =
        run(
            scenario,
            Disruption.none(scenario.change()),
            namespace -> {
              if (System.getenv("CRASH_DEBUG") != null) {
                System.out.println(
                    "DEBUG writes " + stack.stack().kubernetes().writeTrap().writes());
                stack
                    .azure()
                    .requests()
                    .forEach(
                        r ->
                            System.out.println(
                                "DEBUG azure " + r.method() + " " + r.path() + " " + r.status()));
              }
              points.addAll(
                  PointPlan.of(
                      scenario.change(),
                      stack.azure().requests(),
                      stack.stack().kubernetes().writeTrap().writes(),
                      resourcePath(namespace, scenario.name())));
            });
    return new DryRun(verdict, List.copyOf(points));
  }

  Verdict run(Scenario scenario, Disruption disruption) {
    return run(scenario, disruption, namespace -> {});
  }

  private Verdict run(
      Scenario scenario, Disruption disruption, java.util.function.Consumer<String> afterwards) {
    long started = System.nanoTime();
    String namespace = stack.namespace("crash-" + (++cases));
    List<String> details = new ArrayList<>();
    try {
      prepare(scenario, namespace);
      disruption.arm(stack, resourcePath(namespace, scenario.name()));
      change(scenario, namespace);
      Disruption.Struck struck = disruption.strike(stack);
      disruption.heal(stack);
      boolean converged =
          Convergence.within(
              CONVERGE,
              () -> {
                // a kubelet restarts a container that exited
                stack.operator().restartIfExited();
                return Convergence.converged(stack.client(), namespace);
              });
      if (!converged) {
        details.add("not converged: " + Convergence.describe(stack.client(), namespace));
      }
      Inventory.Findings findings =
          new Inventory(stack.azure(), EmbeddedStack.CLUSTER_NAME)
              .diff(declared(stack.client()), stack.subscription());
      details.addAll(findings.details());
      afterwards.accept(namespace);
      // The next case starts from nothing; a deletion that does not finish is not converging.
      boolean deleted = cleanUp(namespace, details);
      return new Verdict(
          disruption.row(),
          scenario.describe(),
          Verdict.outcomes(converged && deleted, struck.reached(), findings),
          struck.account(),
          List.copyOf(details),
          Duration.ofNanos(System.nanoTime() - started));
    } finally {
      disruption.heal(stack);
    }
  }

  /** Azure seeded, the resource as it was before the change (converged), logs emptied. */
  private void prepare(Scenario scenario, String namespace) {
    stack.operator().restartIfExited();
    stack.resetAzure(scenario);
    if (scenario.change().startsFromExisting()) {
      stack.client().resource(scenario.initial(namespace, stack.subscription())).create();
      boolean ready =
          Convergence.within(CONVERGE, () -> Convergence.converged(stack.client(), namespace));
      if (!ready) {
        throw new IllegalStateException(
            "the resource did not converge before its change: "
                + Convergence.describe(stack.client(), namespace)
                + "; "
                + scenario.describe());
      }
    }
    stack.azure().clearRequests();
    stack.stack().kubernetes().writeTrap().reset();
  }

  /** Makes the change as a person with kubectl would: create, replace the spec, or delete. */
  private void change(Scenario scenario, String namespace) {
    KubernetesClient client = stack.client();
    var resource =
        client
            .resources(UserAssignedIdentity.class)
            .inNamespace(namespace)
            .withName(scenario.name());
    switch (scenario.change()) {
      case CREATE -> client.resource(scenario.initial(namespace, stack.subscription())).create();
      case DELETE -> resource.delete();
      default -> {
        UserAssignedIdentity current = resource.get();
        current.setSpec(scenario.changed(namespace, stack.subscription()).getSpec());
        client.resource(current).update();
      }
    }
  }

  /**
   * Deletes the case's resources through the operator; forces them out if that is stuck. Whether
   * the operator deleted them.
   */
  private boolean cleanUp(String namespace, List<String> details) {
    KubernetesClient client = stack.client();
    var resources = client.resources(UserAssignedIdentity.class).inNamespace(namespace);
    resources.delete();
    boolean gone =
        Convergence.within(
            CONVERGE,
            () -> {
              stack.operator().restartIfExited();
              return resources.list().getItems().isEmpty();
            });
    if (!gone) {
      details.add("clean-up stuck: " + Convergence.describe(client, namespace));
      stack.operator().kill();
      for (UserAssignedIdentity stuck : resources.list().getItems()) {
        client
            .resource(stuck)
            .edit(
                r -> {
                  r.getMetadata().setFinalizers(List.of());
                  return r;
                });
      }
      stack.operator().start();
    }
    return gone;
  }

  /** Every resource in the cluster not being deleted: the declared state. */
  private static List<UserAssignedIdentity> declared(KubernetesClient client) {
    return client.resources(UserAssignedIdentity.class).inAnyNamespace().list().getItems().stream()
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  static String resourcePath(String namespace, String name) {
    return "/apis/identity.operators.dev/v1alpha1/namespaces/"
        + namespace
        + "/userassignedidentities/"
        + name;
  }
}
