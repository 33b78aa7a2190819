package dev.operators.identity.operator.reconciler;

import static dev.operators.identity.operator.reconciler.InMemoryAuthorization.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.FederatedCredential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederatedCredentialsReconcilerTest extends ReconcilerFixture {

  static final String ISSUER = "https://oidc.prod-aks.azure.com/tenant/cluster/";

  UserAssignedIdentity withCredentials(String... serviceAccounts) {
    var uai = resource("orders-api");
    List<FederatedCredentialSpec> specs = new ArrayList<>();
    for (String sa : serviceAccounts) {
      specs.add(new FederatedCredentialSpec(ISSUER, "system:serviceaccount:team-orders:" + sa));
    }
    uai.getSpec().setFederatedCredentials(specs);
    return uai;
  }

  List<String> subjects() {
    return credentials.of(REF).values().stream()
        .map(FederatedCredential::subject)
        .sorted()
        .toList();
  }

  @Test
  void declaredCredentialsAreCreatedOneAtATimeAndASecondPassWritesNothing() {
    var uai = withCredentials("api", "worker");

    reconcile(uai);

    assertThat(subjects())
        .containsExactly(
            "system:serviceaccount:team-orders:api", "system:serviceaccount:team-orders:worker");
    assertThat(uai.getStatus().getFederatedCredentials())
        .extracting(e -> e.getState())
        .containsExactly(State.Ready, State.Ready);
    assertThat(condition(uai, "FederatedCredentialsReady").getStatus()).isEqualTo("True");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(events.reasons())
        .filteredOn(r -> r.endsWith("FederatedCredentialCreated"))
        .hasSize(2);

    credentials.writes.clear();
    reconcile(uai);
    assertThat(credentials.writes).isEmpty();
  }

  @Test
  void aCredentialLeavingTheSpecIsDeletedAndOneDeletedOutOfBandIsRecreated() {
    var uai = withCredentials("api", "worker");
    reconcile(uai);

    uai.getSpec().setFederatedCredentials(uai.getSpec().getFederatedCredentials().subList(0, 1));
    reconcile(uai);
    assertThat(subjects()).containsExactly("system:serviceaccount:team-orders:api");

    credentials.of(REF).clear();
    reconcile(uai);
    assertThat(subjects()).containsExactly("system:serviceaccount:team-orders:api");
  }

  @Test
  void anotherWritersConcurrentWriteIsRetriedAndVisibleMeanwhile() {
    var uai = withCredentials("api", "worker");
    credentials.failOn(
        "put",
        error(409, AzureFailures.CONCURRENT_FIC_CODE, "Too many Federated Identity Credentials"));

    var first = reconcile(uai);

    assertThat(uai.getStatus().getFederatedCredentials())
        .extracting(e -> e.getState())
        .containsExactly(State.Pending, State.Pending);
    assertThat(uai.getStatus().getFederatedCredentials().get(1).getMessage())
        .startsWith("waits for an earlier write");
    assertThat(condition(uai, "FederatedCredentialsReady").getReason())
        .isEqualTo("FederatedCredentialsPending");
    assertThat(condition(uai, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(first.getScheduleDelay())
        .hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(5000L));
    assertThat(credentials.writes).hasSize(1);

    reconcile(uai);
    assertThat(subjects()).hasSize(2);
    assertThat(condition(uai, "FederatedCredentialsReady").getStatus()).isEqualTo("True");
  }

  @Test
  void aFailedListingDeletesNothing() {
    var uai = withCredentials("api");
    reconcile(uai);
    credentials.addOutOfBand(
        REF, new FederatedCredential("by-hand", ISSUER, "system:serviceaccount:x:y", List.of()));
    credentials.failOn("list", error(503, "ServiceUnavailable", "later"));

    reconcile(uai);

    assertThat(credentials.of(REF)).containsKey("by-hand");
    assertThat(condition(uai, "FederatedCredentialsReady").getReason())
        .isEqualTo("FederatedCredentialsPending");

    reconcile(uai);
    assertThat(credentials.of(REF)).doesNotContainKey("by-hand");
  }

  @Test
  void aRefusalIsFailedWithAzuresMessageAndOneWarning() {
    var uai = withCredentials("api");
    credentials.failOn("put", error(400, "BadRequest", "Audience is not valid"));
    reconcile(uai);
    credentials.failOn("put", error(400, "BadRequest", "Audience is not valid"));
    reconcile(uai);

    var entry = uai.getStatus().getFederatedCredentials().get(0);
    assertThat(entry.getState()).isEqualTo(State.Failed);
    assertThat(entry.getMessage()).contains("BadRequest").contains("Audience is not valid");
    assertThat(condition(uai, "FederatedCredentialsReady").getReason())
        .isEqualTo("FederatedCredentialsFailed");
    assertThat(condition(uai, "Stalled").getStatus()).isEqualTo("True");
    assertThat(events.reasons())
        .filteredOn(r -> r.equals("Warning FederatedCredentialFailed"))
        .hasSize(1);

    reconcile(uai);
    assertThat(uai.getStatus().getFederatedCredentials().get(0).getState()).isEqualTo(State.Ready);
  }

  @Test
  void anInvalidCredentialIsRefusedByTheValidatorBeforeAnyWrite() {
    var uai = withCredentials("api");
    uai.getSpec().getFederatedCredentials().get(0).setIssuer("http://not-https.example");

    reconcile(uai);

    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains(
            "spec.federatedCredentials[0].issuer 'http://not-https.example' is not an https URL");
    assertThat(credentials.writes).isEmpty();
  }
}
