package dev.operators.identity.e2e;

import static dev.operators.identity.e2e.AssigneesE2ETest.seed;
import static dev.operators.identity.e2e.AssigneesE2ETest.userIdentities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.RegionalFederatedCredential;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySetSpec;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySetStatus.RegionStatus;
import dev.operators.identity.api.v1alpha1.RegionalIdentityTemplate;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.RecordedRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One identity per region from one declaration, end to end (issue 18). */
class RegionalIdentitySetE2ETest extends E2EFixture {

  static final String SITES = "Microsoft.Web/sites";
  static final Duration CONVERGENCE = Duration.ofSeconds(60);

  @Test
  void threeRegionsFromOneDeclarationEachAttachedOnlyToItsOwnRegionsResources() throws Exception {
    String east = seed(SITES, "app-east", "eastus", null);
    String west = seed(SITES, "app-west", "West US", null);
    String europe = seed(SITES, "app-europe", "westeurope", null);
    apply(set("orders", List.of(east, west, europe), List.of()));

    RegionalIdentitySet ready = awaitSetReady("orders");

    assertThat(ready.getStatus().getRegionCount()).isEqualTo(3);
    assertThat(ready.getStatus().getReadyRegionCount()).isEqualTo(3);
    assertThat(ready.getStatus().getRegions())
        .extracting(RegionStatus::getRegion)
        .containsExactly("eastus", "westeurope", "westus");
    for (var entry :
        List.of(List.of("eastus", east), List.of("westus", west), List.of("westeurope", europe))) {
      String region = entry.get(0);
      UserAssignedIdentity child = cr("orders-" + region).get();
      assertThat(child.getSpec().getLocation()).isEqualTo(region);
      assertThat(child.getStatus().getIsolationScope()).isEqualTo(IsolationScope.Regional);
      assertThat(child.getSpec().effectiveAssignees())
          .extracting(AssigneeSpec::getResourceId)
          .containsExactly(entry.get(1));
      assertThat(child.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              owner -> {
                assertThat(owner.getKind()).isEqualTo("RegionalIdentitySet");
                assertThat(owner.getUid()).isEqualTo(ready.getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
                assertThat(owner.getBlockOwnerDeletion()).isTrue();
              });
      assertThat(userIdentities(azureResource(entry.get(1))))
          .singleElement()
          .satisfies(id -> assertThat(id).isEqualToIgnoringCase(child.getStatus().getResourceId()));
      assertThat(assignmentsOf(child.getStatus().getPrincipalId())).hasSize(1);
      RegionStatus shown = region(ready, region);
      assertThat(shown.getIdentityName()).isEqualTo("orders-" + region);
      assertThat(shown.getClientId()).isEqualTo(child.getStatus().getClientId());
      assertThat(shown.getAssigneeCount()).isEqualTo(1);
      assertThat(shown.getReady()).isTrue();
    }
    assertThat(ready.getStatus().getAssignees())
        .anySatisfy(a -> assertThat(a.getRegion()).isEqualTo("westus"));
  }

  @Test
  void aRegionIsAddedAheadOfItsComputeAndARegionLosingItsLastAssigneeIsDetachedThenDeleted()
      throws Exception {
    String east = seed(SITES, "app-add-east", "eastus", null);
    String west = seed(SITES, "app-add-west", "westus", null);
    apply(set("grow", List.of(east), List.of()));
    awaitSetReady("grow");

    editSet("grow", spec -> spec.setRegions(List.of("northeurope")));
    awaitSetReady("grow");
    assertThat(cr("grow-northeurope").get().getSpec().effectiveAssignees()).isEmpty();

    editSet(
        "grow", spec -> spec.setAssignees(List.of(new AssigneeSpec(east), new AssigneeSpec(west))));
    RegionalIdentitySet three = awaitSetReady("grow");
    assertThat(three.getStatus().getRegionCount()).isEqualTo(3);
    UserAssignedIdentity westIdentity = cr("grow-westus").get();
    String westId = westIdentity.getStatus().getResourceId();
    String westPrincipal = westIdentity.getStatus().getPrincipalId();
    assertThat(userIdentities(azureResource(west))).containsExactly(westId);

    stack.emulator().control().clearRequests();
    editSet("grow", spec -> spec.setAssignees(List.of(new AssigneeSpec(east))));
    await().atMost(CONVERGENCE).until(() -> cr("grow-westus").get() == null);
    assertThat(userIdentities(azureResource(west))).isEmpty();
    assertThat(azureIdentity("grow-westus")).isEmpty();
    assertThat(assignmentsOf(westPrincipal)).isEmpty();
    assertThat(firstWrite("PATCH|PUT", "(?i)" + west + "$"))
        .as("the detach comes before the identity's deletion")
        .isLessThan(firstWrite("DELETE", "(?i)/userAssignedIdentities/grow-westus$"));
    assertThat(events("grow")).anyMatch(e -> e.startsWith("Normal RegionDetaching"));

    editSet("grow", spec -> spec.setRegions(List.of()));
    await().atMost(CONVERGENCE).until(() -> cr("grow-northeurope").get() == null);
    RegionalIdentitySet one = awaitSetReady("grow");
    assertThat(one.getStatus().getRegions())
        .extracting(RegionStatus::getRegion)
        .containsExactly("eastus");
    assertThat(azureIdentity("grow-northeurope")).isEmpty();
  }

  @Test
  void anAssigneeRecreatedInAnotherRegionMovesToThatRegionsIdentity() throws Exception {
    String app = seed(SITES, "app-moving", "eastus", null);
    apply(set("mover", List.of(app), List.of()));
    awaitSetReady("mover");

    stack.emulator().control().deleteResource(app);
    seed(SITES, "app-moving", "westeurope", null);

    await().atMost(CONVERGENCE).until(() -> cr("mover-eastus").get() == null);
    RegionalIdentitySet moved = awaitSetReady("mover");
    assertThat(moved.getStatus().getRegions())
        .extracting(RegionStatus::getRegion)
        .containsExactly("westeurope");
    assertThat(userIdentities(azureResource(app)))
        .singleElement()
        .satisfies(
            id ->
                assertThat(id)
                    .isEqualToIgnoringCase(
                        cr("mover-westeurope").get().getStatus().getResourceId()));
    assertThat(azureIdentity("mover-eastus")).isEmpty();
  }

  @Test
  void aTemplateChangeRollsOutToEveryRegionalIdentity() throws Exception {
    String east = seed(SITES, "app-tpl-east", "eastus", null);
    String europe = seed(SITES, "app-tpl-europe", "westeurope", null);
    apply(set("rollout", List.of(east, europe), List.of()));
    awaitSetReady("rollout");

    editSet(
        "rollout",
        spec -> {
          spec.getTemplate().setTags(Map.of("team", "orders", "tier", "gold"));
          spec.getTemplate()
              .setFederatedCredentials(
                  List.of(
                      new RegionalFederatedCredential(
                          "https://oidc.eastus.example/east/",
                          "system:serviceaccount:team:api",
                          List.of("eastus"))));
        });

    awaitSetReady("rollout");
    for (String region : List.of("eastus", "westeurope")) {
      assertThat(
              azureIdentity("rollout-" + region).orElseThrow().path("tags").path("tier").asText())
          .as(region)
          .isEqualTo("gold");
    }
    assertThat(credentialIssuers("rollout-eastus"))
        .containsExactly("https://oidc.eastus.example/east/");
    assertThat(credentialIssuers("rollout-westeurope")).isEmpty();
  }

  @Test
  void deletingTheSetRemovesEveryRegionalIdentityAndLeavesNoRoleAssignmentBehind()
      throws Exception {
    String east = seed(SITES, "app-del-east", "eastus", null);
    String europe = seed(SITES, "app-del-europe", "westeurope", null);
    apply(set("gone", List.of(east, europe), List.of("westus")));
    RegionalIdentitySet ready = awaitSetReady("gone");
    List<String> principals = new ArrayList<>();
    for (RegionStatus region : ready.getStatus().getRegions()) {
      principals.add(cr(region.getIdentityName()).get().getStatus().getPrincipalId());
    }
    assertThat(principals).hasSize(3).allSatisfy(p -> assertThat(assignmentsOf(p)).hasSize(1));

    setResource("gone").delete();

    await()
        .atMost(CONVERGENCE)
        .untilAsserted(
            () -> {
              assertThat(setResource("gone").get()).isNull();
              for (String region : List.of("eastus", "westeurope", "westus")) {
                assertThat(cr("gone-" + region).get()).as(region).isNull();
                assertThat(azureIdentity("gone-" + region)).as(region).isEmpty();
              }
            });
    assertThat(principals).allSatisfy(p -> assertThat(assignmentsOf(p)).isEmpty());
    assertThat(userIdentities(azureResource(east))).isEmpty();
    assertThat(userIdentities(azureResource(europe))).isEmpty();
  }

  @Test
  void aUserEditingARegionalIdentityDirectlySeesItRestoredFromTheTemplate() throws Exception {
    String east = seed(SITES, "app-edit-east", "eastus", null);
    apply(set("guarded", List.of(east), List.of()));
    awaitSetReady("guarded");
    long generation = cr("guarded-eastus").get().getMetadata().getGeneration();

    edit(
        "guarded-eastus",
        spec -> {
          spec.setTags(Map.of("team", "someone-else"));
          spec.setRoleAssignments(List.of());
        });

    await()
        .atMost(CONVERGENCE)
        .untilAsserted(
            () -> {
              UserAssignedIdentity restored = cr("guarded-eastus").get();
              assertThat(restored.getMetadata().getGeneration()).isGreaterThan(generation + 1);
              assertThat(restored.getSpec().getTags()).containsExactly(Map.entry("team", "orders"));
              assertThat(restored.getSpec().effectiveRoleAssignments()).hasSize(1);
            });
    // Ready for the restored spec's generation: the set waits for it.
    awaitSetReady("guarded");
    UserAssignedIdentity child = cr("guarded-eastus").get();
    assertThat(azureIdentity("guarded-eastus").orElseThrow().path("tags").path("team").asText())
        .isEqualTo("orders");
    assertThat(assignmentsOf(child.getStatus().getPrincipalId())).hasSize(1);
  }

  // --- helpers -------------------------------------------------------------------------------

  RegionalIdentitySet set(String name, List<String> assignees, List<String> regions) {
    RegionalIdentityTemplate template = new RegionalIdentityTemplate();
    template.setResourceGroup(RG);
    template.setTags(Map.of("team", "orders"));
    template.setRoleAssignments(
        List.of(
            new RoleAssignmentSpec("Reader", "/subscriptions/" + sub + "/resourceGroups/" + RG)));
    RegionalIdentitySetSpec spec = new RegionalIdentitySetSpec();
    spec.setTemplate(template);
    spec.setAssignees(assignees.stream().map(AssigneeSpec::new).toList());
    spec.setRegions(regions);
    RegionalIdentitySet set = new RegionalIdentitySet();
    set.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    set.setSpec(spec);
    return set;
  }

  RegionalIdentitySet apply(RegionalIdentitySet set) {
    return stack.client().resource(set).createOr(existing -> existing.update());
  }

  Resource<RegionalIdentitySet> setResource(String name) {
    return stack
        .client()
        .resources(RegionalIdentitySet.class)
        .inNamespace(namespace)
        .withName(name);
  }

  void editSet(String name, Consumer<RegionalIdentitySetSpec> change) {
    setResource(name)
        .edit(
            current -> {
              change.accept(current.getSpec());
              return current;
            });
  }

  /** Ready True for the set's current generation. */
  RegionalIdentitySet awaitSetReady(String name) {
    await()
        .atMost(CONVERGENCE)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              RegionalIdentitySet set = setResource(name).get();
              assertThat(set.getStatus()).as("status of %s", name).isNotNull();
              assertThat(set.getStatus().getObservedGeneration())
                  .isEqualTo(set.getMetadata().getGeneration());
              var ready =
                  set.getStatus().getConditions().stream()
                      .filter(c -> c.getType().equals("Ready"))
                      .findFirst()
                      .orElseThrow();
              assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo("True");
            });
    return setResource(name).get();
  }

  static RegionStatus region(RegionalIdentitySet set, String region) {
    return set.getStatus().getRegions().stream()
        .filter(r -> r.getRegion().equals(region))
        .findFirst()
        .orElseThrow();
  }

  static com.fasterxml.jackson.databind.JsonNode azureResource(String id) {
    return stack.emulator().control().getResource(id).orElseThrow();
  }

  List<String> credentialIssuers(String name) {
    return stack.emulator().control().federatedCredentials(armId(name)).stream()
        .map(c -> c.at("/properties/issuer").asText())
        .toList();
  }

  /** The position of the first successful request of the method on the path, in arrival order. */
  static int firstWrite(String methodRegex, String pathRegex) {
    List<RecordedRequest> requests = stack.emulator().control().requests();
    for (int i = 0; i < requests.size(); i++) {
      RecordedRequest r = requests.get(i);
      if (r.method().matches(methodRegex) && r.path().matches(".*" + pathRegex) && r.succeeded()) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }
}
