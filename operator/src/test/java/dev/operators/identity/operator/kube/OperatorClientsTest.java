package dev.operators.identity.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * The operator's client reads resources as Fabric8 does, with every repeated string one instance:
 * in the spec (read by its tolerant deserializer), the status and the metadata.
 */
class OperatorClientsTest {

  private static final String SCOPE =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-orders";

  private static String identity(String name, String principalId) {
    return """
        {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "UserAssignedIdentity",
         "metadata": {"name": "%s", "namespace": "orders",
                      "finalizers": ["userassignedidentities.identity.operators.dev/finalizer"]},
         "spec": {"resourceGroup": "rg-orders", "location": "eastus", "tags": {"team": "orders"},
                  "roleAssignments": [{"role": "Reader", "scope": "%s"}],
                  "fieldOfANewerVersion": "ignored"},
         "status": {"principalId": "%s",
                    "conditions": [{"type": "Ready", "status": "True", "reason": "Reconciled",
                                    "message": "Azure matches the spec",
                                    "lastTransitionTime": "2026-12-02T00:50:15Z"}]}}
        """
        .formatted(name, SCOPE, principalId);
  }

  private final KubernetesSerialization shared = OperatorClients.serialization();

  @Test
  void twoResourcesReadByTheOperatorShareEveryStringTheyHaveInCommon() {
    var a = shared.unmarshal(identity("a", "p-1"), UserAssignedIdentity.class);
    var b = shared.unmarshal(identity("b", "p-2"), UserAssignedIdentity.class);

    assertThat(b.getSpec().getRoleAssignments().get(0).getScope())
        .isSameAs(a.getSpec().getRoleAssignments().get(0).getScope());
    assertThat(b.getSpec().getLocation()).isSameAs(a.getSpec().getLocation());
    assertThat(b.getSpec().getTags().get("team")).isSameAs(a.getSpec().getTags().get("team"));
    var conditionA = a.getStatus().getConditions().get(0);
    var conditionB = b.getStatus().getConditions().get(0);
    assertThat(conditionB.getMessage()).isSameAs(conditionA.getMessage());
    assertThat(conditionB.getLastTransitionTime()).isSameAs(conditionA.getLastTransitionTime());
    assertThat(b.getMetadata().getNamespace()).isSameAs(a.getMetadata().getNamespace());
    assertThat(b.getMetadata().getFinalizers().get(0))
        .isSameAs(a.getMetadata().getFinalizers().get(0));
    assertThat(b.getStatus().getPrincipalId()).isEqualTo("p-2");
  }

  @Test
  void whatIsReadIsWhatFabric8ReadsWithoutSharing() {
    var plain = new KubernetesSerialization();
    String json = identity("a", "p-1");
    var ours = shared.unmarshal(json, UserAssignedIdentity.class);
    var theirs = plain.unmarshal(json, UserAssignedIdentity.class);

    assertThat(shared.asJson(ours)).isEqualTo(plain.asJson(theirs));
    assertThat(ours.getSpec().readProblem()).isEmpty();
    // Fabric8 alone makes a copy of each string per resource: what sharing saves
    var other = plain.unmarshal(identity("b", "p-2"), UserAssignedIdentity.class);
    assertThat(other.getSpec().getLocation()).isNotSameAs(theirs.getSpec().getLocation());
  }

  @Test
  void aSpecOfTheWrongShapeIsStillReadAsUnreadableWithTheProblemNamed() {
    String json =
        identity("a", "p-1")
            .replace("\"roleAssignments\": [", "\"roleAssignments\": \"x\", \"_\": [");
    var uai = shared.unmarshal(json, UserAssignedIdentity.class);

    assertThat(uai.getSpec().readProblem())
        .hasValue(
            "spec.roleAssignments cannot be read: it holds a string where the API wants another"
                + " type");
    assertThat(uai.getStatus().getPrincipalId()).isEqualTo("p-1");
  }
}
