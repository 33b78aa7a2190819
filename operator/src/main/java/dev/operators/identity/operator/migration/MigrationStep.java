package dev.operators.identity.operator.migration;

import dev.operators.identity.api.v1alpha1.ManualMigrationStep;
import dev.operators.identity.api.v1alpha1.MigrationIdentity;
import dev.operators.identity.api.v1alpha1.MigrationStatus;
import dev.operators.identity.api.v1alpha1.MigrationStepStatus;
import dev.operators.identity.api.v1alpha1.PlannedChange;
import dev.operators.identity.api.v1alpha1.StatusText;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.migration.MigrationActs.Outcome;
import dev.operators.identity.operator.migration.MigrationPlan.Facts;
import dev.operators.identity.operator.migration.MigrationPlan.Next;
import dev.operators.identity.operator.migration.MigrationPlan.Place;
import dev.operators.identity.operator.migration.MigrationPlan.Step;
import dev.operators.identity.operator.reconciler.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Carries a migration forward by one step per pass ({@link MigrationPlan} decides, {@link
 * MigrationActs} acts), recording each step in {@code status.migration} before the next one runs,
 * so that a restart at any point resumes where it was. While a migration runs it owns the pass.
 */
public final class MigrationStep {

  /** How the pass went, for the identity's condition; {@code next}: when to come back. */
  public record Pass(String reason, String message, boolean inProgress, Duration next) {}

  public static final String MIGRATING = "Migrating";
  public static final String HELD = "MigrationHeld";
  public static final String REFUSED = "MigrationRefused";

  /** The next step of a migration that goes well comes soon, not after the resync period. */
  static final Duration SOON = Duration.ofMillis(500);

  private static final int MAX_TRANSITIONS = 6;
  private static final Pattern REQUEST_ID = Pattern.compile(" \\(request [^)]*\\)");

  private final MigrationActs acts;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration resync;

  public MigrationStep(MigrationActs acts, EventRecorder events, Clock clock, Duration resync) {
    this.acts = acts;
    this.events = events;
    this.clock = clock;
    this.resync = resync;
  }

  /**
   * One pass: empty when no migration runs (any more), and the ordinary pass goes on; {@code
   * status} is the draft, updated in place.
   */
  /**
   * The migration a pass would run now, as the one planned change Observe and Plan show (nothing is
   * changed, not even status): its target, and where it stands.
   */
  public Optional<PlannedChange> planned(
      UserAssignedIdentity resource, MigrationIdentity wanted, UserAssignedIdentityStatus status) {
    return MigrationPlan.planned(facts(resource, wanted, status), wanted, status);
  }

  /** What a decision rests on: the spec's place, the one in use, the migration so far, now. */
  private Facts facts(
      UserAssignedIdentity resource, MigrationIdentity wanted, UserAssignedIdentityStatus status) {
    Place serving =
        status.getResourceId() == null
            ? null
            : new Place(status.getResourceId(), status.getLocation());
    return new Facts(
        new Place(wanted.getResourceId(), wanted.getLocation()),
        serving,
        status.getMigration(),
        resource.migrationHoldRequested(),
        clock.instant(),
        soak(resource));
  }

  public Optional<Pass> pass(
      UserAssignedIdentity resource, MigrationIdentity wanted, UserAssignedIdentityStatus status) {
    for (int i = 0; i < MAX_TRANSITIONS; i++) {
      MigrationStatus m = status.getMigration();
      Next next = MigrationPlan.decide(facts(resource, wanted, status));
      switch (next.kind()) {
        case NONE:
          return Optional.empty();
        case START:
          start(resource, wanted, status);
          break;
        case CLEAR:
          status.setMigration(null);
          return Optional.empty();
        case CANCEL:
          cancel(resource, m);
          break;
        case ROLL_FORWARD:
          rollForward(resource, m, wanted);
          break;
        case SWITCH:
          return Optional.of(switchOver(resource, status, m));
        case HOLD:
          m.setPhase("Held");
          return Optional.of(
              new Pass(
                  HELD,
                  "The migration is held before step "
                      + describe(next.step() == null ? Step.Soak : next.step())
                      + " by the annotation "
                      + UserAssignedIdentity.MIGRATION_HOLD_ANNOTATION
                      + "; remove it to go on. "
                      + both(m),
                  true,
                  resync));
        case WAIT:
          m.setPhase(MIGRATING);
          return Optional.of(
              new Pass(
                  MIGRATING,
                  "Soaking: both identities stay in place until "
                      + clock.instant().plus(next.left()).truncatedTo(ChronoUnit.SECONDS)
                      + " (spec.migration.soak). "
                      + both(m),
                  true,
                  next.left()));
        default:
          return Optional.of(run(resource, status, m, next.step()));
      }
    }
    return Optional.of(new Pass(MIGRATING, "The migration goes on", true, SOON));
  }

