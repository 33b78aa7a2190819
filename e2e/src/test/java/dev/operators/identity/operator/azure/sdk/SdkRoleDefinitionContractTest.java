package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.azure.RoleDefinitionPort;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkAuthorizationAdapter} as the role definition port, behind the cache production puts in
 * front of it: roles by name (the name quoted in ARM's filter), by GUID and by full ID, a missing
 * role as empty, and IDs refused before anything is sent.
 */
class SdkRoleDefinitionContractTest extends AdapterContractFixture {

  static final String BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";

  RoleDefinitionPort definitions() {
    return ports.roleDefinitions();
  }

  @Test
  void aBuiltInRoleIsFoundByNameAtTheScopeWhereItWillBeAssigned() {
    RoleDefinition role = definitions().findByName(rgScope(), "Storage Blob Data Reader").get();

    assertThat(role.guid()).isEqualTo(BLOB_DATA_READER);
    assertThat(role.roleName()).isEqualTo("Storage Blob Data Reader");
    assertThat(role.id())
        .endsWith("/providers/Microsoft.Authorization/roleDefinitions/" + role.guid());
    assertThat(sent("GET", "/roleDefinitions$"))
        .singleElement()
        .satisfies(
            get -> {
              assertThat(get.path())
                  .endsWith(rgScope() + "/providers/Microsoft.Authorization/roleDefinitions");
              assertThat(get.rawQuery())
                  .contains("$filter=roleName%20eq%20%27Storage%20Blob%20Data%20Reader%27");
            });
  }

  @Test
  void aNameIsMatchedWithoutRegardToCaseAndAnUnknownOneIsEmpty() {
    assertThat(definitions().findByName(rgScope(), "reader").map(RoleDefinition::guid))
        .contains(READER);
    assertThat(definitions().findByName(rgScope(), "Storage Blob Data Raeder")).isEmpty();
  }

  @Test
  void aQuoteInANameStaysInsideTheFilter() {
    // A quote that ended the filter's string would make the rest of the name filter syntax.
    assertThat(definitions().findByName(rgScope(), "Reader' or roleName eq 'Owner")).isEmpty();
    assertThat(definitions().findByName(rgScope(), "O'Brien's role")).isEmpty();
  }

  @Test
  void aRoleIsFoundByGuidOrFullIdAndAMissingOneIsEmpty() {
    assertThat(definitions().findById(rgScope(), READER).map(RoleDefinition::roleName))
        .contains("Reader");
    assertThat(definitions().findById(rgScope(), roleId(CONTRIBUTOR)).map(RoleDefinition::guid))
        .contains(CONTRIBUTOR);
    assertThat(definitions().findById(rgScope(), UUID.randomUUID().toString())).isEmpty();
    assertThat(definitions().findById(rgScope(), roleId(UUID.randomUUID().toString()))).isEmpty();
  }

  @Test
  void aRepeatedLookupIsAnsweredFromTheCache() {
    definitions().findByName(rgScope(), "Reader");
    definitions().findByName(rgScope(), "Reader");
    definitions().findById(rgScope(), CONTRIBUTOR);
    definitions().findById(rgScope(), CONTRIBUTOR);

    assertThat(served("GET", "/roleDefinitions")).isEqualTo(2);
  }

  @Test
  void idsThatDoNotParseAreRefusedBeforeAnythingIsSent() {
    for (ThrowingCallable call :
        List.<ThrowingCallable>of(
            () -> definitions().findByName(rgScope() + "#fragment", "Reader"),
            () -> definitions().findById(rgScope() + "/", READER),
            () ->
                definitions().findById(rgScope(), "/providers/Microsoft.Authorization/roles/x"))) {
      AzureRequestException e = catchThrowableOfType(AzureRequestException.class, call);
      assertThat(e.statusCode()).isEqualTo(-1);
      assertThat(e.errorCode()).isEqualTo("InvalidArmId");
    }
    assertThat(servedAtAll()).isZero();
  }
}
