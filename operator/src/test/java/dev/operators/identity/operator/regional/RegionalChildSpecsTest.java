package dev.operators.identity.operator.regional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.ExportSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.RegionalFederatedCredential;
import dev.operators.identity.api.v1alpha1.RegionalIdentityTemplate;
import dev.operators.identity.api.v1alpha1.RegionalWorkloadIdentity;
import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a region's identity gets from the template. */
class RegionalChildSpecsTest {

  static final String EAST_ISSUER = "https://oidc.eastus.example/cluster-east/";
  static final String EU_ISSUER = "https://oidc.westeurope.example/cluster-eu/";

  @Test
  void eachRegionGetsTheCredentialsScopedToItOrToNoRegion() {
    RegionalIdentityTemplate template = RegionalPlanTest.template();
    template.setFederatedCredentials(
        List.of(
            new RegionalFederatedCredential(
                EAST_ISSUER, "system:serviceaccount:a:b", List.of("eastus")),
            new RegionalFederatedCredential(
                EU_ISSUER, "system:serviceaccount:a:b", List.of("westeurope")),
            new RegionalFederatedCredential(
                "https://token.actions.githubusercontent.com", "repo:o/r", null)));

    assertThat(issuers(ChildSpecs.of(template, "eastus", List.of())))
        .containsExactly(EAST_ISSUER, "https://token.actions.githubusercontent.com");
    assertThat(issuers(ChildSpecs.of(template, "westeurope", List.of())))
        .containsExactly(EU_ISSUER, "https://token.actions.githubusercontent.com");
    // what the regional identity declares carries no regions: its own kind has no such field
    assertThat(ChildSpecs.of(template, "eastus", List.of()).getFederatedCredentials())
        .allSatisfy(c -> assertThat(c.getClass()).isEqualTo(FederatedCredentialSpec.class));
  }

  @Test
  void serviceAccountsGoToTheWorkloadIdentitysRegionOnly() {
    RegionalIdentityTemplate template = RegionalPlanTest.template();
    RegionalWorkloadIdentity workload = new RegionalWorkloadIdentity();
    workload.setRegion("westeurope");
    ServiceAccountSpec account = new ServiceAccountSpec();
    account.setName("orders-api");
    workload.setServiceAccounts(List.of(account));
    template.setWorkloadIdentity(workload);

    assertThat(ChildSpecs.of(template, "westeurope", List.of()).effectiveServiceAccounts())
        .extracting(ServiceAccountSpec::getName)
        .containsExactly("orders-api");
    assertThat(ChildSpecs.of(template, "eastus", List.of()).getWorkloadIdentity()).isNull();
  }

  @Test
  void namesSharedByEveryRegionAreSuffixedWithTheRegion() {
    RegionalIdentityTemplate template = RegionalPlanTest.template();
    template.setAzureName("id-orders");
    ExportSpec export = new ExportSpec();
    export.setConfigMap(new ExportSpec.ConfigMapTarget("orders-identity"));
    template.setExportTo(export);

    UserAssignedIdentitySpec spec = ChildSpecs.of(template, "eastus", List.of());

    assertThat(spec.getAzureName()).isEqualTo("id-orders-eastus");
    assertThat(spec.exportConfigMap()).contains("orders-identity-eastus");
    assertThat(spec.getLocation()).isEqualTo("eastus");
    assertThat(spec.getIsolationScope()).isEqualTo("Regional");
  }

  @Test
  void theSpecAsStoredWithTheApiServersDefaultsEqualsTheSpecComputed() {
    UserAssignedIdentitySpec spec =
        ChildSpecs.of(RegionalPlanTest.template(), "eastus", List.of(RegionalPlanTest.APP_EAST));
    KubernetesSerialization json = new KubernetesSerialization();
    var stored = json.unmarshal(json.asJson(spec), java.util.Map.class);
    stored.putIfAbsent("deletionPolicy", "Delete");
    stored.putIfAbsent("isolationScope", "None");

    assertThat(ChildSpecs.matches(spec, json.convertValue(stored, UserAssignedIdentitySpec.class)))
        .isTrue();
  }

  @Test
  void anEmptyListStoredAbsentMatchesButADifferentValueDoesNot() {
    RegionalIdentityTemplate template = RegionalPlanTest.template();
    template.setFederatedCredentials(
        List.of(
            new RegionalFederatedCredential(
                EU_ISSUER, "system:serviceaccount:a:b", List.of("westeurope"))));
    UserAssignedIdentitySpec desired = ChildSpecs.of(template, "eastus", List.of());
    UserAssignedIdentitySpec stored = ChildSpecs.of(template, "eastus", List.of());
    stored.setFederatedCredentials(null);
    stored.setAssignees(null);

    assertThat(desired.getFederatedCredentials()).isEmpty();
    assertThat(ChildSpecs.matches(desired, stored)).isTrue();
    stored.setTags(java.util.Map.of("team", "someone-else"));
    assertThat(ChildSpecs.matches(desired, stored)).isFalse();
    assertThat(ChildSpecs.matches(desired, null)).isFalse();
  }

  private static List<String> issuers(UserAssignedIdentitySpec spec) {
    return spec.effectiveFederatedCredentials().stream()
        .map(FederatedCredentialSpec::getIssuer)
        .toList();
  }
}