  private Pass run(
      UserAssignedIdentity resource,
      UserAssignedIdentityStatus status,
      MigrationStatus m,
      Step step) {
    m.setPhase(m.getTarget() == null ? "Cancelling" : MIGRATING);
    Outcome outcome = act(resource, m, step);
    String message = StatusText.fit(outcome.message());
    Optional<MigrationStepStatus> before = recorded(m, step);
    record(m, step, outcome.state().name(), message);
    if (outcome.state() == Outcome.State.REFUSED) {
      m.setPhase("Refused");
      if (before.map(b -> !same(message, b.getMessage())).orElse(true)) {
        events.warning(resource, REFUSED, message);
      }
      return new Pass(
          REFUSED, "The move was refused, nothing was changed: " + message, false, resync);
    }
    if (outcome.state() == Outcome.State.PENDING) {
      if (before.map(b -> !same(message, b.getMessage())).orElse(true)) {
        events.warning(resource, "MigrationStepPending", "Step " + describe(step) + ": " + message);
      }
      if (step == Step.Verify) {
        // Something is not (or no longer) in Azure, or the spec changed since it was granted:
        // grant and attach again (both idempotent), then read back again.
        m.setStep(Step.Grant.name());
      }
      return new Pass(
          MIGRATING,
          "Step " + describe(step) + " is pending: " + message,
          true,
          outcome.retry().orElse(SOON));
    }
    events.normal(resource, "Migration" + step.name(), "Step " + describe(step) + ": " + message);
    switch (step) {
      case Cleanup -> {
        events.normal(
            resource,
            "Migrated",
            "Moved to " + status.getResourceId() + "; the old identity is gone");
        status.setMigration(null);
        return new Pass(MIGRATING, "Migrated", true, SOON);
      }
      case Discard -> {
        m.setDiscarding(null);
        if (m.getTarget() == null) {
          events.normal(resource, "MigrationCancelled", "Back on " + status.getResourceId());
          status.setMigration(null);
          return new Pass(MIGRATING, "Cancelled", true, SOON);
        }
      }
      case Create -> m.setManualSteps(manualSteps(resource, m));
      case Verify -> {
        m.setVerifiedAt(now());
        m.setStep(Step.Soak.name());
      }
      default -> {}
    }
    if (step != Step.Discard && step != Step.Verify) {
      m.setStep(step.next().name());
    }
    return new Pass(
        MIGRATING,
        "Step "
            + describe(step)
            + " done; next: "
            + describe(Step.valueOf(m.getStep()))
            + ". "
            + both(m),
        true,
        SOON);
  }

  /** The one place a step meets Azure: each a single call of the acts. */
  private Outcome act(UserAssignedIdentity resource, MigrationStatus m, Step step) {
    return switch (step) {
      case Check -> acts.check(resource, m.getTarget(), m);
      case Create -> acts.create(resource, m.getTarget());
      case Grant -> each(resource, m.getTarget(), true);
      case Attach -> acts.attach(resource, m);
      case Verify -> verify(resource, m.getTarget());
      case Cleanup -> acts.retire(resource, m.getSource());
      case Discard -> acts.discard(resource, m.getDiscarding(), m.getSource());
      case Soak -> Outcome.done("soaked");
    };
  }

  private Outcome each(UserAssignedIdentity resource, MigrationIdentity target, boolean grant) {
    List<String> done = new ArrayList<>();
    for (MigrationActs.Grant g : acts.grants()) {
      Outcome one = grant ? g.grant(resource, target) : g.verify(resource, target);
      if (one.state() != Outcome.State.DONE) {
        return new Outcome(one.state(), g.name() + ": " + one.message(), one.retry());
      }
      done.add(g.name() + ": " + one.message());
    }
    return Outcome.done(String.join("; ", done));
  }

  private Outcome verify(UserAssignedIdentity resource, MigrationIdentity target) {
    Outcome grants = each(resource, target, false);
    if (grants.state() != Outcome.State.DONE) {
      return grants;
    }
    Outcome attachments = acts.verifyAttachments(resource, target);
    if (attachments.state() != Outcome.State.DONE) {
      return attachments;
    }
    return Outcome.done("read back from Azure: " + grants.message() + "; " + attachments.message());
  }

  private void start(
      UserAssignedIdentity resource, MigrationIdentity wanted, UserAssignedIdentityStatus status) {
    MigrationStatus m = new MigrationStatus();
    MigrationIdentity source = new MigrationIdentity(status.getResourceId(), status.getLocation());
    source.setPrincipalId(status.getPrincipalId());
    source.setClientId(status.getClientId());
    source.setTenantId(status.getTenantId());
    m.setSource(source);
    m.setTarget(copy(wanted));
    m.setStep(Step.Check.name());
    m.setPhase(MIGRATING);
    m.setStartedAt(now());
    status.setMigration(m);
    events.normal(resource, "MigrationStarted", "Moving the identity: " + both(m));
  }

