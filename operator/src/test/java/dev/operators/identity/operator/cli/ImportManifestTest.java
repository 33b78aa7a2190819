package dev.operators.identity.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.cli.ImportedIdentity.ImportedRoleAssignment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure mapping of imported identities to UserAssignedIdentity resources, as tables. */
class ImportManifestTest {

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final String RG_SCOPE = "/subscriptions/" + SUB + "/resourceGroups/rg-data";

  static AzureIdentity azure(
      String group, String name, IsolationScope scope, Map<String, String> tags) {
    return new AzureIdentity(
        "/subscriptions/"
            + SUB
            + "/resourcegroups/"
            + group
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
            + name,
        name,
        "eastus",
        scope,
        tags,
        "p-" + name,
        "c-" + name,
        "t");
  }

  static ImportedIdentity bare(String group, String name) {
    return new ImportedIdentity(
        azure(group, name, IsolationScope.None, Map.of()), List.of(), List.of(), List.of());
  }

  static UserAssignedIdentity one(ImportedIdentity imported, ManagementPolicy policy) {
    return IdentityManifests.toResources(List.of(imported), "team-orders", policy).get(0);
  }

  @ParameterizedTest(name = "Azure name {0} becomes {1}, azureName {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "orders-api, orders-api, -",
        "Orders-API, orders-api, Orders-API",
        "orders_batch_01, orders-batch-01, orders_batch_01",
        "_x_, x, _x_",
        "id-99, id-99, -",
      })
  void theNameIsAValidKubernetesNameAndAzureNameKeepsTheOriginal(
      String azureName, String metadataName, String specAzureName) {
    UserAssignedIdentity resource = one(bare("rg", azureName), ManagementPolicy.Observe);
    assertThat(resource.getMetadata().getName()).isEqualTo(metadataName);
    assertThat(resource.getSpec().getAzureName()).isEqualTo(specAzureName);
  }

  @Test
  void everyResourceIsAdoptedInTheModeGivenAndOrphanedOnDeletion() {
    for (ManagementPolicy policy : ManagementPolicy.values()) {
      UserAssignedIdentity resource = one(bare("rg-orders", "orders-api"), policy);
      assertThat(resource.getMetadata().getNamespace()).isEqualTo("team-orders");
      assertThat(resource.getMetadata().getAnnotations())
          .containsExactly(Map.entry("identity.operators.dev/adopt", "true"));
      assertThat(resource.getSpec().getManagementPolicy()).isEqualTo(policy.name());
      assertThat(resource.getSpec().getDeletionPolicy()).isEqualTo("Orphan");
      assertThat(resource.getSpec().getSubscriptionId()).isEqualTo(SUB);
      assertThat(resource.getSpec().getResourceGroup()).isEqualTo("rg-orders");
      assertThat(resource.getSpec().getLocation()).isEqualTo("eastus");
      assertThat(resource.getStatus()).isNull();
    }
  }

  @ParameterizedTest(name = "{0} is written as {1}")
  @CsvSource(
      nullValues = "-",
      value = {"None, -", "Regional, Regional"})
  void isolationScopeIsWrittenWhenNotTheDefault(IsolationScope scope, String written) {
    var imported =
        new ImportedIdentity(azure("rg", "a-1", scope, Map.of()), List.of(), List.of(), List.of());
    assertThat(one(imported, ManagementPolicy.Observe).getSpec().getIsolationScope())
        .isEqualTo(written);
  }

  @Test
  void ownershipTagsAreLeftToTheOperatorAndEveryOtherTagIsKept() {
    var tags =
        Map.of(
            "team", "orders",
            "identity.operators.dev.cluster", "old",
            "Identity.Operators.Dev.Name", "x",
            "cost-center", "42");
    var imported =
        new ImportedIdentity(
            azure("rg", "a-1", IsolationScope.None, tags), List.of(), List.of(), List.of());
    assertThat(one(imported, ManagementPolicy.Observe).getSpec().getTags())
        .containsExactly(Map.entry("cost-center", "42"), Map.entry("team", "orders"));
    assertThat(one(bare("rg", "a-2"), ManagementPolicy.Observe).getSpec().getTags()).isNull();
  }

  @Test
  void roleAssignmentsCredentialsAndAssigneesAreDeclaredInAStableOrder() {
    var imported =
        new ImportedIdentity(
            azure("rg", "a-1", IsolationScope.None, Map.of()),
            List.of(
                new ImportedRoleAssignment(
                    "Reader",
                    RG_SCOPE + "/providers/Microsoft.Storage/storageAccounts/sa",
                    null,
                    null,
                    null),
                new ImportedRoleAssignment(
                    "acdd72a7-3385-48ef-bd42-f606fba81ae7",
                    RG_SCOPE,
                    "by hand",
                    "@Resource[x] StringEquals 'y'",
                    "2.0"),
                new ImportedRoleAssignment("Contributor", RG_SCOPE, null, null, "2.0")),
            List.of(
                new FederatedCredential(
                    "gh",
                    "https://token.actions.githubusercontent.com",
                    null,
                    new FederatedCredential.Expression("claims['sub'] matches 'repo:c/a:*'", 1),
                    List.of("api://AzureADTokenExchange")),
                new FederatedCredential(
                    "aks",
                    "https://oidc.example/",
                    "system:serviceaccount:a:b",
                    List.of("api://AzureADTokenExchange")),
                new FederatedCredential(
                    "other", "https://oidc.example/", "s", List.of("api://custom"))),
            List.of(
                "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Web/sites/web",
                "/subscriptions/"
                    + SUB
                    + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"));
    var spec = one(imported, ManagementPolicy.Observe).getSpec();

    assertThat(spec.getRoleAssignments())
        .extracting(
            a ->
                a.getRole()
                    + " at "
                    + a.getScope()
                    + " | "
                    + a.getDescription()
                    + " | "
                    + a.getCondition()
                    + " | "
                    + a.getConditionVersion())
        .containsExactly(
            "acdd72a7-3385-48ef-bd42-f606fba81ae7 at "
                + RG_SCOPE
                + " | by hand | @Resource[x] StringEquals 'y' | 2.0",
            "Contributor at " + RG_SCOPE + " | null | null | null",
            "Reader at "
                + RG_SCOPE
                + "/providers/Microsoft.Storage/storageAccounts/sa | null | null | null");
    assertThat(spec.getFederatedCredentials())
        .extracting(
            c ->
                c.getName()
                    + " "
                    + c.getIssuer()
                    + " "
                    + c.getSubject()
                    + " "
                    + (c.getClaimsMatchingExpression() == null
                        ? null
                        : c.getClaimsMatchingExpression().getValue()
                            + " v"
                            + c.getClaimsMatchingExpression().getLanguageVersion())
                    + " "
                    + c.getAudiences())
        .containsExactly(
            "aks https://oidc.example/ system:serviceaccount:a:b null null",
            "gh https://token.actions.githubusercontent.com null claims['sub'] matches 'repo:c/a:*' v1 null",
            "other https://oidc.example/ s null [api://custom]");
    assertThat(spec.getAssignees())
        .extracting(a -> a.getResourceId().substring(a.getResourceId().lastIndexOf('/') + 1))
        .containsExactly("vm", "web");
  }

  @Test
  void nothingFoundIsDeclaredAsNothingNotAsEmptyLists() {
    var spec = one(bare("rg", "a-1"), ManagementPolicy.Observe).getSpec();
    assertThat(spec.getRoleAssignments()).isNull();
    assertThat(spec.getFederatedCredentials()).isNull();
    assertThat(spec.getAssignees()).isNull();
  }

  @Test
  void namesThatMeetInTheNamespaceGetASuffixFromTheirResourceId() {
    var resources =
        IdentityManifests.toResources(
            List.of(
                bare("rg-b", "Orders_API"), bare("rg-a", "orders-api"), bare("rg-a", "billing")),
            "team-orders",
            ManagementPolicy.Observe);
    assertThat(resources)
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(
            "billing",
            "orders-api-"
                + IdentityManifests.idHash(bare("rg-a", "orders-api").identity().resourceId()),
            "orders-api-"
                + IdentityManifests.idHash(bare("rg-b", "Orders_API").identity().resourceId()));
    assertThat(resources.get(1).getSpec().getAzureName()).isEqualTo("orders-api");
    assertThat(resources.get(2).getSpec().getAzureName()).isEqualTo("Orders_API");
    assertThat(resources.get(1).getMetadata().getName())
        .isNotEqualTo(resources.get(2).getMetadata().getName());
  }

  @Test
  void theYamlReadsBackAsTheSameResource() {
    var imported =
        new ImportedIdentity(
            azure("rg", "Orders_API", IsolationScope.Regional, Map.of("team", "orders")),
            List.of(new ImportedRoleAssignment("Reader", RG_SCOPE, null, null, null)),
            List.of(
                new FederatedCredential(
                    "aks",
                    "https://oidc.example/",
                    "system:serviceaccount:a:b",
                    List.of("api://AzureADTokenExchange"))),
            List.of(
                "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Web/sites/web"));
    UserAssignedIdentity resource = one(imported, ManagementPolicy.Plan);
    var serialization = new KubernetesSerialization();

    String yaml = serialization.asYaml(resource);

    assertThat(yaml)
        .startsWith("---\n")
        .contains("kind: \"UserAssignedIdentity\"")
        .doesNotContain("status");
    UserAssignedIdentity read = serialization.unmarshal(yaml, UserAssignedIdentity.class);
    assertThat(read.getSpec()).isEqualTo(resource.getSpec());
    assertThat(read.getMetadata()).isEqualTo(resource.getMetadata());
  }
}
