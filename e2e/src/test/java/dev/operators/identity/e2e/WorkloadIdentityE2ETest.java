package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.ExportSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.WorkloadIdentitySpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Workload identity end to end: federated credentials in the emulator, ServiceAccount annotations
 * and the exported ConfigMap in the embedded Kubernetes API, and all of it undone on deletion.
 */
class WorkloadIdentityE2ETest extends E2EFixture {

  ServiceAccount account(String name) {
    return stack.client().serviceAccounts().inNamespace(namespace).withName(name).get();
  }

  List<JsonNode> credentials(String name) {
    return stack.emulator().control().federatedCredentials(armId(name));
  }

  @Test
  void anIdentityWiresItsServiceAccountsPublishesItsIdsAndUndoesBothOnDeletion() {
    stack.emulator().control().setFederatedCredentialLockDuration(Duration.ZERO);
    stack
        .client()
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("orders-api")
                .withNamespace(namespace)
                .withAnnotations(Map.of("team", "orders"))
                .endMetadata()
                .build())
        .create();
    UserAssignedIdentity uai = identity("wired", "eastus");
    var workload = new WorkloadIdentitySpec();
    var created = new ServiceAccountSpec("orders-batch");
    created.setCreate(true);
    workload.setServiceAccounts(List.of(new ServiceAccountSpec("orders-api"), created));
    uai.getSpec().setWorkloadIdentity(workload);
    uai.getSpec()
        .setFederatedCredentials(
            List.of(
                new FederatedCredentialSpec(
                    "https://token.actions.githubusercontent.com",
                    "repo:org/orders:ref:refs/heads/main")));
    var export = new ExportSpec();
    export.setConfigMap(new ExportSpec.ConfigMapTarget("wired-identity"));
    uai.getSpec().setExportTo(export);
    apply(uai);

    var ready = awaitReady("wired");
    String clientId = ready.getStatus().getClientId();

    assertThat(account("orders-api").getMetadata().getAnnotations())
        .containsEntry("azure.workload.identity/client-id", clientId)
        .containsEntry("azure.workload.identity/tenant-id", ready.getStatus().getTenantId())
        .containsEntry("team", "orders");
    assertThat(account("orders-batch").getMetadata().getAnnotations())
        .containsEntry("azure.workload.identity/client-id", clientId);
    assertThat(account("orders-batch").getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(ready.getMetadata().getUid()));
    assertThat(credentials("wired"))
        .extracting(c -> c.at("/properties/subject").asText())
        .containsExactlyInAnyOrder(
            "repo:org/orders:ref:refs/heads/main",
            "system:serviceaccount:" + namespace + ":orders-api",
            "system:serviceaccount:" + namespace + ":orders-batch");
    assertThat(credentials("wired"))
        .filteredOn(c -> c.at("/properties/subject").asText().startsWith("system:"))
        .allSatisfy(
            c ->
                assertThat(c.at("/properties/issuer").asText())
                    .isEqualTo(EmbeddedStack.OIDC_ISSUER));
    ConfigMap exported =
        stack.client().configMaps().inNamespace(namespace).withName("wired-identity").get();
    assertThat(exported.getData())
        .containsEntry("clientId", clientId)
        .containsEntry("resourceId", ready.getStatus().getResourceId());

    cr("wired").delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> cr("wired").get() == null);

    assertThat(account("orders-api").getMetadata().getAnnotations())
        .doesNotContainKey("azure.workload.identity/client-id")
        .containsEntry("team", "orders");
    assertThat(azureIdentity("wired")).isEmpty();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(account("orders-batch")).isNull();
              assertThat(
                      stack
                          .client()
                          .configMaps()
                          .inNamespace(namespace)
                          .withName("wired-identity")
                          .get())
                  .isNull();
            });
  }
}
