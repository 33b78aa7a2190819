package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link StatusWriter} on the status subresource (the chart grants patch on it). */
public final class KubernetesStatusWriter implements StatusWriter {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesStatusWriter.class);

  private final KubernetesClient client;

  public KubernetesStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void writeStatus(UserAssignedIdentity resource) {
    try {
      client.resource(resource).patchStatus();
    } catch (KubernetesClientException e) {
      // The deletion is retried regardless; the next attempt writes the status again.
      LOG.warn(
          "status not written namespace={} name={}: {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
