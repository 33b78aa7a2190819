package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.WorkloadIdentitySpec;
import dev.operators.identity.operator.azure.FederatedCredential;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Workload identity: a ServiceAccount in the spec gets a federated credential and annotations. */
class ServiceAccountWiringTest extends ReconcilerFixture {

  static final String NS = "team-orders";
  static final String CLIENT_ID = "azure.workload.identity/client-id";
  static final String TENANT_ID = "azure.workload.identity/tenant-id";

  UserAssignedIdentity wiredTo(ServiceAccountSpec... accounts) {
    var uai = resource("orders-api");
    var workload = new WorkloadIdentitySpec();
    workload.setServiceAccounts(List.of(accounts));
    uai.getSpec().setWorkloadIdentity(workload);
    return uai;
  }

  ServiceAccountStatus entry(UserAssignedIdentity uai, String name) {
    return uai.getStatus().getServiceAccounts().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  List<String> subjects() {
    return credentials.of(REF).values().stream().map(FederatedCredential::subject).toList();
  }

  @Test
  void anExistingServiceAccountGetsACredentialAndTheAnnotationsThenNothingMore() {
    serviceAccounts.add(NS, "orders-api", Map.of("team", "orders"));
    var uai = wiredTo(new ServiceAccountSpec("orders-api"));

    reconcile(uai);

    String clientId = uai.getStatus().getClientId();
    assertThat(serviceAccounts.of(NS, "orders-api"))
        .containsEntry(CLIENT_ID, clientId)
        .containsEntry(TENANT_ID, uai.getStatus().getTenantId())
        .containsEntry("team", "orders");
    assertThat(credentials.of(REF).values())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.issuer()).isEqualTo(ISSUER);
              assertThat(c.subject()).isEqualTo("system:serviceaccount:team-orders:orders-api");
              assertThat(c.audiences()).containsExactly("api://AzureADTokenExchange");
            });
    assertThat(entry(uai, "orders-api").getState()).isEqualTo(State.Annotated);
    assertThat(condition(uai, "WorkloadIdentityReady").getStatus()).isEqualTo("True");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");

    serviceAccounts.writes.clear();
    credentials.writes.clear();
    reconcile(uai);
    assertThat(serviceAccounts.writes).isEmpty();
    assertThat(credentials.writes).isEmpty();
  }

  @Test
  void aServiceAccountAnnotatedForAnotherIdentityIsReportedAndNeverOverwritten() {
    serviceAccounts.add(NS, "shared", Map.of(CLIENT_ID, "someone-elses-client-id"));
    var uai = wiredTo(new ServiceAccountSpec("shared"));

    reconcile(uai);
    reconcile(uai);

    assertThat(serviceAccounts.of(NS, "shared"))
        .containsEntry(CLIENT_ID, "someone-elses-client-id");
    assertThat(entry(uai, "shared").getState()).isEqualTo(State.Conflict);
    assertThat(entry(uai, "shared").getMessage()).contains("someone-elses-client-id");
    assertThat(condition(uai, "WorkloadIdentityReady").getReason())
        .isEqualTo("WorkloadIdentityNotReady");
    assertThat(events.reasons())
        .filteredOn(r -> r.equals("Warning ServiceAccountConflict"))
        .hasSize(1);
  }

  @Test
  void aMissingServiceAccountIsReportedOrCreatedOwnedByTheResource() {
    var create = new ServiceAccountSpec("made-for-me");
    create.setCreate(true);
    var uai = wiredTo(new ServiceAccountSpec("not-yet"), create);

    reconcile(uai);

    assertThat(entry(uai, "not-yet").getState()).isEqualTo(State.Missing);
    assertThat(serviceAccounts.of(NS, "made-for-me"))
        .containsEntry(CLIENT_ID, uai.getStatus().getClientId());
    assertThat(serviceAccounts.owners).containsEntry(NS + "/made-for-me", "uid-orders-api");
    assertThat(subjects()).hasSize(2);

    serviceAccounts.add(NS, "not-yet", Map.of());
    reconcile(uai);
    assertThat(entry(uai, "not-yet").getState()).isEqualTo(State.Annotated);
  }

  @Test
  void aServiceAccountLeavingTheSpecLosesOnlyItsOwnAnnotationsAndCredential() {
    serviceAccounts.add(NS, "api", Map.of());
    serviceAccounts.add(NS, "worker", Map.of("keep", "me"));
    var uai = wiredTo(new ServiceAccountSpec("api"), new ServiceAccountSpec("worker"));
    reconcile(uai);

    uai.getSpec().getWorkloadIdentity().setServiceAccounts(List.of(new ServiceAccountSpec("api")));
    reconcile(uai);

    assertThat(serviceAccounts.of(NS, "worker"))
        .doesNotContainKeys(CLIENT_ID, TENANT_ID)
        .containsEntry("keep", "me");
    assertThat(serviceAccounts.of(NS, "api")).containsKey(CLIENT_ID);
    assertThat(subjects()).containsExactly("system:serviceaccount:team-orders:api");
    assertThat(uai.getStatus().getServiceAccounts())
        .extracting(ServiceAccountStatus::getName)
        .containsExactly("api");
  }

  @Test
  void anotherNamespaceIsRefusedByTheSecureDefaultBeforeAnyWrite() {
    var elsewhere = new ServiceAccountSpec("api");
    elsewhere.setNamespace("team-payments");

    var uai = wiredTo(elsewhere);
    reconcile(uai);

    assertThat(condition(uai, "PolicyCompliant").getReason()).isEqualTo("PolicyViolation");
    assertThat(condition(uai, "Ready").getMessage())
        .contains("workloadIdentity.serviceAccountNamespaces")
        .contains("team-payments");
    assertThat(credentials.of(REF)).isEmpty();
    assertThat(azure.writes()).isEmpty();
    assertThat(Stream.of(serviceAccounts.writes).flatMap(List::stream)).isEmpty();
  }

  @Test
  void anotherNamespaceAllowedByAPolicyIsWired() {
    serviceAccounts.add("team-payments", "api", Map.of());
    policies.add(
        "shared-accounts",
        "{namespaces: ["
            + NS
            + "], workloadIdentity: {serviceAccountNamespaces: [team-payments]}}");
    var elsewhere = new ServiceAccountSpec("api");
    elsewhere.setNamespace("team-payments");

    var uai = wiredTo(elsewhere);
    reconcile(uai);

    assertThat(condition(uai, "PolicyCompliant").getMessage())
        .contains("IdentityPolicy \"shared-accounts\"");
    assertThat(subjects()).containsExactly("system:serviceaccount:team-payments:api");
    assertThat(serviceAccounts.of("team-payments", "api")).containsKey(CLIENT_ID);
  }

  @Test
  void deletionRemovesTheAnnotationsThatStillNameTheIdentity() {
    serviceAccounts.add(NS, "api", Map.of());
    var uai = wiredTo(new ServiceAccountSpec("api"));
    reconcile(uai);

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();

    assertThat(serviceAccounts.of(NS, "api")).doesNotContainKeys(CLIENT_ID, TENANT_ID);
    assertThat(azure.find(REF)).isEmpty();
  }

  @Test
  void moreCredentialsAltogetherThanAzureAllowsAreRefusedBeforeAnyWrite() {
    var accounts = new ServiceAccountSpec[21];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = new ServiceAccountSpec("sa-" + i);
    }
    var uai = wiredTo(accounts);

    reconcile(uai);

    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("make 21 federated credentials; Azure allows 20 per identity");
    assertThat(credentials.writes).isEmpty();
    assertThat(serviceAccounts.writes).isEmpty();
  }
}
