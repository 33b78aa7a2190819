package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import org.junit.jupiter.api.Test;

/** The control API over HTTP under /_emulator/. */
class EmulatorControlApiTest extends EmulatorWireFixture {

  @Test
  void controlApiRoundTrip() {
    String sub = wire.sub();
    Reply group =
        wire.control(
            "PUT", "/_emulator/state/resourceGroups/" + sub + "/ctl-rg?location=eastus", null);
    assertThat(group.status()).isEqualTo(200);
    assertThat(group.body().path("location").asText()).isEqualTo("eastus");

    Reply seeded =
        wire.control(
            "PUT",
            "/_emulator/state/resource?id=" + wire.identityPath("ctl-rg", "ctl-id"),
            "{\"location\":\"eastus\",\"tags\":{\"seeded\":\"true\"}}");
    assertThat(seeded.status()).isEqualTo(200);
    assertThat(seeded.body().path("properties").path("clientId").asText()).isNotBlank();

    Reply fault =
        wire.control(
            "POST",
            "/_emulator/faults",
            "{\"method\":\"GET\",\"pathRegex\":\"ctl-id$\",\"kind\":\"STATUS\",\"status\":429,\"count\":1}");
    assertThat(fault.status()).isEqualTo(201);
    assertThat(fault.body().path("retryAfterSeconds").asInt()).isEqualTo(1);
    assertThat(wire.control("GET", "/_emulator/faults", null).body()).hasSize(1);

    String path = wire.identityPath("ctl-rg", "ctl-id") + "?api-version=2024-11-30";
    assertThat(wire.arm("GET", path, null).status()).isEqualTo(429);
    assertThat(wire.arm("GET", path, null).body().path("tags").path("seeded").asText())
        .isEqualTo("true");

    Reply requests = wire.control("GET", "/_emulator/requests", null);
    assertThat(requests.body())
        .anySatisfy(r -> assertThat(r.path("fault").asText()).isEqualTo("STATUS 429"));
    Reply counters = wire.control("GET", "/_emulator/counters", null);
    assertThat(
            counters
                .body()
                .path("GET Microsoft.ManagedIdentity/userAssignedIdentities")
                .path("429")
                .asInt())
        .isEqualTo(1);
    assertThat(
            counters
                .body()
                .path("GET Microsoft.ManagedIdentity/userAssignedIdentities")
                .path("total")
                .asInt())
        .isEqualTo(2);

    assertThat(
            wire.control(
                    "PUT",
                    "/_emulator/throttling",
                    "{\"writeCapacity\":1,\"writeRefillPerSecond\":0.1}")
                .status())
        .isEqualTo(204);
    String put = wire.identityPath("ctl-rg", "ctl-id2") + "?api-version=2024-11-30";
    assertThat(wire.arm("PUT", put, "{\"location\":\"eastus\"}").status()).isEqualTo(201);
    assertThat(wire.arm("PUT", put, "{\"location\":\"eastus\"}").status()).isEqualTo(429);
    wire.control("PUT", "/_emulator/throttling", "{\"unlimited\":true}");
    assertThat(wire.arm("PUT", put, "{\"location\":\"eastus\"}").status()).isEqualTo(200);

    Reply state = wire.control("GET", "/_emulator/state", null);
    assertThat(state.body().path("value")).hasSize(3);

    assertThat(wire.control("DELETE", "/_emulator/requests", null).status()).isEqualTo(204);
    assertThat(emulator.control().requests()).isEmpty();
    assertThat(wire.control("DELETE", "/_emulator/faults", null).status()).isEqualTo(204);
    assertThat(wire.control("POST", "/_emulator/reset", null).status()).isEqualTo(204);
    assertThat(wire.control("GET", "/_emulator/state", null).body().path("value")).isEmpty();

    Reply unknown = wire.control("GET", "/_emulator/nope", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("NotFound");
    assertThat(wire.control("GET", "/_emulator/info", null).body().path("tenantId").asText())
        .isEqualTo(emulator.tenantId());
  }

  @Test
  void federatedCredentialsOfAnIdentityOverHttp() {
    try {
      listCredentialsOverHttp();
    } finally {
      emulator.control().reset(); // the round trip counts what it finds
    }
  }

  private void listCredentialsOverHttp() {
    String sub = wire.sub();
    wire.control("PUT", "/_emulator/state/resourceGroups/" + sub + "/fic-rg?location=eastus", null);
    String identity = wire.identityPath("fic-rg", "fic-id");
    wire.control("PUT", "/_emulator/state/resource?id=" + identity, "{\"location\":\"eastus\"}");
    assertThat(
            wire.arm(
                    "PUT",
                    wire.credentialPath("fic-rg", "fic-id", "fic-1") + "?api-version=2024-11-30",
                    "{\"properties\":{\"issuer\":\"https://issuer.example\",\"subject\":\"s\","
                        + "\"audiences\":[\"api://AzureADTokenExchange\"]}}")
                .status())
        .isEqualTo(201);

    Reply listed =
        wire.control(
            "GET", "/_emulator/federatedCredentials?identity=" + identity.toUpperCase(), null);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body().path("value")).hasSize(1);
    assertThat(listed.body().path("value").get(0).path("properties").path("subject").asText())
        .isEqualTo("s");
    assertThat(
            wire.control("GET", "/_emulator/federatedCredentials?identity=" + identity + "x", null)
                .body()
                .path("value"))
        .isEmpty();
    assertThat(wire.control("GET", "/_emulator/federatedCredentials", null).status())
        .isEqualTo(400);
    assertThat(wire.control("PUT", "/_emulator/federatedCredentialLock", "{}").status())
        .isEqualTo(400);
  }

  @Test
  void caCertificateIsPem() throws Exception {
    assertThat(emulator.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    var file = java.nio.file.Files.createTempDirectory("emu").resolve("ca.pem");
    assertThat(java.nio.file.Files.readString(emulator.writeCaCertificate(file)))
        .isEqualTo(emulator.caCertificatePem());
  }
}
