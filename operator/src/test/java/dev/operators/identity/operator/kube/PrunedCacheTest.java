package dev.operators.identity.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import org.junit.jupiter.api.Test;

/** The operator's cache of identities keeps everything but the managed fields. */
class PrunedCacheTest {

  private static final String WITH_MANAGED_FIELDS =
      """
      {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "UserAssignedIdentity",
       "metadata": {"name": "orders", "namespace": "team-a", "resourceVersion": "42",
                    "uid": "0b2f3c4d-0000-0000-0000-000000000001", "generation": 3,
                    "labels": {"team": "a"},
                    "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"},
                    "finalizers": ["userassignedidentities.identity.operators.dev/finalizer"],
                    "managedFields": [
                      {"manager": "kubectl", "operation": "Apply",
                       "apiVersion": "identity.operators.dev/v1alpha1", "fieldsType": "FieldsV1",
                       "fieldsV1": {"f:spec": {"f:location": {}}}},
                      {"manager": "azure-identity-operator", "operation": "Update",
                       "subresource": "status", "fieldsType": "FieldsV1",
                       "fieldsV1": {"f:status": {"f:conditions": {}}}}]},
       "spec": {"resourceGroup": "rg-orders", "location": "eastus"},
       "status": {"principalId": "p-1"}}
      """;

  @Test
  void anIdentityIsCachedWithoutItsManagedFieldsAndWithEverythingElse() {
    var serialization = OperatorClients.serialization();
    UserAssignedIdentity read =
        serialization.unmarshal(WITH_MANAGED_FIELDS, UserAssignedIdentity.class);
    String expected = serialization.asJson(withoutManagedFields(read));
    ItemStore<UserAssignedIdentity> store = PrunedCache.withoutManagedFields();

    store.put(
        store.getKey(read),
        serialization.unmarshal(WITH_MANAGED_FIELDS, UserAssignedIdentity.class));

    UserAssignedIdentity cached = store.get("team-a/orders");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(serialization.asJson(cached)).isEqualTo(expected);
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/last-applied-configuration");
    assertThat(store.size()).isEqualTo(1);
  }

  private static UserAssignedIdentity withoutManagedFields(UserAssignedIdentity read) {
    assertThat(read.getMetadata().getManagedFields()).hasSize(2);
    var copy = OperatorClients.serialization().clone(read);
    copy.getMetadata().setManagedFields(null);
    return copy;
  }
}
