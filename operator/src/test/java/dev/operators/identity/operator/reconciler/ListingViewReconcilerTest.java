package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.view.AzureView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler in front of the listing view ({@link AzureView}) on a clock the test moves: in
 * steady state one listing per scope per resync period and no GET; drift made outside the operator
 * repaired once the view is listed again; deletes decided only on a fresh read.
 */
class ListingViewReconcilerTest extends ReconcilerFixture {

  static final String GROUP = "/subscriptions/" + SUB + "/resourceGroups/rg-orders";
  static final String SUBSCRIPTION = "/subscriptions/" + SUB;
  static final String VM1 = GROUP + "/providers/Microsoft.Compute/virtualMachines/vm-1";
  static final String VM2 = GROUP + "/providers/Microsoft.Compute/virtualMachines/vm-2";

  /** A clock that moves only when the test says so. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");

    void advance(java.time.Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MovableClock clock = new MovableClock();
  UserAssignedIdentity first;
  UserAssignedIdentity second;

  @Override
  AzurePorts view(AzurePorts fakes) {
    return AzureView.over(fakes, RESYNC, RESYNC, clock);
  }

  @BeforeEach
  void twoConvergedIdentities() {
    assignees.add(VM1, "Microsoft.Compute/virtualMachines", "eastus", null);
    assignees.add(VM2, "Microsoft.Compute/virtualMachines", "eastus", null);
    first = declared("orders-api", VM1);
    second = declared("orders-batch", VM2);
    reconcile(first);
    reconcile(second);
    assertThat(condition(first, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(second, "Ready").getStatus()).isEqualTo("True");
    clearCalls();
  }

  @Test
  void aSteadyStateListsEachScopeOncePerResyncAndReadsNothingSingly() {
    reconcile(first);
    reconcile(second);
    assertThat(allCalls()).as("within the period the listings are shared").isEmpty();

    for (int period = 0; period < 3; period++) {
      clock.advance(RESYNC);
      reconcile(first);
      reconcile(second);
    }

    assertThat(azure.calls)
        .containsExactly(
            "list " + SUB + "/rg-orders",
            "list " + SUB + "/rg-orders",
            "list " + SUB + "/rg-orders");
    assertThat(authorizationCalls())
        .containsExactly(
            "list-all " + SUBSCRIPTION, "list-all " + SUBSCRIPTION, "list-all " + SUBSCRIPTION);
    assertThat(assignees.calls).containsExactly("list " + SUB, "list " + SUB, "list " + SUB);
    assertThat(condition(first, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aTagChangedOutOfBandIsPutBackOnceTheGroupIsListedAgain() {
    AzureIdentity now = azure.store.get(key(ref(first)));
    Map<String, String> tags = new HashMap<>(now.tags());
    tags.put("team", "someone-else");
    azure.store.put(key(ref(first)), withTags(now, tags));

    reconcile(first);
    assertThat(identityWrites()).as("the view is still the period's listing").isEmpty();

    clock.advance(RESYNC);
    reconcile(first);
    assertThat(identityWrites()).containsExactly("patch orders-api");
    assertThat(azure.store.get(key(ref(first))).tags()).containsEntry("team", "orders");

    clearCalls();
    reconcile(first);
    assertThat(azure.calls).as("the PATCH's answer is what the next pass sees").isEmpty();
  }

  @Test
  void anUpdateIsDecidedAgainOnAFreshReadAndRefusedWhenAnotherOwnerTookTheIdentityOver() {
    AzureIdentity now = azure.store.get(key(ref(first)));
    Map<String, String> tags = new HashMap<>(now.tags());
    tags.put(Ownership.CLUSTER_TAG, "another-cluster");
    azure.store.put(key(ref(first)), withTags(now, tags));
    first.getSpec().setTags(Map.of("team", "payments")); // the view still shows it as ours

    reconcile(first);

    assertThat(azure.calls).containsExactly("find orders-api");
    assertThat(condition(first, "IdentityReady").getReason()).isEqualTo("OwnedByAnother");
    assertThat(azure.store.get(key(ref(first))).tags())
        .containsEntry(Ownership.CLUSTER_TAG, "another-cluster");
  }

  @Test
  void aRoleAssignmentDeletedOutOfBandIsCreatedAgainAfterTheNextListing() {
    String principal = first.getStatus().getPrincipalId();
    RoleAssignment held = authorization.of(principal).get(0);
    authorization.assignments.remove(held.id().toLowerCase(Locale.ROOT));

    clock.advance(RESYNC);
    reconcile(first);

    assertThat(authorization.writes()).hasSize(1).allMatch(w -> w.startsWith("create " + GROUP));
    assertThat(authorization.of(principal)).hasSize(1);
  }

  @Test
  void anAssigneeDetachedOutOfBandIsAttachedAgainAfterTheNextListing() {
    assignees.add(VM1, "Microsoft.Compute/virtualMachines", "eastus", null);

    clock.advance(RESYNC);
    reconcile(first);

    // Carrying no identity, the VM is not in the listing: one GET, then the attach.
    assertThat(assignees.calls).containsExactly("list " + SUB, "find " + VM1, "attach " + VM1);
    assertThat(assignees.get(VM1).carries(first.getStatus().getResourceId())).isTrue();
  }

  @Test
  void anUndeclaredAssignmentIsDeletedOnlyAfterAFreshReadShowsIt() {
    String principal = first.getStatus().getPrincipalId();
    RoleAssignment extra =
        authorization.addOutOfBand(SUBSCRIPTION, InMemoryAuthorization.CONTRIBUTOR, principal);
    clock.advance(RESYNC);
    reconcile(second); // lists the subscription: the shared view now shows the extra grant
    // Someone removes it before the first identity's pass, which still sees the listing.
    authorization.assignments.remove(extra.id().toLowerCase(Locale.ROOT));
    clearCalls();

    reconcile(first);

    assertThat(authorizationCalls()).containsExactly("get " + extra.id());
    assertThat(events.reasons()).doesNotContain("Normal RoleAssignmentDeleted");

    RoleAssignment again =
        authorization.addOutOfBand(SUBSCRIPTION, InMemoryAuthorization.CONTRIBUTOR, principal);
    clock.advance(RESYNC);
    clearCalls();
    reconcile(first);
    assertThat(authorizationCalls())
        .containsExactly("list-all " + SUBSCRIPTION, "get " + again.id(), "delete " + again.id());
  }

  @Test
  void anIdentityCreatedBySomeoneElseSinceTheListingIsReadWithOneGetAndNotTakenOver() {
    IdentityRef theirs = new IdentityRef(SUB, "rg-orders", "theirs");
    azure.seed(theirs, "eastus", Map.of("team", "theirs"));
    clearCalls();

    UserAssignedIdentity uai = resource("theirs");
    reconcile(uai);

    assertThat(azure.calls).containsExactly("find theirs");
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("NotOwned");
  }

  @Test
  void theDeletionReadsTheIdentityAfreshAndLeavesOneNoLongerOwned() {
    AzureIdentity now = azure.store.get(key(ref(first)));
    Map<String, String> tags = new HashMap<>(now.tags());
    tags.put(Ownership.CLUSTER_TAG, "another-cluster");
    azure.store.put(key(ref(first)), withTags(now, tags));
    reconcile(second); // the view still shows the identity as this resource's

    first.getMetadata().setDeletionTimestamp("2026-12-01T10:00:01Z");
    reconciler.cleanup(first, null);

    assertThat(azure.calls).containsExactly("find orders-api");
    assertThat(azure.store).containsKey(key(ref(first)));
    assertThat(assignees.get(VM1).carries(now.resourceId())).isTrue();
  }

  private UserAssignedIdentity declared(String name, String vm) {
    UserAssignedIdentity uai = resource(name);
    uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", GROUP)));
    uai.getSpec().setAssignees(List.of(new AssigneeSpec(vm)));
    return uai;
  }

  private static IdentityRef ref(UserAssignedIdentity uai) {
    return new IdentityRef(SUB, "rg-orders", uai.getMetadata().getName());
  }

  private static String key(IdentityRef ref) {
    return ref.resourceId().toLowerCase(Locale.ROOT);
  }

  private static AzureIdentity withTags(AzureIdentity i, Map<String, String> tags) {
    return new AzureIdentity(
        i.resourceId(),
        i.name(),
        i.location(),
        i.isolationScope(),
        tags,
        i.principalId(),
        i.clientId(),
        i.tenantId());
  }

  private List<String> allCalls() {
    return java.util.stream.Stream.of(azure.calls, authorizationCalls(), assignees.calls)
        .flatMap(List::stream)
        .toList();
  }

  private List<String> identityWrites() {
    return azure.writes().stream().filter(c -> !c.startsWith("list")).toList();
  }

  /** Role assignment calls (role definitions are cached in production by their own decorator). */
  private List<String> authorizationCalls() {
    return authorization.calls.stream().filter(c -> !c.startsWith("role-")).toList();
  }

  private void clearCalls() {
    azure.calls.clear();
    authorization.calls.clear();
    assignees.calls.clear();
  }
}
