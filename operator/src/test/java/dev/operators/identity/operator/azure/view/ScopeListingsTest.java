package dev.operators.identity.operator.azure.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScopeListingsTest {

  static final Duration RESYNC = Duration.ofMinutes(10);

  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MovableClock clock = new MovableClock();
  final Map<String, String> azure = new HashMap<>();
  final AtomicReference<Runnable> duringListing = new AtomicReference<>(() -> {});
  int listed;

  final ScopeListings<String> view =
      new ScopeListings<>(
          RESYNC,
          clock,
          scope -> {
            listed++;
            Map<String, String> snapshot = new HashMap<>(azure);
            duringListing.get().run();
            return snapshot;
          });

  @Test
  void oneListingAnswersTheScopeUntilItIsOneResyncPeriodOld() {
    azure.put("/A", "a1");
    assertThat(view.find("rg", "/a")).contains("a1");
    azure.put("/A", "a2");
    clock.now = clock.now.plus(RESYNC.minusSeconds(1));
    assertThat(view.find("RG", "/A"))
        .as("IDs and scopes compare case-insensitively")
        .contains("a1");
    assertThat(listed).isEqualTo(1);

    clock.now = clock.now.plusSeconds(1);
    assertThat(view.find("rg", "/A")).contains("a2");
    assertThat(listed).isEqualTo(2);
  }

  @Test
  void theOperatorsOwnWritesAreSeenAtOnceAndWinOverAListingMadeMeanwhile() {
    azure.put("/A", "a1");
    view.find("rg", "/A");
    view.record("rg", "/A", "written");
    assertThat(view.find("rg", "/A")).contains("written");

    clock.now = clock.now.plus(RESYNC);
    // The listing read Azure before the operator's write landed there.
    duringListing.set(() -> view.record("rg", "/B", "created"));
    assertThat(view.find("rg", "/B")).contains("created");
    assertThat(view.find("rg", "/A")).contains("a1");

    view.forget("rg", "/A");
    assertThat(view.find("rg", "/A")).as("forgotten: a miss, read afresh").isEmpty();
  }

  @Test
  void aFailedListingLeavesNothingOfTheExpiredViewToAnswerFrom() {
    azure.put("/A", "a1");
    view.find("rg", "/A");
    clock.now = clock.now.plus(RESYNC);
    duringListing.set(
        () -> {
          throw new IllegalStateException("throttled");
        });

    assertThatThrownBy(() -> view.find("rg", "/A")).hasMessage("throttled");
    assertThatThrownBy(() -> view.matching("rg", v -> true)).hasMessage("throttled");

    duringListing.set(() -> {});
    azure.remove("/A");
    assertThat(view.find("rg", "/A")).isEmpty();
    assertThat(listed).isEqualTo(4);
  }

  @Test
  void forgettingWhereverRemovesAnObjectFromEveryScopeThatShowsIt() {
    azure.put("/mg/X", "inherited");
    view.find("sub-1", "/mg/x");
    view.find("sub-2", "/mg/x");

    view.forgetWherever("/MG/X");

    assertThat(view.find("sub-1", "/mg/x")).isEmpty();
    assertThat(view.find("sub-2", "/mg/x")).isEmpty();
    assertThat(view.matching("sub-1", v -> true)).isEmpty();
  }
}
