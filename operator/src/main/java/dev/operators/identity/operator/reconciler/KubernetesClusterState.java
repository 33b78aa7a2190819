package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * {@link ClusterState} read from the API server: the chart grants get on this one CRD, and on
 * namespaces (the watched ones, or all).
 */
public final class KubernetesClusterState implements ClusterState {

  /** The CRD's name: plural.group. */
  public static final String CRD_NAME = "userassignedidentities." + UserAssignedIdentity.GROUP;

  private final KubernetesClient client;

  public KubernetesClusterState(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean crdTerminating() {
    return terminating(
        "the CustomResourceDefinition " + CRD_NAME,
        () -> client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get());
  }

  @Override
  public boolean namespaceTerminating(String namespace) {
    return terminating(
        "the namespace " + namespace, () -> client.namespaces().withName(namespace).get());
  }

  private static boolean terminating(String what, Supplier<? extends HasMetadata> read) {
    try {
      HasMetadata object = read.get();
      return object == null || object.getMetadata().getDeletionTimestamp() != null;
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot read "
              + what
              + " (HTTP "
              + e.getCode()
              + "); the operator needs get on it to tell a cascade from a user's deletion",
          e);
    }
  }
}
