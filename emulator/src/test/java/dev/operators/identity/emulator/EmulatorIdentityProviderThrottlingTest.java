package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The managed identity provider's own throttling behind ARM's buckets: off by default, switched on
 * through the control API or the configuration, its rates per subscription and per identity, with
 * credential writes counting against their identity. Time moves only on the test clock.
 */
class EmulatorIdentityProviderThrottlingTest extends EmulatorWireFixture {
  private static final String MSI = "?api-version=" + EmulatorWire.MSI_API;
  private static final String BODY = "{\"location\":\"eastus\"}";
  private static final String CREDENTIAL =
      "{\"properties\":{\"issuer\":\"https://issuer.example/\",\"subject\":\"s\","
          + "\"audiences\":[\"api://AzureADTokenExchange\"]}}";

  @BeforeEach
  void reset() {
    emulator.control().reset();
    emulator.control().setThrottling(ThrottlingConfig.azureDefaults());
    emulator.control().setFederatedCredentialLockDuration(Duration.ZERO);
    emulator.control().createResourceGroup(wire.sub(), "rg1", "eastus");
  }

  private static Reply putIdentity(String name) {
    return wire.arm("PUT", wire.identityPath("rg1", name) + MSI, BODY);
  }

  private static void assertThrottled(Reply reply, String scopeWord, long retryAfter) {
    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.code()).isEqualTo("TooManyRequests");
    assertThat(reply.message()).contains(scopeWord).contains("managed identity provider's limit");
    assertThat(reply.header("Retry-After")).isEqualTo(Long.toString(retryAfter));
  }

  @Test
  void offByDefault() {
    for (int i = 0; i < 5; i++) {
      assertThat(putIdentity("id1").status()).isIn(200, 201);
      assertThat(wire.arm("GET", wire.identityPath("rg1", "id1") + MSI, null).status())
          .isEqualTo(200);
    }
    assertThat(ThrottlingConfig.azureDefaults().identityProvider().enabled()).isFalse();
    assertThat(EmulatorConfig.defaults().throttling().identityProvider().enabled()).isFalse();
  }

  @Test
  void anIdentityIsWrittenAtMostOnceEveryFourSecondsAndItsCredentialsCountAgainstIt() {
    emulator.control().setIdentityProviderThrottling(IdentityProviderThrottling.published());
    assertThat(putIdentity("id1").status()).isEqualTo(201);
    Reply patch = wire.arm("PATCH", wire.identityPath("rg1", "id1") + MSI, "{\"tags\":{}}");
    assertThrottled(patch, "managed identity '", 4);
    assertThat(patch.header("x-ms-ratelimit-remaining-subscription-writes")).isNotBlank();
    Reply credential =
        wire.arm(
            "PUT",
            wire.identityPath("rg1", "id1") + "/federatedIdentityCredentials/fic-1" + MSI,
            CREDENTIAL);
    assertThrottled(credential, "managed identity '", 4);
    // another identity has its own rate
    assertThat(putIdentity("id2").status()).isEqualTo(201);

    clock.advance(Duration.ofSeconds(3));
    assertThrottled(putIdentity("id1"), "managed identity '", 1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(
            wire.arm(
                    "PUT",
                    wire.identityPath("rg1", "id1") + "/federatedIdentityCredentials/fic-1" + MSI,
                    CREDENTIAL)
                .status())
        .isEqualTo(201);
    assertThrottled(
        wire.arm(
            "DELETE",
            wire.identityPath("rg1", "id1") + "/federatedIdentityCredentials/fic-1" + MSI,
            null),
        "managed identity '",
        4);
  }

  @Test
  void aSubscriptionCreatesOrUpdatesTwoIdentitiesPerSecond() {
    emulator.control().setIdentityProviderThrottling(IdentityProviderThrottling.published());
    assertThat(putIdentity("id-a").status()).isEqualTo(201);
    assertThat(putIdentity("id-b").status()).isEqualTo(201);
    assertThrottled(putIdentity("id-c"), "subscription '" + wire.sub() + "'", 1);
    clock.advance(Duration.ofMillis(500));
    assertThat(putIdentity("id-c").status()).isEqualTo(201);
    // the other subscription has its own
    String other = EmulatorConfig.SECOND_SUBSCRIPTION_ID;
    emulator.control().createResourceGroup(other, "rg1", "eastus");
    assertThat(
            wire.arm("PUT", wire.identityPath("rg1", "id-d").replace(wire.sub(), other) + MSI, BODY)
                .status())
        .isEqualTo(201);
  }

  @Test
  void readsListsAndDeletesHaveTheirOwnRates() {
    for (String name : new String[] {"id-a", "id-b", "id-c", "id-d", "id-e", "id-f"}) {
      emulator.control().putResource(wire.identityPath("rg1", name), EmulatorWire.parse(BODY));
    }
    emulator.control().setIdentityProviderThrottling(IdentityProviderThrottling.published());
    // GET: 0.5 per second per identity, 10 per second per subscription
    assertThat(wire.arm("GET", wire.identityPath("rg1", "id-a") + MSI, null).status())
        .isEqualTo(200);
    assertThrottled(
        wire.arm("GET", wire.identityPath("rg1", "id-a") + MSI, null), "managed identity '", 2);
    // list: 5 per second per subscription
    String list =
        "/subscriptions/"
            + wire.sub()
            + "/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
            + MSI;
    for (int i = 0; i < 5; i++) {
      assertThat(wire.arm("GET", list, null).status()).isEqualTo(200);
    }
    assertThrottled(wire.arm("GET", list, null), "subscription '", 1);
    // delete: 0.25 per second per identity, 2 per second per subscription
    assertThat(wire.arm("DELETE", wire.identityPath("rg1", "id-b") + MSI, null).status())
        .isEqualTo(200);
    assertThrottled(
        wire.arm("DELETE", wire.identityPath("rg1", "id-b") + MSI, null), "managed identity '", 4);
    assertThat(wire.arm("DELETE", wire.identityPath("rg1", "id-c") + MSI, null).status())
        .isEqualTo(200);
    assertThrottled(
        wire.arm("DELETE", wire.identityPath("rg1", "id-d") + MSI, null), "subscription '", 1);
    // the subscription's GETs: ten identities' worth in a second
    clock.advance(Duration.ofSeconds(2));
    int served = 0;
    for (String name : new String[] {"id-a", "id-d", "id-e", "id-f"}) {
      served += wire.arm("GET", wire.identityPath("rg1", name) + MSI, null).status() == 200 ? 1 : 0;
    }
    assertThat(served).isEqualTo(4);
  }

  @Test
  void aThrottledRequestTakesNoTokenFromTheOtherBuckets() {
    emulator
        .control()
        .setIdentityProviderThrottling(
            new IdentityProviderThrottling(true, 2, 10, 0.25, 10, 0.5, 5, 2, 0.25));
    assertThat(putIdentity("id-a").status()).isEqualTo(201);
    for (int i = 0; i < 5; i++) {
      assertThrottled(putIdentity("id-a"), "managed identity '", 4);
    }
    // the subscription's second write of this second is still there
    assertThat(putIdentity("id-b").status()).isEqualTo(201);
  }

  @Test
  void switchedOnAndOffOverTheControlApi() {
    assertThat(
            wire.control("PUT", "/_emulator/throttling/identityProvider", "{\"enabled\":true}")
                .status())
        .isEqualTo(204);
    assertThat(putIdentity("id-a").status()).isEqualTo(201);
    assertThat(putIdentity("id-a").status()).isEqualTo(429);
    wire.control(
        "PUT", "/_emulator/throttling/identityProvider", "{\"writesPerSecondPerIdentity\":100}");
    assertThat(putIdentity("id-a").status()).isEqualTo(200);
    wire.control("PUT", "/_emulator/throttling/identityProvider", "false");
    assertThat(putIdentity("id-a").status()).isEqualTo(200);
    assertThat(putIdentity("id-a").status()).isEqualTo(200);

    wire.control("PUT", "/_emulator/throttling", "{\"unlimited\":true,\"identityProvider\":true}");
    assertThat(putIdentity("id-b").status()).isEqualTo(201);
    assertThat(putIdentity("id-b").status()).isEqualTo(429);
    wire.control("PUT", "/_emulator/throttling", "{}");
    assertThat(putIdentity("id-b").status()).isEqualTo(200);
  }

  @Test
  void switchedOnInTheConfiguration() {
    TestClock ownClock = new TestClock();
    try (ArmEmulator throttled =
        ArmEmulator.start(
            EmulatorConfig.defaults()
                .withClock(ownClock)
                .withIdentityProviderThrottling(IdentityProviderThrottling.published()))) {
      EmulatorWire own = new EmulatorWire(throttled);
      throttled.control().createResourceGroup(own.sub(), "rg1", "eastus");
      assertThat(own.arm("PUT", own.identityPath("rg1", "id-a") + MSI, BODY).status())
          .isEqualTo(201);
      assertThat(own.arm("PUT", own.identityPath("rg1", "id-a") + MSI, BODY).status())
          .isEqualTo(429);
      ownClock.advance(Duration.ofSeconds(4));
      assertThat(own.arm("PUT", own.identityPath("rg1", "id-a") + MSI, BODY).status())
          .isEqualTo(200);
      assertThat(throttled.config().throttling().readCapacity()).isEqualTo(250);
    }
  }
}
