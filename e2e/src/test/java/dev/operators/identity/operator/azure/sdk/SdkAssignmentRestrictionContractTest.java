package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkAssignmentRestrictionAdapter} against the emulator (api-version 2025-05-31-preview):
 * restrictions written alone and read back, and Azure enforcing them on an attach.
 */
class SdkAssignmentRestrictionContractTest extends AdapterContractFixture {

  IdentityRef identity;
  String identityId;

  @BeforeEach
  void anIdentity() {
    identityId =
        seed(resourceId(IDENTITIES, "orders-api"), "{\"location\":\"eastus\"}").path("id").asText();
    identity = new IdentityRef(sub, RG, "orders-api");
  }

  @Test
  void restrictionsAreWrittenWithThePreviewVersionAndReadBack() {
    var adapter = ports.assignmentRestrictions();
    assertThat(adapter.restrictions(identity)).isEmpty();

    adapter.setRestrictions(identity, List.of("Microsoft.Web/sites"));

    assertThat(adapter.restrictions(identity)).containsExactly("Microsoft.Web/sites");
    assertThat(sent("PATCH", "/userAssignedIdentities/orders-api$"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.rawQuery()).isEqualTo("api-version=2025-05-31-preview");
              assertThat(r.json().at("/properties/assignmentRestrictions/providers/0").asText())
                  .isEqualTo("Microsoft.Web/sites");
              assertThat(r.json().has("tags")).isFalse();
            });
    // The typed client still reads the identity (its other properties are untouched).
    assertThat(ports.identities().find(identity)).isPresent();
  }

  @Test
  void azureRefusesAnAttachOutsideTheRestrictions() {
    ports.assignmentRestrictions().setRestrictions(identity, List.of("Microsoft.Web"));
    String vm = resourceId("Microsoft.Compute/virtualMachines", "vm-restricted");
    seed(vm, "{\"location\":\"eastus\"}");

    AzureRequestException e =
        catchThrowableOfType(
            AzureRequestException.class, () -> ports.assignees().attach(vm, identityId));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("UserAssignedIdentityAssignmentRestrictionViolation");
  }
}
