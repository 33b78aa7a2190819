package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EmbeddedKubernetes} through the Fabric8 client, the way the operator uses it. */
class EmbeddedKubernetesClientTest extends EmbeddedKubernetesFixture {

  static UserAssignedIdentity identity(String namespace, String name, String location) {
    UserAssignedIdentity uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    UserAssignedIdentitySpec spec = new UserAssignedIdentitySpec();
    spec.setResourceGroup("rg-1");
    spec.setLocation(location);
    uai.setSpec(spec);
    return uai;
  }

  private static MixedOperation<
          UserAssignedIdentity,
          KubernetesResourceList<UserAssignedIdentity>,
          Resource<UserAssignedIdentity>>
      identities() {
    return kube.client().resources(UserAssignedIdentity.class);
  }

  @Test
  void installsTheCrdAndTheNamespaces() {
    assertThat(kube.crds())
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactly("userassignedidentities.identity.operators.dev");
    assertThat(kube.client().namespaces().list().getItems())
        .extracting(ns -> ns.getMetadata().getName())
        .contains("default", "team-a");
    assertThat(kube.url()).isEqualTo("http://127.0.0.1:" + kube.port());
  }

  @Test
  void createNamespaceIsIdempotent() {
    kube.createNamespace("twice");
    kube.createNamespace("twice");
    assertThat(kube.client().namespaces().withName("twice").get().getStatus().getPhase())
        .isEqualTo("Active");
  }

  @Test
  void createGetListUpdateDelete() {
    UserAssignedIdentity created =
        identities().resource(identity("team-a", "crud", "westeurope")).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    UserAssignedIdentity fetched = identities().inNamespace("team-a").withName("crud").get();
    assertThat(fetched.getSpec().getLocation()).isEqualTo("westeurope");
    assertThat(identities().inAnyNamespace().list().getItems())
        .extracting(u -> u.getMetadata().getName())
        .contains("crud");
    assertThat(identities().inNamespace("default").list().getItems()).isEmpty();

    fetched.getSpec().setIsolationScope(IsolationScope.Regional.name());
    UserAssignedIdentity updated = identities().resource(fetched).update();
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(identities().inNamespace("team-a").withName("crud").get().getSpec())
        .extracting(UserAssignedIdentitySpec::getIsolationScope)
        .isEqualTo(IsolationScope.Regional.name());

    // optimistic locking on a stale resourceVersion
    assertThatThrownBy(() -> identities().resource(created).update()).hasMessageContaining("409");

    assertThat(identities().resource(updated).delete()).hasSize(1);
    assertThat(identities().inNamespace("team-a").withName("crud").get()).isNull();
  }

  @Test
  void aServerSideDryRunIsRefusedRatherThanApplied() {
    identities().resource(identity("team-a", "dry", "westeurope")).create();
    UserAssignedIdentity changed = identities().inNamespace("team-a").withName("dry").get();
    changed.getSpec().setLocation("eastus");

    assertThatThrownBy(() -> identities().resource(changed).dryRun().update())
        .hasMessageContaining("cannot dry-run");
    assertThat(identities().inNamespace("team-a").withName("dry").get().getSpec().getLocation())
        .isEqualTo("westeurope");
  }

  @Test
  void statusSubresourceAndSpecUpdatesDoNotClobberEachOther() {
    identities().resource(identity("team-a", "with-status", "westeurope")).create();
    UserAssignedIdentity current = identities().inNamespace("team-a").withName("with-status").get();

    // a status update keeps the spec (even if the object sent carries another one)
    UserAssignedIdentityStatus status = new UserAssignedIdentityStatus();
    status.setClientId("client-1");
    status.setConditions(
        List.of(new ConditionBuilder().withType("Ready").withStatus("True").build()));
    current.setStatus(status);
    current.getSpec().setLocation("ignored");
    UserAssignedIdentity afterStatus = identities().resource(current).updateStatus();
    assertThat(afterStatus.getStatus().getClientId()).isEqualTo("client-1");
    assertThat(afterStatus.getSpec().getLocation()).isEqualTo("westeurope");
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);

