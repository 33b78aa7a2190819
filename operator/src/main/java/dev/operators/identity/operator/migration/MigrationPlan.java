package dev.operators.identity.operator.migration;

import dev.operators.identity.api.v1alpha1.MigrationIdentity;
import dev.operators.identity.api.v1alpha1.MigrationStatus;
import dev.operators.identity.api.v1alpha1.PlannedChange;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzureLocations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a migration does next, decided from the spec's place, the identity in use, {@code
 * status.migration} and the clock (pure: no ports). Status-only transitions (start, cancel, roll
 * forward, switch, clear) chain within a pass; a step that writes to Azure is one per pass.
 */
public final class MigrationPlan {

  /** The steps, in order; {@code Discard} removes an abandoned target (a cancel). */
  public enum Step {
    Check,
    Create,
    Grant,
    Attach,
    Verify,
    Soak,
    Cleanup,
    Discard;

    /** The step after this one (Cleanup and Discard have none: the migration ends or resumes). */
    Step next() {
      return switch (this) {
        case Check -> Create;
        case Create -> Grant;
        case Grant -> Attach;
        case Attach -> Verify;
        case Verify -> Soak;
        default -> Cleanup;
      };
    }

    /** 1 to 6, as the README counts them. */
    int number() {
      return switch (this) {
        case Check -> 1;
        case Create -> 2;
        case Grant -> 3;
        case Attach -> 4;
        case Verify, Soak -> 5;
        default -> 6;
      };
    }
  }

  /** What the pass knows: where the spec wants the identity, and where the one in use is. */
  public record Facts(
      Place wanted,
      Place serving,
      MigrationStatus migration,
      boolean held,
      Instant now,
      Duration soak) {}

  /** An identity's ARM ID and region (compared case-insensitively, regions normalised). */
  public record Place(String resourceId, String location) {
    static Place of(MigrationIdentity identity) {
      return identity == null ? null : new Place(identity.getResourceId(), identity.getLocation());
    }

    /** The same ID and region; a place recorded without a region matches on its ID. */
    boolean same(Place other) {
      return other != null
          && resourceId != null
          && resourceId.toLowerCase(Locale.ROOT).equals(lower(other.resourceId))
          && (location == null
              || other.location == null
              || Objects.equals(region(location), region(other.location)));
    }

    private static String lower(String s) {
      return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String region(String location) {
      return location == null ? null : AzureLocations.normalize(location);
    }
  }

  /** What to do now. */
  public enum Kind {
    /** No migration: the ordinary pass goes on. */
    NONE,
    /** Record a new migration from the identity in use to the spec's place (status only). */
    START,
    /** Back to the source: the target is discarded, then the migration ends (status only). */
    CANCEL,
    /** A newer place: the old target is discarded, then the new one is checked (status only). */
    ROLL_FORWARD,
    /** The soak time is over: the target becomes the identity in use (status only). */
    SWITCH,
    /** Nothing is left to do: status.migration goes (status only). */
    CLEAR,
    /** The hold annotation stops the migration before its next step. */
    HOLD,
    /** The soak time is not over yet. */
    WAIT,
    /** Carry out {@code step}. */
    RUN
  }

  /** The decision; {@code step} for RUN, {@code left} for WAIT. */
  public record Next(Kind kind, Step step, Duration left) {
    static Next of(Kind kind) {
      return new Next(kind, null, Duration.ZERO);
    }

    static Next run(Step step) {
      return new Next(Kind.RUN, step, Duration.ZERO);
    }
  }

  private MigrationPlan() {}

