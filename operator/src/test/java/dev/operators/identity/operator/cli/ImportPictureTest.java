package dev.operators.identity.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.RoleAssignment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of the role assignments seen from the subscription an import keeps, and how. */
class ImportPictureTest {

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  static final AzureIdentity IDENTITY =
      new AzureIdentity(
          "/subscriptions/"
              + SUB
              + "/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a",
          "a",
          "eastus",
          IsolationScope.None,
          Map.of(),
          "p",
          "c",
          "t");

  static RoleAssignment at(String scope) {
    return new RoleAssignment(
        scope + "/providers/Microsoft.Authorization/roleAssignments/x",
        "x",
        scope,
        "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + READER,
        "p",
        null,
        null,
        null);
  }

  static IdentityPicture picture(List<RoleAssignment> assignments, Map<String, String> names) {
    return new IdentityPicture(IDENTITY, assignments, names, List.of(), List.of());
  }

  @ParameterizedTest(name = "{0}: above {1}, imported {2}")
  @CsvSource({
    "/subscriptions/" + SUB + ", false, true",
    "/SUBSCRIPTIONS/" + SUB + "/resourceGroups/rg, false, true",
    "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Web/sites/w, false, true",
    "/providers/Microsoft.Management/managementGroups/mg-platform, true, true",
    "/, true, true",
    "/subscriptions/" + SUB + "0, false, false",
  })
  void everyAssignmentOfThePrincipalButAnotherSubscriptionsIsImported(
      String scope, boolean above, boolean imported) {
    assertThat(picture(List.of(at(scope)), Map.of()).aboveSubscription(at(scope))).isEqualTo(above);
    assertThat(picture(List.of(at(scope)), Map.of()).imported().roleAssignments())
        .hasSize(imported ? 1 : 0);
  }

  @Test
  void rolesAreNamedWhereAzureResolvedThemElseByGuid() {
    String scope = "/subscriptions/" + SUB;
    assertThat(picture(List.of(at(scope)), Map.of(READER, "Reader")).imported().roleAssignments())
        .extracting(ImportedIdentity.ImportedRoleAssignment::role)
        .containsExactly("Reader");
    assertThat(picture(List.of(at(scope)), Map.of()).imported().roleAssignments())
        .extracting(ImportedIdentity.ImportedRoleAssignment::role)
        .containsExactly(READER);
  }

  @Test
  void theAssigneesAreTheResourcesCarryingTheIdentity() {
    var vm =
        new AssigneeResource(
            "/subscriptions/"
                + SUB
                + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
            "Microsoft.Compute/virtualMachines",
            "eastus",
            "UserAssigned",
            List.of(IDENTITY.resourceId()));
    var picture = new IdentityPicture(IDENTITY, List.of(), Map.of(), List.of(), List.of(vm));
    assertThat(picture.imported().assigneeIds()).containsExactly(vm.id());
    assertThat(TraceReport.of(picture).text()).contains("Assignees (1)", vm.id());
  }
}
