package dev.operators.identity.operator.regional;

import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.reconciler.OwnerReferences;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** The set's regional identities on the API server. */
final class KubernetesRegionalChildren implements RegionalChildren {

  private final KubernetesClient client;

  KubernetesRegionalChildren(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean create(RegionalIdentitySet set, UserAssignedIdentity desired) {
    try {
      client.resource(desired).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    UserAssignedIdentity existing = named(desired).get();
    if (existing == null || !OwnerReferences.isControlledBy(existing, set)) {
      return existing == null && create(set, desired);
    }
    update(desired);
    return true;
  }

  @Override
  public void update(UserAssignedIdentity desired) {
    named(desired)
        .edit(
            current -> {
              current.setSpec(desired.getSpec());
              var labels =
                  current.getMetadata().getLabels() == null
                      ? new HashMap<String, String>()
                      : new HashMap<>(current.getMetadata().getLabels());
              labels.putAll(desired.getMetadata().getLabels());
              current.getMetadata().setLabels(labels);
              // the set's reference replaces any other controller; owners added by others stay
              List<OwnerReference> owners =
                  new ArrayList<>(desired.getMetadata().getOwnerReferences());
              current.getMetadata().getOwnerReferences().stream()
                  .filter(r -> !Boolean.TRUE.equals(r.getController()))
                  .forEach(owners::add);
              current.getMetadata().setOwnerReferences(owners);
              return current;
            });
  }

  @Override
  public void delete(UserAssignedIdentity child) {
    named(child).delete();
  }

  private Resource<UserAssignedIdentity> named(UserAssignedIdentity child) {
    return client
        .resources(UserAssignedIdentity.class)
        .inNamespace(child.getMetadata().getNamespace())
        .withName(child.getMetadata().getName());
  }
}
