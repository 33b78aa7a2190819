package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.operator.azure.AssigneeChange;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.PendingOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkAssigneeAdapter} against the emulator's Compute, Web and Container Apps providers: the
 * identity block PATCH in each provider's spelling of {@code identity.type}, only this identity
 * added or removed, the last one removed by a change of type alone, long-running PATCHes answered
 * as running and looked at once per check, and the API version from provider metadata. Its ETag and
 * refusal contract is in {@link SdkAssigneeConcurrencyContractTest}.
 */
class SdkAssigneeAdapterContractTest extends AdapterContractFixture {

  static final String VMS = "Microsoft.Compute/virtualMachines";
  static final String SITES = "Microsoft.Web/sites";
  static final String CONTAINER_APPS = "Microsoft.App/containerApps";

  String ours;
  String theirs;

  @BeforeEach
  void twoIdentities() {
    ours =
        seed(resourceId(IDENTITIES, "orders-api"), "{\"location\":\"eastus\"}").path("id").asText();
    theirs =
        seed(resourceId(IDENTITIES, "someone-elses"), "{\"location\":\"eastus\"}")
            .path("id")
            .asText();
  }

  AssigneePort assignees() {
    return ports.assignees();
  }

  /** A resource of {@code type} in eastus with this identity block (null: none). */
  static String resource(String type, String name, String identityJson) {
    String id = resourceId(type, name);
    seed(
        id,
        "{\"location\":\"eastus\""
            + (identityJson == null ? "" : ",\"identity\":" + identityJson)
            + "}");
    return id;
  }

  static String userAssigned(String type, String... identities) {
    StringBuilder map = new StringBuilder();
    for (String identity : identities) {
      map.append(map.length() == 0 ? "" : ",").append('"').append(identity).append("\":{}");
    }
    return "{\"type\":\"" + type + "\",\"userAssignedIdentities\":{" + map + "}}";
  }

  static List<String> userIdentities(JsonNode resource) {
    List<String> ids = new ArrayList<>();
    resource
        .path("identity")
        .path("userAssignedIdentities")
        .fieldNames()
        .forEachRemaining(ids::add);
    return ids;
  }

  /** The identity block of the one PATCH sent to the resource. */
  JsonNode patchedIdentity(String resourceId) {
    List<SentRequest> patches =
        sent("PATCH", resourceId.substring(resourceId.lastIndexOf('/')) + "$");
    assertThat(patches).hasSize(1);
    return patches.get(0).json().path("identity");
  }

  @Test
  void attachingToAResourceWithoutIdentitiesMakesItUserAssigned() {
    String vm = resource(VMS, "vm-plain", null);

    AssigneeResource attached = settled(vm, assignees().attach(vm, ours));

    JsonNode sent = patchedIdentity(vm);
    assertThat(sent.path("type").asText()).isEqualTo("UserAssigned");
    assertThat(sent.path("userAssignedIdentities").size()).isEqualTo(1);
    assertThat(sent.path("userAssignedIdentities").path(ours).isObject()).isTrue();
    assertThat(attached.identityType()).isEqualTo("UserAssigned");
    assertThat(attached.carries(ours)).isTrue();
    assertThat(attached.type()).isEqualToIgnoringCase(VMS);
    assertThat(attached.location()).isEqualTo("eastus");
    assertThat(userIdentities(azure(vm).orElseThrow())).containsExactly(ours);
  }

