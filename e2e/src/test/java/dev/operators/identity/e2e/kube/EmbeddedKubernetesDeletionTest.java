package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deletion as a real cluster carries it out (../shared/KUBERNETES-FACTS.md, "Deletion"): a
 * namespace and a CRD take their objects with them, each object's finalizers honoured, and owned
 * objects follow their owner. Each test uses its own embedded API, since one deletes the CRD.
 */
class EmbeddedKubernetesDeletionTest {

  private static EmbeddedKubernetes start() {
    return EmbeddedKubernetes.builder()
        .crdResource(EmbeddedKubernetesFixture.CRD_RESOURCE)
        .namespace("team-a", "team-b")
        .start();
  }

  private static UserAssignedIdentity identity(
      String namespace, String name, String... finalizers) {
    UserAssignedIdentity uai = EmbeddedKubernetesClientTest.identity(namespace, name, "eastus");
    uai.getMetadata().setFinalizers(List.of(finalizers));
    return uai;
  }

  @Test
  void deletingANamespaceDeletesItsObjectsHonouringFinalizersThenTheNamespace() {
    try (EmbeddedKubernetes kube = start()) {
      var client = kube.client();
      client.resource(identity("team-a", "held", "identity.operators.dev/finalizer")).create();
      client.resource(identity("team-a", "free")).create();
      client.resource(identity("team-b", "elsewhere")).create();

      client.namespaces().withName("team-a").delete();

      Namespace terminating = client.namespaces().withName("team-a").get();
      assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
      var identities = client.resources(UserAssignedIdentity.class);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> identities.inNamespace("team-a").withName("free").get() == null);
      UserAssignedIdentity held = identities.inNamespace("team-a").withName("held").get();
      assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(client.namespaces().withName("team-a").get()).isNotNull();

      identities
          .inNamespace("team-a")
          .withName("held")
          .edit(
              u -> {
                u.getMetadata().setFinalizers(List.of());
                return u;
              });

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> client.namespaces().withName("team-a").get() == null);
      assertThat(identities.inNamespace("team-b").withName("elsewhere").get()).isNotNull();
    }
  }

  @Test
  void deletingTheCrdDeletesEveryCustomResourceThroughItsFinalizersFirst() {
    try (EmbeddedKubernetes kube = start()) {
      var client = kube.client();
      client.resource(identity("team-a", "one", "identity.operators.dev/finalizer")).create();
      client.resource(identity("team-b", "two")).create();
      CustomResourceDefinition crd = kube.crds().get(0);

      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .delete();

      var identities = client.resources(UserAssignedIdentity.class);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> identities.inNamespace("team-b").withName("two").get() == null);
      // the operator would now see a deletion: the finalizer holds the object and the CRD
      assertThat(
              identities
                  .inNamespace("team-a")
                  .withName("one")
                  .get()
                  .getMetadata()
                  .getDeletionTimestamp())
          .isNotNull();
      var stored =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName());
      assertThat(stored.get().getStatus().getConditions())
          .anyMatch(c -> c.getType().equals("Terminating") && c.getStatus().equals("True"));

      identities
          .inNamespace("team-a")
          .withName("one")
          .edit(
              u -> {
                u.getMetadata().setFinalizers(List.of());
                return u;
              });
      await().atMost(Duration.ofSeconds(5)).until(() -> stored.get() == null);
    }
  }

  @Test
  void ownedObjectsAreGarbageCollectedWithTheirOwner() {
    try (EmbeddedKubernetes kube = start()) {
      var client = kube.client();
      UserAssignedIdentity owner = client.resource(identity("team-a", "owner")).create();
      ConfigMap owned =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("owned")
              .withNamespace("team-a")
              .addNewOwnerReference()
              .withApiVersion("identity.operators.dev/v1alpha1")
              .withKind("UserAssignedIdentity")
              .withName("owner")
              .withUid(owner.getMetadata().getUid())
              .endOwnerReference()
              .endMetadata()
              .build();
      client.resource(owned).create();
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("alone")
                  .withNamespace("team-a")
                  .endMetadata()
                  .build())
          .create();

      client.resource(owner).delete();

      var configMaps = client.configMaps().inNamespace("team-a");
      await().atMost(Duration.ofSeconds(5)).until(() -> configMaps.withName("owned").get() == null);
      assertThat(configMaps.withName("alone").get()).isNotNull();
    }
  }
}
