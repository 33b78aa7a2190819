package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkAssigneeAdapter} when someone else writes the same resource: its writes carry the ETag
 * of the read they were computed from, a 412 makes it read and write again (a bounded number of
 * times), and a resource without an ETag is written without If-Match. Also what is refused: a
 * resource that does not exist, and IDs that do not parse, before anything is sent.
 */
class SdkAssigneeConcurrencyContractTest extends AdapterContractFixture {

  static final String VMS = "Microsoft.Compute/virtualMachines";

  String ours;

  @BeforeEach
  void anIdentity() {
    ours =
        seed(resourceId(IDENTITIES, "orders-api"), "{\"location\":\"eastus\"}").path("id").asText();
  }

  AssigneePort assignees() {
    return ports.assignees();
  }

  static String vm(String name) {
    String id = resourceId(VMS, name);
    seed(id, "{\"location\":\"eastus\"}");
    return id;
  }

  @Test
  void aWriteComputedFromAStaleReadIsRefusedAndRedoneFromAFreshOne() throws Exception {
    String vm = vm("vm-race");
    String etagRead = azure(vm).orElseThrow().path("etag").asText();
    // The adapter's PATCH is held up; meanwhile the portal enables the system-assigned identity.
    // Written from the earlier read ("UserAssigned"), the PATCH would switch it off again.
    holdNext("PATCH", "/vm-race$", Duration.ofSeconds(2));
    CompletableFuture<AssigneeResource> attach =
        CompletableFuture.supplyAsync(() -> settled(vm, assignees().attach(vm, ours)));
    awaitArrival("PATCH", "/vm-race$");
    ObjectNode clicked = (ObjectNode) azure(vm).orElseThrow();
    clicked.putObject("identity").put("type", "SystemAssigned");
    String etagAfterClick = seed(vm, clicked.toString()).path("etag").asText();

    AssigneeResource attached = attach.get(30, TimeUnit.SECONDS);

    assertThat(attached.identityType()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(attached.carries(ours)).isTrue();
    JsonNode azure = azure(vm).orElseThrow();
    assertThat(azure.at("/identity/principalId").asText()).isNotBlank();
    assertThat(served("PATCH", "/vm-race$")).isEqualTo(2);
    assertThat(servedOk("PATCH", "/vm-race$")).isEqualTo(1);
    assertThat(sent("PATCH", "/vm-race$"))
        .extracting(SentRequest::ifMatch)
        .containsExactly(etagRead, etagAfterClick);
    assertThat(etagRead).isNotEqualTo(etagAfterClick);
  }

  @Test
  void repeatedPreconditionFailuresAreGivenUpAfterABoundedNumberOfFreshReads() {
    String vm = vm("vm-contended");
    failNext("PATCH", "/vm-contended$", 412, -1);

    AzureRequestException e =
        catchThrowableOfType(AzureRequestException.class, () -> assignees().attach(vm, ours));

    assertThat(e.statusCode()).isEqualTo(412);
    assertThat(served("PATCH", "/vm-contended$")).isEqualTo(4);
    assertThat(served("GET", "/vm-contended$")).isEqualTo(4);
  }

  @Test
  void aResourceWithoutAnEtagIsWrittenWithoutIfMatch() {
    String app = resourceId("Microsoft.Web/sites", "app-no-etag");
    seed(app, "{\"location\":\"eastus\"}");

    settled(app, assignees().attach(app, ours));

    assertThat(sent("PATCH", "/app-no-etag$"))
        .singleElement()
        .satisfies(patch -> assertThat(patch.ifMatch()).isNull());
  }

  @Test
  void aMissingResourceIsEmptyAndChangingItIsNotFound() {
    String missing = resourceId(VMS, "never-existed");

    assertThat(assignees().find(missing)).isEmpty();
    AzureRequestException e =
        catchThrowableOfType(AzureRequestException.class, () -> assignees().attach(missing, ours));

    assertThat(e.isNotFound()).isTrue();
    assertThat(served("PATCH", "")).isZero();
  }

  @Test
  void aReadThatFailsCarriesAzuresCodeAndRequestId() {
    String vm = vm("vm-denied");
    deny("Microsoft.Compute/virtualMachines/read", vm);

    AzureRequestException e =
        catchThrowableOfType(AzureRequestException.class, () -> assignees().find(vm));

    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.errorCode()).isEqualTo("AuthorizationFailed");
    assertThat(e.requestId()).contains(requestIdOf("GET", "/vm-denied$"));
  }

  @Test
  void idsThatDoNotParseAreRefusedBeforeAnythingIsSent() {
    String vm = resourceId(VMS, "vm-a");
    for (ThrowingCallable call :
        List.<ThrowingCallable>of(
            () -> assignees().find(vm + "?api-version=2015-01-01"),
            () -> assignees().attach(rgScope(), ours),
            () -> assignees().detach(vm.replace("/vm-a", "/../vm-a"), ours),
            () -> assignees().attach("/subscriptions/" + sub + "/resourceGroups/rg%2f..", ours))) {
      AzureRequestException e = catchThrowableOfType(AzureRequestException.class, call);
      assertThat(e.statusCode()).isEqualTo(-1);
      assertThat(e.errorCode()).isEqualTo("InvalidArmId");
    }
    assertThat(servedAtAll()).isZero();
  }
}
