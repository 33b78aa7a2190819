package dev.operators.identity.e2e.crash;

import dev.operators.identity.e2e.kube.WriteTrap;
import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.emulator.RecordedRequest;
import java.time.Duration;

/**
 * What goes wrong during a change: armed before the change is made, struck once it is under way
 * (the operator killed at a write, Azure or the Kubernetes API lost for a while), then healed (the
 * operator started again, the server back).
 */
interface Disruption {

  /** How long the harness waits for a point to be reached, or for an outage to be noticed. */
  Duration REACH = Duration.ofSeconds(60);

  /**
   * Requests dropped (Azure) or connections refused (the Kubernetes API, whose clients retry
   * faster) before an outage ends: the operator has retried meanwhile, for some seconds.
   */
  int AZURE_OUTAGE_ATTEMPTS = 8;

  int KUBERNETES_OUTAGE_ATTEMPTS = 20;

  /** The matrix row. */
  String row();

  /** Before the change: faults injected, traps set ({@code resource}: its path in the API). */
  void arm(CrashStack stack, String resource);

  /** After the change was made: waits for its moment and strikes. */
  Struck strike(CrashStack stack);

  /** Whether the moment came, and what was done then (to print and to replay by). */
  record Struck(boolean reached, String account) {
    static Struck missed(String what) {
      return new Struck(false, what + " never came within " + REACH.toSeconds() + " s");
    }
  }

  /** Faults and traps removed, the server back, the operator running. */
  default void heal(CrashStack stack) {
    stack.azure().clearFaults();
    stack.stack().kubernetes().writeTrap().reset();
    stack.relay().restore();
    stack.operator().restartIfExited();
  }

  /** Nothing: the dry run, and a baseline row per change. */
  static Disruption none(Scenario.Change change) {
    return new Disruption() {
      @Override
      public String row() {
        return change.label + " | (nothing killed)";
      }

      @Override
      public void arm(CrashStack stack, String resource) {}

      @Override
      public Struck strike(CrashStack stack) {
        return new Struck(true, "");
      }
    };
  }

  /** SIGKILL at a write, at its moment; the operator is started again at healing. */
  static Disruption kill(KillPoint point) {
    return point.target() == KillPoint.Target.AZURE
        ? new KillAtAzureWrite(point)
        : new KillAtKubernetesWrite(point);
  }

  private static String since(long nanos) {
    return String.format("%.1f s", (System.nanoTime() - nanos) / 1e9);
  }

  /** Kills the operator while the emulator holds its write, unapplied or applied and unanswered. */
  record KillAtAzureWrite(KillPoint point) implements Disruption {
    @Override
    public String row() {
      return point.row();
    }

    @Override
    public void arm(CrashStack stack, String resource) {
      Duration hold = REACH.plusSeconds(30);
      stack
          .azure()
          .injectFault(
              point.moment() == KillPoint.Moment.BEFORE_APPLIED
                  ? FaultRule.holdThenDrop(point.method(), point.path(), hold, 1)
                  : FaultRule.applyThenDrop(point.method(), point.path(), hold, 1));
    }

    @Override
    public Struck strike(CrashStack stack) {
      boolean held = Convergence.within(REACH, () -> !stack.azure().heldRequests().isEmpty());
      if (!held) {
        return Struck.missed(point.method() + " " + point.path());
      }
      RecordedRequest request = stack.azure().heldRequests().get(0);
      stack.operator().kill();
      stack.azure().releaseHeldRequests();
      return new Struck(
          true,
          "killed while Azure held "
              + request.method()
              + " "
              + request.path()
              + (point.moment() == KillPoint.Moment.BEFORE_APPLIED ? " unapplied" : " applied"));
    }
  }

  /** Kills the operator from the API's trap on its write, before or after it is applied. */
  record KillAtKubernetesWrite(KillPoint point) implements Disruption {
    @Override
    public String row() {
      return point.row();
    }

    @Override
    public void arm(CrashStack stack, String resource) {
      WriteTrap.Moment moment =
          point.moment() == KillPoint.Moment.BEFORE_APPLIED
              ? WriteTrap.Moment.BEFORE_APPLIED
              : WriteTrap.Moment.AFTER_APPLIED;
      stack
          .stack()
          .kubernetes()
          .writeTrap()
          .arm(
              point.method(),
              resource + point.path(),
              point.ordinal(),
              moment,
              stack.operator()::kill);
    }

    @Override
    public Struck strike(CrashStack stack) {
      WriteTrap trap = stack.stack().kubernetes().writeTrap();
      String write = point.method() + " " + point.label() + " of the resource";
      return Convergence.within(REACH, () -> !trap.armed())
          ? new Struck(true, "killed at " + write + " " + point.moment().label)
          : Struck.missed(write);
    }
  }

  /**
   * Azure lost from a write on: that write and every request after it dropped (ARM and Entra),
   * until the operator has tried {@link #AZURE_OUTAGE_ATTEMPTS} times.
   */
  record AzureOutage(KillPoint point) implements Disruption {
    @Override
    public String row() {
      return point.change().label + " | Azure lost from " + point.label();
    }

    @Override
    public void arm(CrashStack stack, String resource) {
      stack.azure().injectFault(FaultRule.dropConnection(point.method(), point.path(), 1));
    }

    @Override
    public Struck strike(CrashStack stack) {
      if (!Convergence.within(REACH, () -> dropped(stack) > 0)) {
        return Struck.missed(point.method() + " " + point.path());
      }
      long lost = System.nanoTime();
      stack.azure().injectFault(FaultRule.dropConnection(null, "", -1));
      Convergence.within(REACH, () -> dropped(stack) >= AZURE_OUTAGE_ATTEMPTS);
      stack.azure().clearFaults();
      return new Struck(true, "Azure lost for " + since(lost) + ", " + dropped(stack) + " dropped");
    }

    private static long dropped(CrashStack stack) {
      return stack.azure().requests().stream()
          .map(RecordedRequest::fault)
          .filter("DROP_CONNECTION"::equals)
          .count();
    }
  }

  /**
   * The Kubernetes API lost for the operator from the moment a write reaches Azure: its connections
   * closed, new ones closed on arrival, until it has tried {@link #KUBERNETES_OUTAGE_ATTEMPTS}
   * times.
   */
  record KubernetesOutage(KillPoint point) implements Disruption {
    @Override
    public String row() {
      return point.change().label + " | Kubernetes API lost from " + point.label();
    }

    @Override
    public void arm(CrashStack stack, String resource) {}

    @Override
    public Struck strike(CrashStack stack) {
      if (!Convergence.within(REACH, () -> stack.azure().count(point.method(), point.path()) > 0)) {
        return Struck.missed(point.method() + " " + point.path());
      }
      long lost = System.nanoTime();
      stack.relay().cut();
      Convergence.within(
          REACH, () -> stack.relay().refusedSinceCut() >= KUBERNETES_OUTAGE_ATTEMPTS);
      stack.relay().restore();
      return new Struck(
          true,
          "API lost for "
              + since(lost)
              + ", "
              + stack.relay().refusedSinceCut()
              + " connections refused");
    }
  }
}
