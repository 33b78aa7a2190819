package dev.operators.identity.operator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.MigrationIdentity;
import dev.operators.identity.api.v1alpha1.MigrationStatus;
import dev.operators.identity.operator.migration.MigrationPlan.Facts;
import dev.operators.identity.operator.migration.MigrationPlan.Kind;
import dev.operators.identity.operator.migration.MigrationPlan.Next;
import dev.operators.identity.operator.migration.MigrationPlan.Place;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a migration does next, as a table: the spec's place, the status, the hold, the clock. */
class MigrationPlanTest {

  static final String A =
      "/subscriptions/s1/resourceGroups/rg/providers/x/userAssignedIdentities/a";
  static final String B =
      "/subscriptions/s1/resourceGroups/rg/providers/x/userAssignedIdentities/b";
  static final String C =
      "/subscriptions/s2/resourceGroups/rg/providers/x/userAssignedIdentities/c";
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  /**
   * Columns: wanted (A, B, C, A@westus for A in another region), serving, migration step (- for
   * none), target, discarding, held, soak (s), verified seconds ago; then the decision.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          same place: no migration               | A | A | -       | - | - | false | 0  | 0  | NONE         | -
          never provisioned: no migration        | B | - | -       | - | - | false | 0  | 0  | NONE         | -
          a new name starts a migration          | B | A | -       | - | - | false | 0  | 0  | START        | -
          a new region alone starts one too      | A@westus | A | - | - | - | false | 0  | 0  | START        | -
          a new region with the same ID resumes  | A@westus | A | Check | A@westus | - | false | 0 | 0 | RUN | Check
          another subscription starts one        | C | A | -       | - | - | false | 0  | 0  | START        | -
          the check runs                         | B | A | Check   | B | - | false | 0  | 0  | RUN          | Check
          the creation runs                      | B | A | Create  | B | - | false | 0  | 0  | RUN          | Create
          the grants run                         | B | A | Grant   | B | - | false | 0  | 0  | RUN          | Grant
          the attachment runs                    | B | A | Attach  | B | - | false | 0  | 0  | RUN          | Attach
          the verification runs                  | B | A | Verify  | B | - | false | 0  | 0  | RUN          | Verify
          no soak: the switch                    | B | A | Soak    | B | - | false | 0  | 0  | SWITCH       | Cleanup
          soak not over: wait                    | B | A | Soak    | B | - | false | 60 | 20 | WAIT         | Soak
          soak over: the switch                  | B | A | Soak    | B | - | false | 60 | 60 | SWITCH       | Cleanup
          past the switch the cleanup runs       | B | B | Cleanup | B | - | false | 0  | 0  | RUN          | Cleanup
          cleanup runs whatever the spec says    | C | B | Cleanup | B | - | false | 0  | 0  | RUN          | Cleanup
          cleanup waits for the hold             | B | B | Cleanup | B | - | true  | 0  | 0  | HOLD         | Cleanup
          held before a step                     | B | A | Grant   | B | - | true  | 0  | 0  | HOLD         | Grant
          held during the soak                   | B | A | Soak    | B | - | true  | 60 | 20 | HOLD         | Soak
          back home before anything was created  | A | A | Check   | B | - | false | 0  | 0  | CLEAR        | -
          back home after the creation: cancel   | A | A | Grant   | B | - | false | 0  | 0  | CANCEL       | -
          back home ignores the hold (no write)  | A | A | Attach  | B | - | true  | 0  | 0  | CANCEL       | -
          back home while discarding: cancel     | A | A | Check   | C | B | false | 0  | 0  | CANCEL       | -
          cancelled: the target is discarded     | A | A | Discard | - | B | false | 0  | 0  | RUN          | Discard
          cancelled and held                     | A | A | Discard | - | B | true  | 0  | 0  | HOLD         | Discard
          cancelled and discarded: clear         | A | A | Discard | - | - | false | 0  | 0  | CLEAR        | -
          a third place rolls forward            | C | A | Attach  | B | - | false | 0  | 0  | ROLL_FORWARD | -
          rolled forward: discard first          | C | A | Check   | C | B | false | 0  | 0  | RUN          | Discard
          a region change of the target          | B@westus | A | Grant | B | - | false | 0 | 0 | ROLL_FORWARD | -
          IDs compare case-insensitively         | b | A | Grant   | B | - | false | 0  | 0  | RUN          | Grant
          a status without a region is no move   | A | A@- | -     | - | - | false | 0  | 0  | NONE         | -
          """)
  void decides(
      String name,
      String wanted,
      String serving,
      String step,
      String target,
      String discarding,
      boolean held,
      long soak,
      long verifiedAgo,
      Kind kind,
      String nextStep) {
    MigrationStatus m = null;
    if (!step.equals("-")) {
      m = new MigrationStatus();
      m.setStep(step);
      m.setSource(identity("A"));
      m.setTarget(identity(target));
      m.setDiscarding(identity(discarding));
      m.setVerifiedAt(NOW.minusSeconds(verifiedAgo).toString());
    }
    Next next =
        MigrationPlan.decide(
            new Facts(place(wanted), place(serving), m, held, NOW, Duration.ofSeconds(soak)));
    assertThat(next.kind()).isEqualTo(kind);
    assertThat(next.step() == null ? "-" : next.step().name()).isEqualTo(nextStep);
    if (kind == Kind.WAIT) {
      assertThat(next.left()).isEqualTo(Duration.ofSeconds(soak - verifiedAgo));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no migration                           | -       | - | -  | 0
          still at the check: nothing to delete  | Check   | B | -  | 0
          created: the target too                | Grant   | B | -  | 1
          past the switch: the source            | Cleanup | B | -  | 1
          rolled forward: the abandoned one      | Check   | C | B  | 1
          """)
  void deletingTheResourceDeletesTheMigrationsOtherIdentities(
      String name, String step, String target, String discarding, int others) {
    MigrationStatus m = null;
    if (!step.equals("-")) {
      m = new MigrationStatus();
      m.setStep(step);
      m.setSource(identity("A"));
      m.setTarget(identity(target));
      m.setDiscarding(identity(discarding));
    }
    assertThat(MigrationPlan.besidesServing(m)).hasSize(others);
  }

  private static MigrationIdentity identity(String spec) {
    Place place = place(spec);
    return place == null ? null : new MigrationIdentity(place.resourceId(), place.location());
  }

  private static Place place(String spec) {
    if (spec.equals("-")) {
      return null;
    }
    String[] parts = spec.split("@");
    String id =
        switch (parts[0]) {
          case "A" -> A;
          case "B" -> B;
          case "b" -> B.toUpperCase(java.util.Locale.ROOT);
          default -> C;
        };
    String location = parts.length > 1 ? parts[1] : "eastus";
    return new Place(id, location.equals("-") ? null : location);
  }
}
