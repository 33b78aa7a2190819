package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies from an informer (one watch, started on first use); namespace labels from an informer
 * too when every namespace is watched (the chart then grants list and watch on namespaces), else by
 * GET of the watched namespace (get by name). Informers keep the admission webhook from calling the
 * API server while it reviews a write. A cluster without the IdentityPolicy CRD (Helm does not
 * upgrade CRDs) has no policy, so the operator's default applies; the CRD is looked for again once
 * a minute.
 */
public final class KubernetesPolicyCatalog implements PolicyCatalog, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesPolicyCatalog.class);
  private static final Duration RETRY_MISSING_CRD = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final Clock clock;
  private final boolean allNamespaces;
  private SharedIndexInformer<IdentityPolicy> informer;
  private SharedIndexInformer<Namespace> namespaces;
  private Instant crdMissingUntil = Instant.MIN;

  /** {@code allNamespaces}: every namespace is watched (namespace labels from an informer). */
  public KubernetesPolicyCatalog(KubernetesClient client, Clock clock, boolean allNamespaces) {
    this.client = client;
    this.clock = clock;
    this.allNamespaces = allNamespaces;
  }

  @Override
  public synchronized List<IdentityPolicy> policies() {
    if (informer == null && clock.instant().isBefore(crdMissingUntil)) {
      return List.of();
    }
    if (informer == null) {
      try {
        informer = client.resources(IdentityPolicy.class).inform();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          LOG.warn(
              "the IdentityPolicy CRD is not installed: no policy exists, the operator's default"
                  + " applies (install crds/identitypolicies.identity.operators.dev-v1.yml)");
          crdMissingUntil = clock.instant().plus(RETRY_MISSING_CRD);
          return List.of();
        }
        throw new IllegalStateException(
            "cannot read IdentityPolicies (HTTP " + e.getCode() + "): " + e.getMessage(), e);
      }
    }
    return List.copyOf(informer.getStore().list());
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    try {
      Namespace found =
          allNamespaces
              ? namespaceInformer().getStore().getByKey(namespace)
              : client.namespaces().withName(namespace).get();
      return Optional.ofNullable(found)
          .map(n -> n.getMetadata().getLabels())
          .map(Map::copyOf)
          .orElse(Map.of());
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot read the labels of namespace " + namespace + " (HTTP " + e.getCode() + ")", e);
    }
  }

  private synchronized SharedIndexInformer<Namespace> namespaceInformer() {
    if (namespaces == null) {
      namespaces = client.namespaces().inform();
    }
    return namespaces;
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
    }
    if (namespaces != null) {
      namespaces.close();
    }
  }
}
