package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holding faults, for tests that kill a caller while its write is on its way (HOLD_THEN_DROP: never
 * applied) or while its answer is (APPLY_THEN_DROP: applied, never answered).
 */
class EmulatorHeldRequestsTest extends EmulatorWireFixture {
  private static final String MSI = "?api-version=" + EmulatorWire.MSI_API;
  private static final String BODY = "{\"location\":\"eastus\"}";
  private static final Duration LONG = Duration.ofMinutes(1);

  @BeforeEach
  void reset() {
    emulator.control().reset();
    emulator.control().createResourceGroup(wire.sub(), "rg1", "eastus");
    wire.token();
  }

  private CompletableFuture<Reply> putInBackground(String name) {
    String path = wire.identityPath("rg1", name) + MSI;
    return CompletableFuture.supplyAsync(() -> wire.arm("PUT", path, BODY));
  }

  private static void assertDropped(CompletableFuture<Reply> reply) {
    await().atMost(Duration.ofSeconds(10)).until(reply::isDone);
    Assertions.assertThatThrownBy(reply::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(UncheckedIOException.class);
  }

  @Test
  void holdThenDropKeepsTheWriteUnappliedWhileHeldAndAfterwards() {
    emulator
        .control()
        .injectFault(FaultRule.holdThenDrop("PUT", "/userAssignedIdentities/id-h1$", LONG, 1));
    CompletableFuture<Reply> reply = putInBackground("id-h1");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !emulator.control().heldRequests().isEmpty());
    RecordedRequest held = emulator.control().heldRequests().get(0);
    assertThat(held.method()).isEqualTo("PUT");
    assertThat(held.path()).endsWith("/userAssignedIdentities/id-h1");
    assertThat(held.status()).isZero();
    assertThat(held.fault()).isEqualTo("HOLD_THEN_DROP");
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "id-h1"))).isEmpty();
    assertThat(reply).isNotDone();

    emulator.control().releaseHeldRequests();

    assertDropped(reply);
    assertThat(emulator.control().heldRequests()).isEmpty();
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "id-h1"))).isEmpty();
    assertThat(emulator.control().requests())
        .filteredOn(r -> r.path().endsWith("/id-h1"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isZero())
        .satisfies(r -> assertThat(r.fault()).isEqualTo("HOLD_THEN_DROP"));
    // the rule applied once: the retry is served
    assertThat(wire.arm("PUT", wire.identityPath("rg1", "id-h1") + MSI, BODY).status())
        .isEqualTo(201);
  }

  @Test
  void applyThenDropAppliesTheWriteBeforeItIsShownHeld() {
    emulator
        .control()
        .injectFault(FaultRule.applyThenDrop("PUT", "/userAssignedIdentities/id-a1$", LONG, 1));
    CompletableFuture<Reply> reply = putInBackground("id-a1");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !emulator.control().heldRequests().isEmpty());
    assertThat(emulator.control().heldRequests().get(0).fault()).isEqualTo("APPLY_THEN_DROP");
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "id-a1"))).isPresent();
    assertThat(reply).isNotDone();

    emulator.control().releaseHeldRequests();

    assertDropped(reply);
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "id-a1"))).isPresent();
  }

  @Test
  void aHoldEndsByItselfAfterItsLongestHold() {
    emulator
        .control()
        .injectFault(
            FaultRule.holdThenDrop(
                "PUT", "/userAssignedIdentities/id-t1$", Duration.ofMillis(200), 1));
    CompletableFuture<Reply> reply = putInBackground("id-t1");

    assertDropped(reply);
    assertThat(emulator.control().heldRequests()).isEmpty();
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "id-t1"))).isEmpty();
  }

  @Test
  void clearingTheFaultsReleasesHeldRequestsAndTheControlApiShowsThem() {
    emulator.control().injectFault(FaultRule.holdThenDrop("PUT", "/id-h2$", LONG, -1));
    CompletableFuture<Reply> reply = putInBackground("id-h2");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !emulator.control().heldRequests().isEmpty());

    Reply shown = wire.control("GET", "/_emulator/held", null);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.body()).hasSize(1);
    assertThat(shown.body().get(0).path("fault").asText()).isEqualTo("HOLD_THEN_DROP");
    assertThat(shown.body().get(0).path("path").asText()).endsWith("/id-h2");

    emulator.control().clearFaults();

    assertDropped(reply);
    assertThat(wire.control("GET", "/_emulator/held", null).body()).isEmpty();
  }

  @Test
  void theControlApiReleasesHeldRequests() {
    var rule =
        wire.control(
            "POST",
            "/_emulator/faults",
            "{\"kind\":\"apply_then_drop\",\"method\":\"PUT\",\"pathRegex\":\"/id-a2$\","
                + "\"latency\":\"PT1M\",\"count\":1}");
    assertThat(rule.status()).isEqualTo(201);
    assertThat(rule.body().path("kind").asText()).isEqualTo("APPLY_THEN_DROP");
    CompletableFuture<Reply> reply = putInBackground("id-a2");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !emulator.control().heldRequests().isEmpty());

    assertThat(wire.control("DELETE", "/_emulator/held", null).status()).isEqualTo(204);

    assertDropped(reply);
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "id-a2"))).isPresent();
  }
}
