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
 * Policies from an informer (one watch, started on first use) and namespace labels by GET (the
 * chart grants get on the watched namespaces). A cluster without the IdentityPolicy CRD (Helm does
 * not upgrade CRDs) has no policy, so the operator's default applies; the CRD is looked for again
 * once a minute.
 */
public final class KubernetesPolicyCatalog implements PolicyCatalog, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesPolicyCatalog.class);
  private static final Duration RETRY_MISSING_CRD = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final Clock clock;
  private SharedIndexInformer<IdentityPolicy> informer;
  private Instant crdMissingUntil = Instant.MIN;

  public KubernetesPolicyCatalog(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
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
      Namespace found = client.namespaces().withName(namespace).get();
      return Optional.ofNullable(found)
          .map(n -> n.getMetadata().getLabels())
          .map(Map::copyOf)
          .orElse(Map.of());
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot read the labels of namespace " + namespace + " (HTTP " + e.getCode() + ")", e);
    }
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
