package dev.operators.identity.operator.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Kubernetes client the operator runs with: Fabric8's, configured as usual (kubeconfig, the
 * in-cluster service account, or what the caller sets on the builder), whose serialization shares
 * the strings of what it reads ({@link SharedStrings}), so that the informers' caches of thousands
 * of resources hold each repeated value once.
 */
public final class OperatorClients {

  private OperatorClients() {}

  /** A client builder for the operator; the caller may add a config before building. */
  public static KubernetesClientBuilder builder() {
    return new KubernetesClientBuilder().withKubernetesSerialization(serialization());
  }

  /** Fabric8's serialization (its modules and settings) with {@link SharedStrings} added. */
  public static KubernetesSerialization serialization() {
    return new KubernetesSerialization(
        new ObjectMapper().registerModule(SharedStrings.module()), true);
  }
}
