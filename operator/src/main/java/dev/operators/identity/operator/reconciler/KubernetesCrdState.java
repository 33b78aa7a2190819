package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** {@link CrdState} read from the API server (the chart grants get on this one CRD). */
public final class KubernetesCrdState implements CrdState {

  /** The CRD's name: plural.group. */
  public static final String CRD_NAME = "userassignedidentities." + UserAssignedIdentity.GROUP;

  private final KubernetesClient client;

  public KubernetesCrdState(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean terminating() {
    try {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get();
      return crd == null || crd.getMetadata().getDeletionTimestamp() != null;
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot read the CustomResourceDefinition "
              + CRD_NAME
              + " (HTTP "
              + e.getCode()
              + "); the operator needs get on it to tell a CRD deletion from a user's",
          e);
    }
  }
}
