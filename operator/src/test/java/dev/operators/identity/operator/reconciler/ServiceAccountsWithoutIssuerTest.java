package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus.State;
import dev.operators.identity.api.v1alpha1.WorkloadIdentitySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An operator that knows no OIDC issuer wires nothing, and says how to fix it. */
class ServiceAccountsWithoutIssuerTest extends ReconcilerFixture {

  @Override
  Optional<String> oidcIssuer() {
    return Optional.empty();
  }

  @Test
  void serviceAccountsAreRefusedNamingTheSettingThatIsMissing() {
    serviceAccounts.add("team-orders", "api", Map.of());
    var uai = resource("orders-api");
    var workload = new WorkloadIdentitySpec();
    workload.setServiceAccounts(List.of(new ServiceAccountSpec("api")));
    uai.getSpec().setWorkloadIdentity(workload);

    reconcile(uai);

    var entry = uai.getStatus().getServiceAccounts().get(0);
    assertThat(entry.getState()).isEqualTo(State.Refused);
    assertThat(entry.getMessage()).contains("OPERATOR_OIDC_ISSUER").contains("oidcIssuer");
    assertThat(serviceAccounts.writes).isEmpty();
    assertThat(credentials.of(REF)).isEmpty();
  }
}
