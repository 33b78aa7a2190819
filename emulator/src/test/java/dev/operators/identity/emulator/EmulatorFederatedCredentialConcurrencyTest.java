package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Writes of one identity's federated identity credentials that overlap on the emulator's clock
 * answer Azure's 409; writes one at a time succeed. The test clock stands still unless a test moves
 * it, so "overlap" is exact here: a second write before the clock has moved by the lock duration.
 */
class EmulatorFederatedCredentialConcurrencyTest extends EmulatorFederatedCredentialFixture {
  private static final String CONCURRENT =
      "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity";

  private static Reply putNow(String identity, String name, String subject) {
    return wire.arm(
        "PUT", wire.credentialPath("rg1", identity, name) + q(STABLE), credential(ISSUER, subject));
  }

  private static Reply deleteNow(String identity, String name) {
    return wire.arm("DELETE", wire.credentialPath("rg1", identity, name) + q(STABLE), null);
  }

  @Test
  void writesOneAtATimeSucceed() {
    assertThat(put("fic-1", credential(ISSUER, "s1")).status()).isEqualTo(201);
    assertThat(put("fic-2", credential(ISSUER, "s2")).status()).isEqualTo(201);
    assertThat(put("fic-1", credential(ISSUER, "s1b")).status()).isEqualTo(200);
    assertThat(delete("fic-2").status()).isEqualTo(200);
    assertThat(delete("fic-2").status()).isEqualTo(204);
  }

  @Test
  void aWriteWithinTheLockOfAnotherIsRefusedWithAzuresConflict() {
    assertThat(putNow("id1", "fic-1", "s1").status()).isEqualTo(201);

    Reply overlapping = putNow("id1", "fic-2", "s2");
    assertThat(overlapping.status()).isEqualTo(409);
    assertThat(overlapping.code()).isEqualTo(CONCURRENT);
    assertThat(overlapping.message())
        .isEqualTo(
            "Too many Federated Identity Credentials are written concurrently for the managed"
                + " identity '/subscriptions/"
                + wire.sub()
                + "/resourcegroups/rg1/providers/microsoft.managedidentity/userassignedidentities/id1'."
                + " Concurrent Federated Identity Credentials writes under the same managed"
                + " identity are not supported.");
    assertThat(deleteNow("id1", "fic-1").code()).isEqualTo(CONCURRENT);
    assertThat(emulator.control().federatedCredentials(wire.identityPath("rg1", "id1")))
        .extracting(c -> c.path("name").asText())
        .containsExactly("fic-1");

    clock.advance(Duration.ofMillis(49));
    assertThat(putNow("id1", "fic-2", "s2").status()).isEqualTo(409);
    clock.advance(Duration.ofMillis(1));
    assertThat(putNow("id1", "fic-2", "s2").status()).isEqualTo(201);
  }

  @Test
  void theLockIsPerIdentityAndReadsIgnoreIt() {
    emulator
        .control()
        .putResource(
            wire.identityPath("rg1", "id2"), EmulatorWire.parse("{\"location\":\"eastus\"}"));
    assertThat(putNow("id1", "fic-1", "s1").status()).isEqualTo(201);
    assertThat(putNow("id2", "fic-1", "s1").status()).isEqualTo(201);
    assertThat(get("fic-1", STABLE).status()).isEqualTo(200);
    assertThat(wire.arm("GET", wire.credentialPath("rg1", "id1", null) + q(STABLE), null).status())
        .isEqualTo(200);
    assertThat(wire.arm("PATCH", wire.identityPath("rg1", "id1") + q(STABLE), "{}").status())
        .isEqualTo(200);
  }

  @Test
  void aRefusedWriteHoldsNoLock() {
    assertThat(put("fic-1", credential(ISSUER, "s1")).status()).isEqualTo(201);
    clock.advance(PAST_THE_LOCK);
    assertThat(putNow("id1", "fic-2", "s1").status()).isEqualTo(400); // same issuer and subject
    assertThat(deleteNow("id1", "absent").status()).isEqualTo(204);
    assertThat(putNow("id1", "fic-2", "s2").status()).isEqualTo(201);
  }

  @Test
  void theLockDurationIsASetting() {
    emulator.control().setFederatedCredentialLockDuration(Duration.ZERO);
    assertThat(putNow("id1", "fic-1", "s1").status()).isEqualTo(201);
    assertThat(putNow("id1", "fic-2", "s2").status()).isEqualTo(201);
    assertThat(deleteNow("id1", "fic-1").status()).isEqualTo(200);

    assertThat(
            wire.control("PUT", "/_emulator/federatedCredentialLock", "{\"duration\":\"PT2S\"}")
                .status())
        .isEqualTo(204);
    assertThat(putNow("id1", "fic-3", "s3").status()).isEqualTo(201);
    clock.advance(Duration.ofMillis(1999));
    assertThat(putNow("id1", "fic-4", "s4").status()).isEqualTo(409);
    clock.advance(Duration.ofMillis(1));
    assertThat(putNow("id1", "fic-4", "s4").status()).isEqualTo(201);
    assertThat(
            wire.control("PUT", "/_emulator/federatedCredentialLock", "{\"durationMs\":-1}")
                .status())
        .isEqualTo(400);
  }

  @Test
  void ofManyWritesSentAtOnceExactlyOneSucceeds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = "fic-" + i;
        replies.add(pool.submit(() -> putNow("id1", name, name)));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Reply> reply : replies) {
        statuses.add(reply.get().status());
      }
      assertThat(statuses).containsOnly(201, 409);
      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
      assertThat(emulator.control().federatedCredentials(wire.identityPath("rg1", "id1")))
          .hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void resetForgetsTheLocksHeld() {
    assertThat(putNow("id1", "fic-1", "s1").status()).isEqualTo(201);
    resetWithOneIdentity();
    assertThat(putNow("id1", "fic-1", "s1").status()).isEqualTo(201);
  }
}
