package dev.operators.identity.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.e2e.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy reconciler's view of the estate, read from the API server in chunks: every identity of
 * the watched namespaces once, however many chunks it takes (the embedded API chunks as the real
 * one does).
 */
class WatchedIdentitiesInChunksTest {

  private static EmbeddedKubernetes kube;

  @BeforeAll
  static void start() {
    kube =
        EmbeddedKubernetes.builder()
            .crdResource("META-INF/fabric8/userassignedidentities.identity.operators.dev-v1.yml")
            .namespace("team-a", "team-b", "team-c")
            .start();
    for (String ns : List.of("team-a", "team-b", "team-c")) {
      for (int i = 0; i < 5; i++) {
        UserAssignedIdentity uai = new UserAssignedIdentity();
        uai.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName("id-" + i).build());
        UserAssignedIdentitySpec spec = new UserAssignedIdentitySpec();
        spec.setResourceGroup("rg-1");
        spec.setLocation("westus");
        uai.setSpec(spec);
        kube.client().resource(uai).create();
      }
    }
  }

  @AfterAll
  static void stop() {
    kube.close();
  }

  private static List<String> visited(Set<String> namespaces, long chunk) {
    List<String> seen = new ArrayList<>();
    KindRegistrations.watchedIdentities(
        kube.client(),
        namespaces,
        chunk,
        r -> seen.add(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()));
    return seen;
  }

  @Test
  void everyWatchedIdentityIsVisitedOnceWhateverTheChunk() {
    for (long chunk : new long[] {1, 2, 4, 15, 500}) {
      assertThat(visited(Set.of(), chunk)).hasSize(15).doesNotHaveDuplicates();
      assertThat(visited(Set.of("team-a", "team-c"), chunk))
          .hasSize(10)
          .doesNotHaveDuplicates()
          .allMatch(key -> !key.startsWith("team-b/"));
    }
  }
}