    // a spec update keeps the status (even if the object sent has none)
    UserAssignedIdentity specOnly =
        identities().inNamespace("team-a").withName("with-status").get();
    specOnly.setStatus(null);
    specOnly.getSpec().setLocation("eastus");
    UserAssignedIdentity afterSpec = identities().resource(specOnly).update();
    assertThat(afterSpec.getSpec().getLocation()).isEqualTo("eastus");
    assertThat(afterSpec.getStatus().getClientId()).isEqualTo("client-1");
    assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2L);

    // patchStatus (JSON merge patch) changes only the status
    UserAssignedIdentity patch = identities().inNamespace("team-a").withName("with-status").get();
    patch.getStatus().setClientId("client-2");
    identities().resource(patch).patchStatus();
    UserAssignedIdentity stored = identities().inNamespace("team-a").withName("with-status").get();
    assertThat(stored.getStatus().getClientId()).isEqualTo("client-2");
    assertThat(stored.getSpec().getLocation()).isEqualTo("eastus");
  }

  @Test
  void finalizersDelayDeletion() {
    UserAssignedIdentity uai = identity("team-a", "finalized", "westeurope");
    uai.getMetadata().setFinalizers(List.of("identity.operators.dev/finalizer"));
    identities().resource(uai).create();

    identities().inNamespace("team-a").withName("finalized").delete();
    UserAssignedIdentity marked = identities().inNamespace("team-a").withName("finalized").get();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();

    identities()
        .inNamespace("team-a")
        .withName("finalized")
        .edit(
            u -> {
              u.getMetadata().setFinalizers(List.of());
              return u;
            });
    assertThat(identities().inNamespace("team-a").withName("finalized").get()).isNull();
  }

  @Test
  void watchReceivesAddedModifiedDeleted() throws Exception {
    kube.createNamespace("watched");
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (Watch ignored =
        identities()
            .inNamespace("watched")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, UserAssignedIdentity resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      identities().resource(identity("watched", "w1", "westeurope")).create();
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ADDED w1");

      UserAssignedIdentity w1 = identities().inNamespace("watched").withName("w1").get();
      w1.getSpec().setLocation("eastus");
      identities().resource(w1).update();
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("MODIFIED w1");

      identities().inNamespace("watched").withName("w1").delete();
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("DELETED w1");
    }
  }

  @Test
  void kubeconfigWorksForFabric8(@TempDir Path dir) throws Exception {
    Path file = kube.writeKubeconfig(dir.resolve("nested/kubeconfig"));
    assertThat(Files.readString(file)).contains("server: " + kube.url());

    Config config = Config.fromKubeconfig(Files.readString(file));
    try (KubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(other.getMasterUrl().toString()).startsWith(kube.url());
      assertThat(other.getNamespace()).isEqualTo("default");
      assertThat(other.namespaces().withName("team-a").get()).isNotNull();
      assertThat(other.getKubernetesVersion().getMajor()).isEqualTo("1");
    }
  }

  @Test
  void genericClientFindsTheCustomResourceThroughDiscovery() {
    identities().resource(identity("team-a", "generic", "westeurope")).create();
    var generic =
        kube.client()
            .genericKubernetesResources(
                UserAssignedIdentity.GROUP + "/" + UserAssignedIdentity.VERSION,
                "UserAssignedIdentity")
            .inNamespace("team-a")
            .withName("generic")
            .get();
    assertThat(generic).isNotNull();
    assertThat(kube.client().supports(UserAssignedIdentity.class)).isTrue();
  }

  @Test
  void fixedPortAndClose() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedKubernetes fixed = EmbeddedKubernetes.builder().port(port).start();
    try {
      assertThat(fixed.port()).isEqualTo(port);
      assertThat(fixed.client().namespaces().withName("default").get()).isNotNull();
      assertThat(fixed.crds()).isEmpty();
    } finally {
      fixed.close();
      fixed.close();
    }
    assertThatThrownBy(fixed::client).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startWithCrdList() {
    var crd =
        kube.client()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("userassignedidentities.identity.operators.dev")
            .get();
    try (EmbeddedKubernetes other = EmbeddedKubernetes.start(List.of(crd))) {
      assertThat(other.crds()).hasSize(1);
      other
          .client()
          .resources(UserAssignedIdentity.class)
          .resource(identity("default", "x", "eastus"))
          .create();
      assertThat(
              other
                  .client()
                  .resources(UserAssignedIdentity.class)
                  .inNamespace("default")
                  .list()
                  .getItems())
          .hasSize(1);
    }
  }
}
