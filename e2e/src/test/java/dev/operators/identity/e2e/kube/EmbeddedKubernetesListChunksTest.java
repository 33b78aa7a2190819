package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lists in chunks ({@code limit}, {@code continue}) as the API server serves them: in key order,
 * every chunk from the first one's snapshot, a count of what remains, 410 for an expired token.
 */
class EmbeddedKubernetesListChunksTest extends EmbeddedKubernetesFixture {

  private static final String NS = "chunks";

  private static ListOptions limit(long limit, String next) {
    return new ListOptionsBuilder().withLimit(limit).withContinue(next).build();
  }

  private static List<String> names(KubernetesResourceList<UserAssignedIdentity> list) {
    return list.getItems().stream().map(r -> r.getMetadata().getName()).toList();
  }

  @Test
  void aListIsServedInChunksOfOneSnapshotWhateverIsWrittenBetweenThem() {
    kube.client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    var identities = kube.client().resources(UserAssignedIdentity.class).inNamespace(NS);
    for (int i = 6; i >= 0; i--) {
      identities.resource(EmbeddedKubernetesClientTest.identity(NS, "id-" + i, "westus")).create();
    }

    var first = identities.list(limit(3, null));
    assertThat(names(first)).containsExactly("id-0", "id-1", "id-2");
    assertThat(first.getMetadata().getContinue()).isNotBlank();
    assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(4L);

    // written between the chunks: not in this list, which is one snapshot
    identities.withName("id-4").delete();
    identities.resource(EmbeddedKubernetesClientTest.identity(NS, "id-9", "westus")).create();

    var second = identities.list(limit(3, first.getMetadata().getContinue()));
    assertThat(names(second)).containsExactly("id-3", "id-4", "id-5");
    assertThat(second.getMetadata().getRemainingItemCount()).isEqualTo(1L);
    var last = identities.list(limit(3, second.getMetadata().getContinue()));
    assertThat(names(last)).containsExactly("id-6");
    assertThat(last.getMetadata().getContinue()).isNull();
    assertThat(last.getMetadata().getRemainingItemCount()).isNull();
    assertThat(List.of(second, last))
        .allSatisfy(
            page ->
                assertThat(page.getMetadata().getResourceVersion())
                    .isEqualTo(first.getMetadata().getResourceVersion()));

    // a new list sees the writes; without a limit, in one answer
    var fresh = identities.list();
    assertThat(names(fresh))
        .containsExactlyInAnyOrder("id-0", "id-1", "id-2", "id-3", "id-5", "id-6", "id-9");
    assertThat(fresh.getMetadata().getContinue()).isNull();

    // with a label selector the server does not count what remains
    var selected = identities.withLabelSelector("!missing").list(limit(2, null));
    assertThat(selected.getItems()).hasSize(2);
    assertThat(selected.getMetadata().getContinue()).isNotBlank();
    assertThat(selected.getMetadata().getRemainingItemCount()).isNull();
  }

  @Test
  void aContinueTokenNotServedAnyMoreIsExpiredAndOneThatIsNoTokenIsABadRequest() {
    var identities = kube.client().resources(UserAssignedIdentity.class).inNamespace("team-a");
    String unknown =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "00000000-0000-0000-0000-000000000000|3".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> identities.list(limit(3, unknown)))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(410);
              assertThat(e.getStatus().getReason()).isEqualTo("Expired");
            });
    assertThatThrownBy(() -> identities.list(limit(3, "not a token")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }
}
