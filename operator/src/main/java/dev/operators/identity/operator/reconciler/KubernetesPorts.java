package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.policy.KubernetesPolicyCatalog;
import dev.operators.identity.operator.policy.PolicyCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * What the reconciler reads from and writes to the cluster besides its own resource: one value to
 * wire production and tests, as {@code AzurePorts} is for Azure.
 */
public record KubernetesPorts(
    ClusterState cluster,
    StatusWriter status,
    ServiceAccountPort serviceAccounts,
    ConfigMapPort configMaps,
    PolicyCatalog policies) {

  /** The ports on the API server; {@code allNamespaces}: every namespace is watched. */
  public static KubernetesPorts on(KubernetesClient client, boolean allNamespaces) {
    return new KubernetesPorts(
        new KubernetesClusterState(client),
        new KubernetesStatusWriter(client),
        new KubernetesServiceAccounts(client),
        new KubernetesConfigMaps(client),
        new KubernetesPolicyCatalog(client, Clock.systemUTC(), allNamespaces));
  }
}
