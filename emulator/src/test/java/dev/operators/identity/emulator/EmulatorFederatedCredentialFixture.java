package dev.operators.identity.emulator;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/**
 * The emulator on a test clock with rg1 and the identity id1 in it before each test, and the
 * helpers that write its federated identity credentials. Each helper write moves the clock past the
 * credential write lock first, so that writes a test sends one after another never overlap unless
 * it says so.
 */
abstract class EmulatorFederatedCredentialFixture extends EmulatorWireFixture {
  static final String STABLE = "2024-11-30";
  static final String OLD_STABLE = "2023-01-31";
  static final String PREVIEW = "2025-05-31-preview";
  static final String ISSUER = "https://oidc.prod-aks.azure.com/tenant-guid/issuer-guid/";
  static final String AUDIENCE = "api://AzureADTokenExchange";

  /** Longer than the emulator's default credential write lock (50 ms). */
  static final Duration PAST_THE_LOCK = Duration.ofMillis(60);

  @BeforeEach
  void resetWithOneIdentity() {
    emulator.control().reset();
    emulator.control().setFederatedCredentialLockDuration(Duration.ofMillis(50));
    emulator.control().createResourceGroup(wire.sub(), "rg1", "eastus");
    emulator
        .control()
        .putResource(
            wire.identityPath("rg1", "id1"), EmulatorWire.parse("{\"location\":\"eastus\"}"));
  }

  static String q(String apiVersion) {
    return "?api-version=" + apiVersion;
  }

  /** A credential body trusting the issuer and subject for the usual audience. */
  static String credential(String issuer, String subject) {
    return "{\"properties\":{\"issuer\":\""
        + issuer
        + "\",\"subject\":\""
        + subject
        + "\",\"audiences\":[\""
        + AUDIENCE
        + "\"]}}";
  }

  static String serviceAccount(String namespace, String name) {
    return "system:serviceaccount:" + namespace + ":" + name;
  }

  /** PUT of a credential of id1 after the previous write's lock has passed. */
  static Reply put(String name, String body, String apiVersion) {
    clock.advance(PAST_THE_LOCK);
    return wire.arm("PUT", wire.credentialPath("rg1", "id1", name) + q(apiVersion), body);
  }

  static Reply put(String name, String body) {
    return put(name, body, STABLE);
  }

  /** DELETE of a credential of id1 after the previous write's lock has passed. */
  static Reply delete(String name) {
    clock.advance(PAST_THE_LOCK);
    return wire.arm("DELETE", wire.credentialPath("rg1", "id1", name) + q(STABLE), null);
  }

  static Reply get(String name, String apiVersion) {
    return wire.arm("GET", wire.credentialPath("rg1", "id1", name) + q(apiVersion), null);
  }
}
