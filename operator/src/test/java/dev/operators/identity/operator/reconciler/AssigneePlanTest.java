package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AzureOperationStatus;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.operator.azure.AssigneeChange;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.PendingOperation;
import dev.operators.identity.operator.reconciler.AssigneePlan.Action;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Attach, keep, refuse, detach: the assignee decisions as a table over what was read. */
class AssigneePlanTest {

  static final String IDENTITY =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders";
  static final String VM_EAST =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/east";
  static final String VM_WEST =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/west";
  static final String GONE =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/gone";

  static final AssigneePlan.Identity REGIONAL =
      new AssigneePlan.Identity(IDENTITY, "eastus", IsolationScope.Regional);
  static final AssigneePlan.Identity GLOBAL =
      new AssigneePlan.Identity(IDENTITY, "eastus", IsolationScope.None);

  static AssigneeResource vm(String id, String location, String... identities) {
    return new AssigneeResource(
        id, "Microsoft.Compute/virtualMachines", location, "UserAssigned", List.of(identities));
  }

  /** A port that answers from a map, and fails for {@link #GONE}; counts its reads. */
  static final class Reads implements AssigneePort {
    final Map<String, AssigneeResource> resources;
    final List<String> read = new ArrayList<>();

    Reads(AssigneeResource... resources) {
      this.resources = new HashMap<>();
      for (AssigneeResource r : resources) {
        this.resources.put(r.id(), r);
      }
    }

    @Override
    public Optional<AssigneeResource> find(String resourceId) {
      read.add(resourceId);
      if (resourceId.equals(GONE)) {
        throw new AzureRequestException("read", 503, "ServiceUnavailable", "m", null, null, null);
      }
      return Optional.ofNullable(resources.get(resourceId));
    }

    @Override
    public List<AssigneeResource> listCarryingUserAssignedIdentities(String subscriptionId) {
      throw new AssertionError("a plan lists nothing");
    }

    @Override
    public AssigneeChange attach(String resourceId, String identityId) {
      throw new AssertionError("a plan writes nothing");
    }

    @Override
    public AssigneeChange detach(String resourceId, String identityId) {
      throw new AssertionError("a plan writes nothing");
    }

    @Override
    public AssigneeChange check(String resourceId, PendingOperation operation) {
      throw new AssertionError("a plan checks nothing");
    }
  }

  static List<Action> decide(
      AssigneePlan.Identity identity,
      List<String> declared,
      List<AssigneeStatus> previous,
      Reads azure) {
    List<String> all = new ArrayList<>(declared);
    previous.forEach(p -> all.add(p.getResourceId()));
    return AssigneePlan.decide(identity, declared, previous, AssigneeObservation.read(azure, all));
  }

  static AssigneeStatus recorded(String resourceId) {
    AssigneeStatus status = new AssigneeStatus();
    status.setResourceId(resourceId);
    return status;
  }

  @Test
  void attachesWhereMissingAndKeepsWhereCarried() {
    var azure = new Reads(vm(VM_EAST, "eastus"), vm(VM_WEST, "westus", IDENTITY));

    var actions = decide(GLOBAL, List.of(VM_EAST, VM_WEST), List.of(), azure);

    assertThat(actions.get(0)).isInstanceOf(Action.Attach.class);
    assertThat(actions.get(1)).isInstanceOf(Action.Keep.class);
  }

  @Test
  void aRegionalIdentityIsRefusedOutsideItsRegionAndForResourcesWithoutOne() {
    var azure = new Reads(vm(VM_EAST, "East US"), vm(VM_WEST, "westus"), vm(GONE + "x", null));

    var actions = decide(REGIONAL, List.of(VM_EAST, VM_WEST, GONE + "x"), List.of(), azure);

    assertThat(actions.get(0)).isInstanceOf(Action.Attach.class);
    assertThat(((Action.Refuse) actions.get(1)).message())
        .startsWith("regional isolation: " + VM_WEST + " is in westus");
    assertThat(actions.get(2)).isInstanceOf(Action.Refuse.class);
  }

  @Test
  void aMissingResourceIsReportedAndAnUnreadableOneKeptForRetry() {
    var actions = decide(GLOBAL, List.of(VM_EAST, GONE), List.of(), new Reads());

    assertThat(actions.get(0)).isEqualTo(new Action.Missing(VM_EAST));
    var unreadable = (Action.Unreadable) actions.get(1);
    assertThat(unreadable.failure().passes()).isTrue();
    assertThat(unreadable.removed()).isEmpty();
  }

  @Test
  void aRemovedResourceIsDetachedOnlyWhileItStillCarriesTheIdentity() {
    var azure = new Reads(vm(VM_EAST, "eastus", IDENTITY), vm(VM_WEST, "westus"));

    var actions = decide(GLOBAL, List.of(), List.of(recorded(VM_EAST), recorded(VM_WEST)), azure);

    assertThat(actions).singleElement().isInstanceOf(Action.Detach.class);
    assertThat(actions.get(0).resourceId()).isEqualTo(VM_EAST);
  }

  @Test
  void aRemovedResourceThatCannotBeReadStaysListedForTheNextPass() {
    var actions = decide(GLOBAL, List.of(), List.of(recorded(GONE)), new Reads());

    var unreadable = (Action.Unreadable) actions.get(0);
    assertThat(unreadable.removed()).isPresent();
  }

  @Test
  void eachResourceIsReadOnceEvenWhenDeclaredTwiceOrAlsoRecorded() {
    var azure = new Reads(vm(VM_EAST, "eastus"));

    var actions =
        decide(GLOBAL, List.of(VM_EAST, VM_EAST.toUpperCase()), List.of(recorded(VM_EAST)), azure);

    assertThat(actions).hasSize(1);
    assertThat(azure.read).containsExactly(VM_EAST);
  }

  @Test
  void aSwitchToRegionalNamesExactlyTheResourcesItWouldStrand() {
    var azure = new Reads(vm(VM_EAST, "eastus"), vm(VM_WEST, "westus"));
    var observed = AssigneeObservation.read(azure, List.of(VM_EAST, VM_WEST));

    assertThat(RegionalIsolation.outside("eastus", observed.existing()))
        .containsExactly(VM_WEST + " (westus)");
  }

  @Test
  void aRecordedOperationIsCheckedBeforeAnythingElseIsWrittenToItsResource() {
    AssigneeStatus attaching = recorded(VM_EAST);
    attaching.setOperation(
        new AzureOperationStatus("Attach", "Azure-AsyncOperation", "https://arm/op/1", "t"));
    AssigneeStatus detaching = recorded(VM_WEST);
    detaching.setOperation(
        new AzureOperationStatus("Detach", "Azure-AsyncOperation", "https://arm/op/2", "t"));
    var azure = new Reads(vm(VM_EAST, "eastus"), vm(VM_WEST, "westus", IDENTITY));

    var actions =
        AssigneePlan.decide(
            GLOBAL,
            List.of(VM_EAST),
            List.of(attaching, detaching),
            AssigneeObservation.read(azure, List.of()));

    assertThat(actions)
        .containsExactly(
            new Action.Check(VM_EAST, attaching, true),
            new Action.Check(VM_WEST, detaching, false));
    assertThat(azure.read).isEmpty();
  }
}