  @Test
  void nextToASystemIdentityBothAreSpelledTheWayEachProviderSpellsThem() {
    String vm = resource(VMS, "vm-system", "{\"type\":\"SystemAssigned\"}");
    String app = resource(CONTAINER_APPS, "aca-system", "{\"type\":\"SystemAssigned\"}");
    String systemPrincipal = azure(vm).orElseThrow().at("/identity/principalId").asText();

    settled(vm, assignees().attach(vm, ours));
    AssigneeResource onApp = settled(app, assignees().attach(app, ours));

    assertThat(patchedIdentity(vm).path("type").asText()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(patchedIdentity(app).path("type").asText()).isEqualTo("SystemAssigned,UserAssigned");
    assertThat(onApp.systemAssigned()).isTrue();
    assertThat(onApp.carries(ours)).isTrue();
    assertThat(azure(vm).orElseThrow().at("/identity/principalId").asText())
        .isEqualTo(systemPrincipal);
  }

  @Test
  void attachingAndDetachingTouchOnlyThisIdentity() {
    String vm = resource(VMS, "vm-shared", userAssigned("SystemAssigned, UserAssigned", theirs));

    settled(vm, assignees().attach(vm, ours));
    assertThat(userIdentities(azure(vm).orElseThrow())).containsExactlyInAnyOrder(ours, theirs);
    AssigneeResource detached = settled(vm, assignees().detach(vm, ours));

    assertThat(detached.userAssignedIdentityIds()).containsExactly(theirs);
    assertThat(detached.identityType()).isEqualTo("SystemAssigned, UserAssigned");
    List<SentRequest> patches = sent("PATCH", "/vm-shared$");
    assertThat(patches).hasSize(2);
    JsonNode removal = patches.get(1).json().path("identity").path("userAssignedIdentities");
    assertThat(removal.size()).isEqualTo(1);
    assertThat(removal.path(ours).isNull()).isTrue();
  }

  @Test
  void removingTheLastUserIdentityIsAChangeOfTypeAlone() {
    // ARM refuses a userAssignedIdentities map, even an empty one, next to None or SystemAssigned.
    String plain = resource(SITES, "app-one-identity", userAssigned("UserAssigned", ours));
    String withSystem =
        resource(VMS, "vm-one-identity", userAssigned("SystemAssigned, UserAssigned", ours));

    AssigneeResource none = settled(plain, assignees().detach(plain, ours));
    AssigneeResource system = settled(withSystem, assignees().detach(withSystem, ours));

    assertThat(patchedIdentity(plain).path("type").asText()).isEqualTo("None");
    assertThat(patchedIdentity(plain).has("userAssignedIdentities")).isFalse();
    assertThat(patchedIdentity(withSystem).path("type").asText()).isEqualTo("SystemAssigned");
    assertThat(patchedIdentity(withSystem).has("userAssignedIdentities")).isFalse();
    assertThat(none.userAssignedIdentityIds()).isEmpty();
    assertThat(azure(plain).orElseThrow().path("identity").path("type").asText("None"))
        .isEqualTo("None");
    assertThat(system.identityType()).isEqualTo("SystemAssigned");
    assertThat(system.userAssignedIdentityIds()).isEmpty();
  }

  @Test
  void whatIsAlreadySoIsNotWrittenAgain() {
    String vm = resource(VMS, "vm-done", userAssigned("UserAssigned", ours));
    String app = resource(SITES, "app-none", null);

    assertThat(settled(vm, assignees().attach(vm, ours)).carries(ours)).isTrue();
    assertThat(settled(app, assignees().detach(app, ours)).carries(ours)).isFalse();

    assertThat(served("PATCH", "")).isZero();
  }

  @Test
  void aLongRunningPatchIsAnsweredAsRunningAndLookedAtOncePerCheckUntilTheProviderIsDone() {
    String app = resource(CONTAINER_APPS, "aca-slow", null);

    AssigneeChange started = assignees().attach(app, ours);

    // Container Apps answer the PATCH with 202 and a Location to poll: nothing is waited for.
    assertThat(started).isInstanceOf(AssigneeChange.Running.class);
    PendingOperation operation = ((AssigneeChange.Running) started).operation();
    assertThat(operation.pollUrl()).startsWith(armEndpoint());
    assertThat(((AssigneeChange.Running) started).retryAfter()).isPresent();
    long polls = served("GET", "/providers/Microsoft.App/locations/");
    assertThat(polls).isZero();

    AssigneeChange stillRunning = assignees().check(app, operation);
    assertThat(stillRunning).isInstanceOf(AssigneeChange.Running.class);
    assertThat(served("GET", "/providers/Microsoft.App/locations/")).isEqualTo(1);

    clock.moveAhead(Duration.ofSeconds(5));
    AssigneeChange done = assignees().check(app, operation);

    assertThat(done).isInstanceOf(AssigneeChange.Done.class);
    assertThat(((AssigneeChange.Done) done).resource().carries(ours)).isTrue();
    assertThat(azure(app).orElseThrow().at("/properties/provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(served("GET", "/providers/Microsoft.App/locations/")).isEqualTo(2);
    assertThat(served("PATCH", "/aca-slow$")).isEqualTo(1);
  }

  @Test
  void theApiVersionIsTheProvidersNewestStableOneReadOncePerType() {
    String first = resource(VMS, "vm-first", null);
    String second = resource(VMS, "vm-second", null);
    String app = resource(CONTAINER_APPS, "aca-versions", null);

    settled(first, assignees().attach(first, ours));
    settled(second, assignees().attach(second, ours));
    assignees().find(app);

    // The newest stable version in each provider's metadata (Microsoft.App lists previews too).
    assertThat(sent("PATCH", "/vm-(first|second)$"))
        .extracting(SentRequest::rawQuery)
        .containsOnly("api-version=2025-04-01");
    assertThat(sent("GET", "/aca-versions$"))
        .extracting(SentRequest::rawQuery)
        .containsOnly("api-version=2025-07-01");
    assertThat(served("GET", "/providers/Microsoft.Compute$")).isEqualTo(1);
  }

  @Test
  void aRegionalIdentityOutsideItsRegionIsRefusedByAzureWithItsCode() {
    String regional =
        seed(
                resourceId(IDENTITIES, "orders-regional"),
                "{\"location\":\"eastus\",\"properties\":{\"isolationScope\":\"Regional\"}}")
            .path("id")
            .asText();
    String far = resourceId(SITES, "app-weu");
    seed(far, "{\"location\":\"westeurope\"}");

    AzureRequestException e =
        catchThrowableOfType(AzureRequestException.class, () -> assignees().attach(far, regional));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.errorCode()).isEqualTo("FailedIdentityOperation");
    assertThat(e.azureMessage()).contains("Regional");
    assertThat(e.requestId()).isPresent();
    assertThat(userIdentities(azure(far).orElseThrow())).isEmpty();
  }
}
