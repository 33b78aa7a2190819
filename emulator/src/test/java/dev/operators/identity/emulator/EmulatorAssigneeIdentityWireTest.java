package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import org.junit.jupiter.api.Test;

/** Assignee identity blocks on the wire: attach and detach, identity errors, regional isolation. */
class EmulatorAssigneeIdentityWireTest extends EmulatorAssigneeWireFixture {

  @Test
  void vmAttachDetachPreservesOtherIdentitiesAndSystemPrincipal() {
    wire.arm(
        "PUT",
        vm("vm1") + VM,
        "{\"location\":\"eastus\",\"identity\":{\"type\":\"SystemAssigned\"}}");
    String principal =
        wire.arm("GET", vm("vm1") + VM, null).body().path("identity").path("principalId").asText();

    Reply both = wire.arm("PATCH", vm("vm1") + VM, attach("SystemAssigned, UserAssigned", id1));
    assertThat(both.status()).isEqualTo(200);
    assertThat(both.header("Azure-AsyncOperation")).isNotBlank();
    assertThat(both.header("Location")).contains("monitor=true");
    assertThat(both.body().path("properties").path("provisioningState").asText())
        .isEqualTo("Updating");
    JsonNode identity = both.body().path("identity");
    assertThat(identity.path("type").asText()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(identity.path("principalId").asText()).isEqualTo(principal);
    JsonNode attached = identity.path("userAssignedIdentities").path(id1);
    assertThat(attached.path("principalId").asText())
        .isEqualTo(
            emulator
                .control()
                .getResource(id1)
                .orElseThrow()
                .path("properties")
                .path("principalId")
                .asText());
    assertThat(attached.path("clientId").asText()).isNotBlank();

    // add a second one by PATCH: merged, the first stays
    Reply second = wire.arm("PATCH", vm("vm1") + VM, attach("SystemAssigned, UserAssigned", id2));
    assertThat(fields(second.body().path("identity").path("userAssignedIdentities")))
        .containsExactlyInAnyOrder(id1, id2);

    // detach with a null entry (key in another casing): only that one goes
    Reply detached =
        wire.arm(
            "PATCH",
            vm("vm1") + VM,
            "{\"identity\":{\"type\":\"SystemAssigned, UserAssigned\",\"userAssignedIdentities\":{\""
                + id1.toLowerCase()
                + "\":null}}}");
    assertThat(detached.status()).isEqualTo(200);
    assertThat(fields(detached.body().path("identity").path("userAssignedIdentities")))
        .containsExactly(id2);
    assertThat(detached.body().path("identity").path("principalId").asText()).isEqualTo(principal);
    assertThat(emulator.control().listResourcesWithIdentity(id2)).hasSize(1);
    assertThat(emulator.control().listResourcesWithIdentity(id1)).isEmpty();

    // drop UserAssigned by type alone: the map goes, the system identity stays
    Reply systemOnly =
        wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"SystemAssigned\"}}");
    assertThat(systemOnly.body().path("identity").has("userAssignedIdentities")).isFalse();
    assertThat(systemOnly.body().path("identity").path("principalId").asText())
        .isEqualTo(principal);

    // UserAssigned only: the system principal goes; back to SystemAssigned gets a new one
    Reply userOnly = wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", id1));
    assertThat(userOnly.body().path("identity").path("type").asText()).isEqualTo("UserAssigned");
    assertThat(userOnly.body().path("identity").has("principalId")).isFalse();
    Reply none = wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"None\"}}");
    assertThat(none.body().has("identity")).isFalse();
    Reply again = wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"SystemAssigned\"}}");
    assertThat(again.body().path("identity").path("principalId").asText()).isNotEqualTo(principal);
  }

  @Test
  void identityErrors() {
    wire.arm("PUT", vm("vm1") + VM, "{\"location\":\"eastus\"}");
    String missing = wire.identityPath("rg1", "nope");
    Reply unknown = wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", missing));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.code()).isEqualTo("FailedIdentityOperation");
    assertThat(unknown.message())
        .startsWith("Identity operation for resource '" + vm("vm1") + "' failed with error")
        .contains("Status: 'BadRequest'")
        .contains(
            "resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nope' was not found.");

    Reply malformed = wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", "not-an-id"));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.code()).isEqualTo("LinkedInvalidPropertyId");

    Reply badType = wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"Both\"}}");
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.code()).isEqualTo("InvalidRequestContent");

    Reply noType = wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{}}");
    assertThat(noType.code()).isEqualTo("InvalidRequestContent");
    assertThat(noType.message()).contains("Required property 'type' not found");

    Reply mapWithoutUser = wire.arm("PATCH", vm("vm1") + VM, attach("SystemAssigned", id1));
    assertThat(mapWithoutUser.code()).isEqualTo("FailedIdentityOperation");
    assertThat(mapWithoutUser.message())
        .contains("a non-UserAssigned identity type should not contain: userAssignedIdentities");

    Reply userWithoutMap =
        wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"UserAssigned\"}}");
    assertThat(userWithoutMap.code()).isEqualTo("FailedIdentityOperation");

    Reply badValue =
        wire.arm(
            "PATCH",
            vm("vm1") + VM,
            "{\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\""
                + id1
                + "\":{\"foo\":1}}}}");
    assertThat(badValue.code()).isEqualTo("InvalidIdentityValues");

    // nothing was changed by the failures
    assertThat(wire.arm("GET", vm("vm1") + VM, null).body().has("identity")).isFalse();
  }

  @Test
  void regionalIsolationRefusesAnotherRegion() {
    wire.arm("PUT", vm("vm1") + VM, "{\"location\":\"eastus\"}");
    Reply refused = wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", regional));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("FailedIdentityOperation");
    assertThat(refused.message())
        .contains(
            dev.operators.identity.emulator.resources.AssigneeResources.REGIONAL_ISOLATION_CODE);

    // same region is fine; a non-regional identity from another region is fine
    wire.arm("PUT", path("Microsoft.Web/sites", "site1") + WEB, "{\"location\":\"westeurope\"}");
    Reply ok =
        wire.arm(
            "PATCH",
            path("Microsoft.Web/sites", "site1") + WEB,
            attach("UserAssigned", regional, id1));
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void seedingFillsTheIdentityBlock() {
    JsonNode seeded =
        emulator
            .control()
            .putResource(
                path("Microsoft.App/containerApps", "seeded"),
                EmulatorWire.parse(
                    "{\"location\":\"eastus\","
                        + attach("SystemAssigned, UserAssigned", id1).substring(1)));
    assertThat(seeded.path("identity").path("type").asText())
        .isEqualTo("SystemAssigned,UserAssigned");
    assertThat(seeded.path("identity").path("principalId").asText()).isNotBlank();
    assertThat(
            seeded
                .path("identity")
                .path("userAssignedIdentities")
                .path(id1)
                .path("clientId")
                .asText())
        .isNotBlank();
    assertThat(seeded.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(emulator.control().listResourcesWithIdentity(id1)).hasSize(1);
  }
}
