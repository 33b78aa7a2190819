package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkAuthorizationAdapter} as the role assignment port against ARM's
 * Microsoft.Authorization: what a created assignment carries, the encoded principal filter of
 * listings and their paging, ARM's conflict naming the existing assignment, and IDs refused before
 * anything is sent.
 */
class SdkRoleAssignmentContractTest extends AdapterContractFixture {

  static final String CONDITION =
      "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]"
          + " StringEquals 'exports'";

  RoleAssignmentPort assignments() {
    return ports.roleAssignments();
  }

  static String storage() {
    return resourceId("Microsoft.Storage/storageAccounts", "ordersdata");
  }

  static NewRoleAssignment assignment(String scope, String role, String principal) {
    return new NewRoleAssignment(
        scope, UUID.randomUUID().toString(), roleId(role), principal, null, null, null);
  }

  static String principal() {
    return UUID.randomUUID().toString();
  }

  @Test
  void anAssignmentNamesAServicePrincipalSoAPrincipalNotYetReplicatedGetsIt() {
    // The directory does not know this principal (a managed identity created a moment ago):
    // without principalType ARM answers 400 PrincipalNotFound.
    String principal = principal();
    var wanted =
        new NewRoleAssignment(
            rgScope(),
            UUID.randomUUID().toString(),
            roleId(READER),
            principal,
            "read orders",
            CONDITION,
            "2.0");

    RoleAssignment created = written(assignments().create(wanted));

    JsonNode azure = azure(created.id()).orElseThrow();
    assertThat(azure.at("/properties/principalType").asText()).isEqualTo("ServicePrincipal");
    assertThat(created.name()).isEqualTo(wanted.name());
    assertThat(created.id())
        .isEqualToIgnoringCase(
            rgScope() + "/providers/Microsoft.Authorization/roleAssignments/" + wanted.name());
    assertThat(created.scope()).isEqualToIgnoringCase(rgScope());
    assertThat(created.roleDefinitionGuid()).isEqualTo(READER);
    assertThat(created.principalId()).isEqualTo(principal);
    assertThat(created.description()).isEqualTo("read orders");
    assertThat(created.condition()).isEqualTo(CONDITION);
    assertThat(created.conditionVersion()).isEqualTo("2.0");
  }

  @Test
  void aRepeatedCreateWithAnotherConditionOrDescriptionUpdatesTheSameAssignment() {
    String principal = principal();
    NewRoleAssignment first = assignment(rgScope(), READER, principal);
    RoleAssignment created = written(assignments().create(first));

    RoleAssignment updated =
        written(
            assignments()
                .create(
                    new NewRoleAssignment(
                        first.scope(),
                        first.name(),
                        first.roleDefinitionId(),
                        principal,
                        "read the exports container only",
                        CONDITION,
                        "2.0")));

    assertThat(updated.id()).isEqualTo(created.id());
    JsonNode azure = azure(created.id()).orElseThrow();
    assertThat(azure.at("/properties/condition").asText()).isEqualTo(CONDITION);
    assertThat(azure.at("/properties/conditionVersion").asText()).isEqualTo("2.0");
    assertThat(azure.at("/properties/description").asText())
        .isEqualTo("read the exports container only");
    assertThat(assignments().listForPrincipal(rgScope(), principal)).hasSize(1);
  }

  @Test
  void theSameRoleUnderAnotherNameIsAnsweredAsTheExistingAssignment() {
    String principal = principal();
    RoleAssignment existing =
        written(assignments().create(assignment(rgScope(), READER, principal)));

    RoleAssignmentWrite again = assignments().create(assignment(rgScope(), READER, principal));

    // Azure's 409 RoleAssignmentExists names the existing one as 32 hex digits, no hyphens: the
    // adapter reads it into the existing assignment's name and ID, for the reconciler to adopt.
    assertThat(again)
        .isEqualTo(new RoleAssignmentWrite.ExistsUnderName(existing.name(), existing.id()));
    assertThat(served("PUT", "/roleAssignments/")).isEqualTo(2);
  }

