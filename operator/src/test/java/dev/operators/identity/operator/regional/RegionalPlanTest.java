package dev.operators.identity.operator.regional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySetSpec;
import dev.operators.identity.api.v1alpha1.RegionalIdentityTemplate;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan as a table: the set's spec, the regions Azure reports for its assignees, the regional
 * identities it has; then each region's action and assignees, written {@code region ACTION [ids]}.
 */
class RegionalPlanTest {

  static final String APP_EAST =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a";
  static final String APP_WEST =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/b";
  static final String VM_EU =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/c";

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "three regions from one declaration: an identity each, with its own assignee",
            set(List.of(APP_EAST, APP_WEST, VM_EU), List.of()),
            Map.of(APP_EAST, "eastus", APP_WEST, "West US", VM_EU, "westeurope"),
            List.of(),
            "eastus CREATE [a]",
            "westeurope CREATE [c]",
            "westus CREATE [b]"),
        row(
            "identities as the template makes them are kept",
            set(List.of(APP_EAST), List.of()),
            Map.of(APP_EAST, "eastus"),
            List.of(child("eastus", List.of(APP_EAST), c -> {})),
            "eastus KEEP [a]"),
        row(
            "a template change (or a hand edit) is overwritten",
            set(List.of(APP_EAST), List.of()),
            Map.of(APP_EAST, "eastus"),
            List.of(child("eastus", List.of(APP_EAST), c -> c.getSpec().setTags(Map.of("x", "y")))),
            "eastus UPDATE [a]"),
        row(
            "a region listed in regions exists without assignees",
            set(List.of(), List.of("northeurope")),
            Map.of(),
            List.of(),
            "northeurope CREATE []"),
        row(
            "the last assignee of a listed region leaving keeps its identity",
            set(List.of(), List.of("eastus")),
            Map.of(),
            List.of(child("eastus", List.of(APP_EAST), c -> {})),
            "eastus UPDATE []"),
        row(
            "the last assignee of an unlisted region leaving detaches first",
            set(List.of(), List.of()),
            Map.of(),
            List.of(child("eastus", List.of(APP_EAST), c -> {})),
            "eastus DETACH []"),
        row(
            "an identity still detaching is waited for",
            set(List.of(), List.of()),
            Map.of(),
            List.of(child("eastus", List.of(), c -> attachedInStatus(c, APP_EAST))),
            "eastus AWAIT_DETACH []"),
        row(
            "an identity whose status shows an old generation is waited for",
            set(List.of(), List.of()),
            Map.of(),
            List.of(child("eastus", List.of(), c -> c.getMetadata().setGeneration(3L))),
            "eastus AWAIT_DETACH []"),
        row(
            "a detached identity is deleted",
            set(List.of(), List.of()),
            Map.of(),
            List.of(child("eastus", List.of(), c -> {})),
            "eastus DELETE []"),
        row(
            "an identity being deleted is left to its finalizer",
            set(List.of(), List.of()),
            Map.of(),
            List.of(
                child(
                    "eastus",
                    List.of(),
                    c -> c.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z"))),
            "eastus DELETING []"),
        row(
            "an assignee recreated in another region moves there",
            set(List.of(APP_EAST), List.of()),
            Map.of(APP_EAST, "westus"),
            List.of(child("eastus", List.of(APP_EAST), c -> {})),
            "eastus DETACH []",
            "westus CREATE [a]"),
        row(
            "an assignee Azure cannot place stays with the identity that has it",
            set(List.of(APP_EAST), List.of()),
            Map.of(),
            List.of(child("eastus", List.of(APP_EAST), c -> {})),
            "eastus KEEP [a]"),
        row(
            "an assignee Azure cannot place and no identity has goes nowhere",
            set(List.of(APP_EAST), List.of()),
            Map.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(
      String description,
      RegionalIdentitySet set,
      Map<String, String> observed,
      List<UserAssignedIdentity> children,
      List<String> expected) {
    RegionalPlan plan = RegionalPlan.decide(set, observed, children);

    assertThat(plan.regions().stream().map(RegionalPlanTest::describe).toList())
        .as(description)
        .containsExactlyElementsOf(expected);
    // every assignee is placed in a region, or reported unplaced, once
    List<String> accounted = new ArrayList<>(plan.placed().keySet());
    accounted.addAll(plan.unplaced());
    assertThat(accounted)
        .containsExactlyInAnyOrderElementsOf(
            set.getSpec().effectiveAssignees().stream().map(AssigneeSpec::getResourceId).toList());
  }

  static Arguments row(
      String description,
      RegionalIdentitySet set,
      Map<String, String> observed,
      List<UserAssignedIdentity> children,
      String... expected) {
    return Arguments.of(description, set, observed, children, Arrays.asList(expected));
  }

  static String describe(RegionalPlan.RegionStep step) {
    return step.region()
        + " "
        + step.action()
        + " "
        + step.spec().effectiveAssignees().stream()
            .map(a -> a.getResourceId().substring(a.getResourceId().lastIndexOf('/') + 1))
            .toList()
            .toString()
            .replace(" ", "");
  }

  static RegionalIdentityTemplate template() {
    RegionalIdentityTemplate template = new RegionalIdentityTemplate();
    template.setResourceGroup("rg-orders");
    template.setTags(Map.of("team", "orders"));
    template.setRoleAssignments(
        List.of(new RoleAssignmentSpec("Reader", "/subscriptions/s/resourceGroups/rg-data")));
    return template;
  }

  static RegionalIdentitySet set(List<String> assignees, List<String> regions) {
    RegionalIdentitySetSpec spec = new RegionalIdentitySetSpec();
    spec.setTemplate(template());
    spec.setAssignees(assignees.stream().map(AssigneeSpec::new).toList());
    spec.setRegions(regions);
    RegionalIdentitySet set = new RegionalIdentitySet();
    set.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("team-orders")
            .withUid("set-uid")
            .withGeneration(1L)
            .build());
    set.setSpec(spec);
    return set;
  }

  /**
   * The regional identity as the set made it from {@link #template()}, its status current and
   * listing its spec's assignees as attached; {@code change} alters it.
   */
  static UserAssignedIdentity child(
      String region, List<String> assignees, Consumer<UserAssignedIdentity> change) {
    RegionalIdentitySet set = set(List.of(), List.of());
    UserAssignedIdentity child =
        ChildSpecs.resource(set, region, ChildSpecs.of(template(), region, assignees));
    child.getMetadata().setGeneration(2L);
    UserAssignedIdentityStatus status = new UserAssignedIdentityStatus();
    status.setObservedGeneration(2L);
    child.setStatus(status);
    assignees.forEach(id -> attachedInStatus(child, id));
    change.accept(child);
    return child;
  }

  static void attachedInStatus(UserAssignedIdentity child, String resourceId) {
    AssigneeStatus entry = new AssigneeStatus();
    entry.setResourceId(resourceId);
    entry.setState(AssigneeStatus.State.Attached);
    List<AssigneeStatus> entries = new ArrayList<>(child.getStatus().getAssignees());
    entries.add(entry);
    child.getStatus().setAssignees(entries);
  }
}