  public static Next decide(Facts facts) {
    MigrationStatus m = facts.migration();
    if (m == null) {
      boolean moved = facts.serving() != null && !facts.wanted().same(facts.serving());
      return Next.of(moved ? Kind.START : Kind.NONE);
    }
    Step step = Step.valueOf(m.getStep());
    if (step == Step.Cleanup) {
      // Past the switch: the old identity goes first, whatever the spec says meanwhile.
      return held(facts, Next.run(Step.Cleanup));
    }
    if (m.getTarget() == null) {
      return m.getDiscarding() == null ? Next.of(Kind.CLEAR) : held(facts, Next.run(Step.Discard));
    }
    if (facts.wanted().same(Place.of(m.getSource()))) {
      return Next.of(nothingCreated(m) && m.getDiscarding() == null ? Kind.CLEAR : Kind.CANCEL);
    }
    if (!facts.wanted().same(Place.of(m.getTarget()))) {
      return Next.of(Kind.ROLL_FORWARD);
    }
    if (m.getDiscarding() != null) {
      return held(facts, Next.run(Step.Discard));
    }
    if (step == Step.Soak) {
      Instant verified = Instant.parse(m.getVerifiedAt());
      Duration left = Duration.between(facts.now(), verified.plus(facts.soak()));
      if (!left.isNegative() && !left.isZero()) {
        return held(facts, new Next(Kind.WAIT, Step.Soak, left));
      }
      return held(facts, new Next(Kind.SWITCH, Step.Cleanup, Duration.ZERO));
    }
    return held(facts, Next.run(step));
  }

  /**
   * The migration a pass would run now, as the one planned change Observe and Plan show; empty when
   * there is none to run.
   */
  public static Optional<PlannedChange> planned(
      Facts facts, MigrationIdentity wanted, UserAssignedIdentityStatus status) {
    Next next = decide(facts);
    if (next.kind() == Kind.NONE || next.kind() == Kind.CLEAR) {
      return Optional.empty();
    }
    String from =
        status.getResourceId() == null
            ? "the identity in use"
            : status.getResourceId() + " in " + status.getLocation();
    String stand =
        facts.migration() == null
            ? "the spec names a new place: a migration creates the new identity, grants and"
                + " attaches it beside the old one, verifies it, then removes the old one"
            : "a migration is under way ("
                + next.kind()
                + (next.step() == null ? "" : " " + next.step())
                + ")";
    return Optional.of(
        new PlannedChange(
            "Migrate",
            "Identity",
            wanted.getResourceId() + " in " + wanted.getLocation(),
            "from " + from + ": " + stand));
  }

  /**
   * Whether the target may exist in Azure: not while the migration is still at its check (the
   * target is created only after the step Create is recorded).
   */
  public static boolean nothingCreated(MigrationStatus m) {
    return Step.Check.name().equals(m.getStep());
  }

  /**
   * The identities of an unfinished migration besides the one in use: its target (its source once
   * past the switch) and an abandoned target. Deleting the resource deletes them too.
   */
  public static List<MigrationIdentity> besidesServing(MigrationStatus m) {
    List<MigrationIdentity> others = new ArrayList<>();
    if (m == null) {
      return others;
    }
    boolean switched = Step.Cleanup.name().equals(m.getStep());
    MigrationIdentity other = switched ? m.getSource() : m.getTarget();
    if (other != null && (switched || !nothingCreated(m))) {
      others.add(other);
    }
    if (m.getDiscarding() != null) {
      others.add(m.getDiscarding());
    }
    return others;
  }

  /** What an Orphan deletion leaves besides the identity in use, for its message ("" if none). */
  public static String orphanedMigration(UserAssignedIdentityStatus status) {
    if (status == null) {
      return "";
    }
    List<MigrationIdentity> others = besidesServing(status.getMigration());
    if (others.isEmpty()) {
      return "";
    }
    return " (the migration was unfinished: identity "
        + status.getResourceId()
        + " and "
        + others.stream().map(MigrationIdentity::getResourceId).collect(Collectors.joining(", "))
        + " are both kept, with their role assignments and attachments)";
  }

  private static Next held(Facts facts, Next next) {
    return facts.held() ? new Next(Kind.HOLD, next.step(), Duration.ZERO) : next;
  }
}