  @Test
  void aListingByPrincipalSendsAnEncodedFilterAndSeesEveryScopeBelow() {
    seed(storage(), "{\"location\":\"eastus\",\"kind\":\"StorageV2\"}");
    String mine = principal();
    String theirs = principal();
    RoleAssignment atGroup = written(assignments().create(assignment(rgScope(), READER, mine)));
    RoleAssignment atStorage =
        written(assignments().create(assignment(storage(), CONTRIBUTOR, mine)));
    assignments().create(assignment(rgScope(), READER, theirs));

    List<RoleAssignment> listed = assignments().listForPrincipal("/subscriptions/" + sub, mine);

    assertThat(listed)
        .extracting(RoleAssignment::id)
        .containsExactlyInAnyOrder(atGroup.id(), atStorage.id());
    assertThat(sent("GET", "/roleAssignments$"))
        .singleElement()
        .satisfies(
            get ->
                assertThat(get.rawQuery())
                    .contains("$filter=principalId%20eq%20%27" + mine + "%27"));
  }

  @Test
  void aListingFollowsEveryPage() {
    String principal = principal();
    int count = 105;
    IntStream.range(0, count)
        .forEach(
            i -> {
              createResourceGroup("rg-page-" + i);
              assignments()
                  .create(
                      assignment(
                          "/subscriptions/" + sub + "/resourceGroups/rg-page-" + i,
                          READER,
                          principal));
            });

    List<RoleAssignment> listed =
        assignments().listForPrincipal("/subscriptions/" + sub, principal);

    assertThat(listed).hasSize(count);
    assertThat(listed).extracting(RoleAssignment::id).doesNotHaveDuplicates();
    assertThat(served("GET", "/roleAssignments$")).isGreaterThan(1);
  }

  @Test
  void deleteSaysWhetherThereWasSomethingToDelete() {
    RoleAssignment created =
        written(assignments().create(assignment(rgScope(), READER, principal())));

    assertThat(assignments().delete(created.id())).isTrue();
    assertThat(assignments().delete(created.id())).isFalse();
    assertThat(azure(created.id())).isEmpty();
  }

  @Test
  void aForbiddenOrMissingScopeIsAzuresRefusalWithItsCode() {
    seed(storage(), "{\"location\":\"eastus\",\"kind\":\"StorageV2\"}");
    deny("Microsoft.Authorization/roleAssignments/write", storage());
    String principal = principal();
    String missing = resourceId("Microsoft.Storage/storageAccounts", "missing");

    AzureRequestException denied =
        catchThrowableOfType(
            AzureRequestException.class,
            () -> assignments().create(assignment(storage(), READER, principal)));
    AzureRequestException notFound =
        catchThrowableOfType(
            AzureRequestException.class,
            () -> assignments().create(assignment(missing, READER, principal)));

    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.errorCode()).isEqualTo("AuthorizationFailed");
    assertThat(denied.getMessage()).contains("403 AuthorizationFailed");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(written(assignments().create(assignment(rgScope(), READER, principal)))).isNotNull();
  }

  @Test
  void idsThatDoNotParseAreRefusedBeforeAnythingIsSent() {
    String principal = principal();
    String smuggled = rgScope() + "?api-version=2015-07-01";
    var badName =
        new NewRoleAssignment(rgScope(), "not-a-guid", roleId(READER), principal, null, null, null);

    for (ThrowingCallable call :
        List.<ThrowingCallable>of(
            () -> assignments().listForPrincipal(smuggled, principal),
            () -> assignments().create(assignment(rgScope() + "/../rg-other", READER, principal)),
            () -> assignments().create(badName),
            () -> assignments().delete(rgScope() + "/providers/Microsoft.Authorization/x"))) {
      AzureRequestException e = catchThrowableOfType(AzureRequestException.class, call);
      assertThat(e.statusCode()).isEqualTo(-1);
      assertThat(e.errorCode()).isEqualTo("InvalidArmId");
      assertThat(e.getMessage()).contains("not sent");
    }
    assertThat(servedAtAll()).isZero();
  }
}
