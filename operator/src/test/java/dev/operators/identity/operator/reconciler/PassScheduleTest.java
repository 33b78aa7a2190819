package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.RequestPass;
import dev.operators.identity.operator.azure.RequestPass.Priority;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Fair queueing: priorities of passes, postponements without backoff, spread resyncs. */
class PassScheduleTest {
  private static final Duration RESYNC = Duration.ofMinutes(10);
  private static final ResourceID ID = new ResourceID("uai", "ns");

  private final FailureBackoff backoff =
      new FailureBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
  private final PassSchedule schedule = new PassSchedule(backoff, RESYNC);

  private static UserAssignedIdentity resource(long generation, Long observed, String ready) {
    var uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withName("uai").withGeneration(generation).build());
    if (observed != null) {
      var status = new UserAssignedIdentityStatus();
      status.setObservedGeneration(observed);
      Condition condition = new ConditionBuilder().withType("Ready").withStatus(ready).build();
      status.setConditions(List.of(condition));
      uai.setStatus(status);
    }
    return uai;
  }

  @Test
  void onlyAnUnchangedReadyResourceIsAResync() {
    assertThat(PassSchedule.priority(resource(2, 2L, "True"))).isEqualTo(Priority.RESYNC);
    assertThat(PassSchedule.priority(resource(3, 2L, "True"))).isEqualTo(Priority.FIRST);
    assertThat(PassSchedule.priority(resource(2, 2L, "False"))).isEqualTo(Priority.FIRST);
    assertThat(PassSchedule.priority(resource(1, null, null))).isEqualTo(Priority.FIRST);
    var deleting = resource(2, 2L, "True");
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(PassSchedule.priority(deleting)).isEqualTo(Priority.FIRST);
  }

  @Test
  void aPostponedPassComesBackAfterThePostponementPlusJitterWithoutBackoff() {
    var outcome =
        RequestPass.run(
            Priority.RESYNC,
            () -> {
              RequestPass.current().postpone(Duration.ofSeconds(4));
              return List.of(
                  PassSchedule.postponedResync(),
                  schedule.next(ID, "uid", Optional.of(Duration.ofSeconds(4))));
            });
    assertThat(outcome.result().get(0)).isEqualTo(true);
    assertThat((Duration) outcome.result().get(1))
        .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    // no failure was counted: the first real failure backs off from the start
    assertThat(backoff.failed(ID).delay(Optional.empty())).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aFirstPassIsNotAPostponedResyncAndFailuresBackOff() {
    var outcome =
        RequestPass.run(
            Priority.FIRST,
            () -> {
              Duration one = schedule.next(ID, "uid", Optional.of(Duration.ZERO));
              Duration two = schedule.next(ID, "uid", Optional.of(Duration.ZERO));
              return List.of(PassSchedule.postponedResync(), one, two);
            });
    assertThat(outcome.result())
        .containsExactly(false, Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void resyncsAreSpreadOverATenthOfThePeriodByUid() {
    List<Duration> delays =
        IntStream.range(0, 200)
            .mapToObj(i -> schedule.next(ID, UUID.randomUUID().toString(), Optional.empty()))
            .toList();
    assertThat(delays).allMatch(d -> d.compareTo(RESYNC.minus(RESYNC.dividedBy(10))) > 0);
    assertThat(delays).allMatch(d -> d.compareTo(RESYNC) <= 0);
    assertThat(delays.stream().distinct().count()).isGreaterThan(150);
    String uid = UUID.randomUUID().toString();
    assertThat(schedule.resync(uid)).isEqualTo(schedule.resync(uid));
    assertThat(schedule.resync(null)).isEqualTo(RESYNC);
  }
}