  private void cancel(UserAssignedIdentity resource, MigrationStatus m) {
    if (!MigrationPlan.nothingCreated(m)) {
      m.setDiscarding(m.getTarget());
    }
    m.setTarget(null);
    m.setStep(Step.Discard.name());
    m.setPhase("Cancelling");
    m.setAssignees(List.of());
    events.normal(
        resource,
        "MigrationCancelling",
        "The spec names the original place again: the new identity is removed, "
            + m.getSource().getResourceId()
            + " stays");
  }

  private void rollForward(UserAssignedIdentity resource, MigrationStatus m, MigrationIdentity to) {
    String from = m.getTarget().getResourceId();
    if (!MigrationPlan.nothingCreated(m)) {
      m.setDiscarding(m.getTarget());
    }
    m.setTarget(copy(to));
    m.setStep(Step.Check.name());
    m.setVerifiedAt(null);
    m.setAssignees(List.of());
    m.setManualSteps(List.of());
    events.normal(
        resource,
        "MigrationRolledForward",
        "The spec changed again: moving to "
            + to.getResourceId()
            + " instead of "
            + from
            + (m.getDiscarding() == null ? "" : ", which is removed first"));
  }

  /** Past the soak: the target becomes the identity in use; the source goes in the next pass. */
  private Pass switchOver(
      UserAssignedIdentity resource, UserAssignedIdentityStatus status, MigrationStatus m) {
    MigrationIdentity target = m.getTarget();
    status.setResourceId(target.getResourceId());
    status.setPrincipalId(target.getPrincipalId());
    status.setClientId(target.getClientId());
    status.setTenantId(target.getTenantId());
    status.setLocation(target.getLocation());
    status.setAssignees(m.getAssignees());
    m.setAssignees(List.of());
    record(m, Step.Soak, Outcome.State.DONE.name(), "soaked " + soak(resource));
    m.setStep(Step.Cleanup.name());
    events.normal(
        resource,
        "MigrationSwitched",
        "Now using " + target.getResourceId() + "; removing " + m.getSource().getResourceId());
    return new Pass(
        MIGRATING,
        "Step " + describe(Step.Cleanup) + " next: removing " + m.getSource().getResourceId(),
        true,
        SOON);
  }

  private List<ManualMigrationStep> manualSteps(UserAssignedIdentity resource, MigrationStatus m) {
    return acts.manualSteps(resource).stream()
        .map(
            d ->
                new ManualMigrationStep(
                    d, m.getSource().getPrincipalId(), m.getTarget().getPrincipalId()))
        .toList();
  }

  private static Optional<MigrationStepStatus> recorded(MigrationStatus m, Step step) {
    return m.getSteps().stream().filter(s -> step.name().equals(s.getStep())).findFirst();
  }

  private void record(MigrationStatus m, Step step, String outcome, String message) {
    List<MigrationStepStatus> steps = new ArrayList<>(m.getSteps());
    Optional<MigrationStepStatus> same = recorded(m, step);
    if (same.isPresent()
        && same.get().getOutcome().equals(outcome)
        && same(message, same.get().getMessage())) {
      return; // unchanged: no new status write for a repeat
    }
    steps.removeIf(s -> step.name().equals(s.getStep()));
    steps.add(new MigrationStepStatus(step.name(), outcome, message, now()));
    m.setSteps(steps);
  }

  /** The same problem again: Azure request IDs differ on every retry and are no new problem. */
  private static boolean same(String message, String earlier) {
    return earlier != null
        && REQUEST_ID
            .matcher(message)
            .replaceAll("")
            .equals(REQUEST_ID.matcher(earlier).replaceAll(""));
  }

  private static String describe(Step step) {
    return step.number() + " of 6 (" + step.name() + ")";
  }

  private static String both(MigrationStatus m) {
    return "From "
        + m.getSource().getResourceId()
        + " ("
        + m.getSource().getLocation()
        + ")"
        + (m.getTarget() == null
            ? ""
            : " to " + m.getTarget().getResourceId() + " (" + m.getTarget().getLocation() + ")");
  }

  private static Duration soak(UserAssignedIdentity resource) {
    var spec = resource.getSpec().getMigration();
    return spec == null ? Duration.ZERO : spec.soakTime();
  }

  private static MigrationIdentity copy(MigrationIdentity from) {
    return new MigrationIdentity(from.getResourceId(), from.getLocation());
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
