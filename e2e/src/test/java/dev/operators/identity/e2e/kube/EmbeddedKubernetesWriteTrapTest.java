package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crash tests' write trap: the k-th status write runs an action before or after applying. */
class EmbeddedKubernetesWriteTrapTest extends EmbeddedKubernetesFixture {

  private static final String PATH =
      "/apis/identity.operators.dev/v1alpha1/namespaces/team-a/userassignedidentities/";

  private final AtomicInteger actions = new AtomicInteger();

  @AfterEach
  void resetTrap() {
    kube.writeTrap().reset();
  }

  private Resource<UserAssignedIdentity> created(String name) {
    kube.client()
        .resource(EmbeddedKubernetesClientTest.identity("team-a", name, "eastus"))
        .create();
    return kube.client().resources(UserAssignedIdentity.class).inNamespace("team-a").withName(name);
  }

  private static void patchClientId(Resource<UserAssignedIdentity> resource, String clientId) {
    UserAssignedIdentity current = resource.get();
    UserAssignedIdentityStatus status = new UserAssignedIdentityStatus();
    status.setClientId(clientId);
    current.setStatus(status);
    kube.client().resource(current).patchStatus();
  }

  private static String clientId(Resource<UserAssignedIdentity> resource) {
    UserAssignedIdentityStatus status = resource.get().getStatus();
    return status == null ? null : status.getClientId();
  }

  @Test
  void aWriteTrappedBeforeItIsAppliedIsRefusedAndNotApplied() {
    Resource<UserAssignedIdentity> resource = created("trapped-before");
    kube.writeTrap()
        .arm(
            "PATCH",
            PATH + "trapped-before/status",
            2,
            WriteTrap.Moment.BEFORE_APPLIED,
            actions::incrementAndGet);

    patchClientId(resource, "first");
    assertThat(actions).hasValue(0);
    assertThat(kube.writeTrap().armed()).isTrue();
    assertThatThrownBy(() -> patchClientId(resource, "second"))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(503));

    assertThat(actions).hasValue(1);
    assertThat(kube.writeTrap().armed()).isFalse();
    assertThat(clientId(resource)).isEqualTo("first");
    // it goes off once
    patchClientId(resource, "third");
    assertThat(clientId(resource)).isEqualTo("third");
    assertThat(actions).hasValue(1);
    assertThat(kube.writeTrap().writes())
        .filteredOn(w -> w.endsWith("trapped-before/status"))
        .containsExactly(
            "PATCH " + PATH + "trapped-before/status",
            "PATCH " + PATH + "trapped-before/status",
            "PATCH " + PATH + "trapped-before/status");
  }

  @Test
  void aWriteTrappedAfterItIsAppliedIsAppliedThenAnswered() {
    Resource<UserAssignedIdentity> resource = created("trapped-after");
    kube.writeTrap()
        .arm(
            "PATCH",
            PATH + "trapped-after/status",
            1,
            WriteTrap.Moment.AFTER_APPLIED,
            actions::incrementAndGet);

    patchClientId(resource, "applied");

    assertThat(actions).hasValue(1);
    assertThat(clientId(resource)).isEqualTo("applied");
  }

  @Test
  void writesToOtherPathsOrWithOtherMethodsPassUntouched() {
    Resource<UserAssignedIdentity> resource = created("untouched");
    kube.writeTrap()
        .arm(
            "PUT",
            PATH + "untouched/status",
            1,
            WriteTrap.Moment.BEFORE_APPLIED,
            actions::incrementAndGet);

    patchClientId(resource, "patched");
    resource.edit(
        r -> {
          r.getSpec().setLocation("westeurope");
          return r;
        });

    assertThat(actions).hasValue(0);
    assertThat(clientId(resource)).isEqualTo("patched");
    assertThat(kube.writeTrap().writes())
        .contains("PATCH " + PATH + "untouched/status", "PATCH " + PATH + "untouched");
  }
}
