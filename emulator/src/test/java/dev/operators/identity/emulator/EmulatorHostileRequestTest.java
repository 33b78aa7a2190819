package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What ARM does with requests a hostile value could shape, and a log that misses no request. */
class EmulatorHostileRequestTest extends EmulatorWireFixture {
  private static final String MSI = "?api-version=" + EmulatorWire.MSI_API;

  @BeforeEach
  void reset() {
    emulator.control().reset();
    emulator.control().createResourceGroup(wire.sub(), "rg1", "eastus");
  }

  @Test
  void tagNamesDifferingOnlyInCaseAreOneTagTheLastValueWinning() {
    Reply put =
        wire.arm(
            "PUT",
            wire.identityPath("rg1", "tags-1") + MSI,
            "{\"location\":\"eastus\",\"tags\":{\"owner\":\"a\",\"Owner\":\"b\"}}");

    assertThat(put.status()).isEqualTo(201);
    assertThat(put.body().path("tags").properties()).hasSize(1);
    assertThat(put.body().path("tags").path("owner").asText()).isEqualTo("b");
  }

  @Test
  void anIdentityRefusesAnIdentityBlockOfItsOwn() {
    wire.arm("PUT", wire.identityPath("rg1", "plain") + MSI, "{\"location\":\"eastus\"}");

    Reply patch =
        wire.arm(
            "PATCH",
            wire.identityPath("rg1", "plain") + MSI,
            "{\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\"x\":{}}}}");

    assertThat(patch.status()).isEqualTo(400);
    assertThat(patch.code()).isEqualTo("InvalidRequestContent");
  }

  @Test
  void aSecondApiVersionIsAnInvalidApiVersionNotIgnored() {
    Reply reply =
        wire.arm(
            "PUT",
            wire.rgPath("rg-smuggled") + "?api-version=2025-04-01&x=&api-version=2021-04-01",
            "{\"location\":\"eastus\"}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo("InvalidApiVersionParameter");
    assertThat(reply.message()).contains("'2025-04-01,2021-04-01'");
    assertThat(emulator.control().getResource(wire.rgPath("rg-smuggled"))).isEmpty();
  }

  @Test
  void dotSegmentsAndEmptySegmentsAreRefused() {
    Reply dots = wire.arm("GET", wire.rgPath("rg1") + "/../rg1?api-version=2025-04-01", null);
    Reply empty = wire.arm("GET", wire.rgPath("rg1") + "//x?api-version=2025-04-01", null);

    assertThat(dots.status()).isEqualTo(400);
    assertThat(dots.code()).isEqualTo("InvalidRequestUri");
    assertThat(empty.code()).isEqualTo("InvalidRequestUri");
  }

  @Test
  void aRequestIsLoggedWhenItArrivesAndCompletedWithItsOutcome() {
    emulator
        .control()
        .injectFault(
            FaultRule.latency("PUT", "/userAssignedIdentities/slow$", Duration.ofSeconds(1), 1));
    CompletableFuture<Reply> put =
        CompletableFuture.supplyAsync(
            () ->
                wire.arm(
                    "PUT", wire.identityPath("rg1", "slow") + MSI, "{\"location\":\"eastus\"}"));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                emulator.control().requests().stream()
                    .anyMatch(r -> r.path().endsWith("/slow") && r.status() == 0));
    assertThat(put.join().status()).isEqualTo(201);
    assertThat(emulator.control().requests())
        .filteredOn(r -> r.path().endsWith("/slow"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(201));
  }
}
