package dev.operators.identity.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ServiceAccountPort} on the API server: annotations are written with a JSON merge patch of
 * {@code metadata.annotations} alone, so nothing else of the ServiceAccount is touched.
 */
public final class KubernetesServiceAccounts implements ServiceAccountPort {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  public KubernetesServiceAccounts(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Map<String, String>> annotations(String namespace, String name) {
    ServiceAccount account = client.serviceAccounts().inNamespace(namespace).withName(name).get();
    if (account == null) {
      return Optional.empty();
    }
    Map<String, String> annotations = account.getMetadata().getAnnotations();
    return Optional.of(annotations == null ? Map.of() : Map.copyOf(annotations));
  }

  @Override
  public void create(
      String namespace, String name, Map<String, String> annotations, UserAssignedIdentity owner) {
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withAnnotations(annotations)
                .withOwnerReferences(OwnerReferences.controlledBy(owner))
                .endMetadata()
                .build())
        .create();
  }

  @Override
  public void annotate(String namespace, String name, Map<String, String> annotations) {
    // A JSON merge patch: a null value removes the annotation (Jackson keeps nulls in maps).
    Map<String, Object> patch =
        Map.of("metadata", Map.of("annotations", new LinkedHashMap<>(annotations)));
    String body;
    try {
      body = JSON.writeValueAsString(patch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("annotations are strings", e);
    }
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), body);
  }
}
