package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.DirectorySpec;
import dev.operators.identity.api.v1alpha1.DirectoryStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.DirectoryPort.AppRole;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** spec.directory through the reconciler, on the in-memory directory. */
class DirectoryReconcilerTest extends ReconcilerFixture {
  static final String TEAM = "11111111-1111-1111-1111-111111111111";
  static final String GONE = "22222222-2222-2222-2222-222222222222";
  static final String OTHER = "33333333-3333-3333-3333-333333333333";
  static final String GRAPH_APP = "00000003-0000-0000-c000-000000000000";
  static final String GRAPH_SP = "44444444-4444-4444-4444-444444444444";
  static final String USER_READ = "df021288-bdef-4463-88db-98f22de89214";

  @BeforeEach
  void directory() {
    directory.group(TEAM, "team", false);
    directory.group(OTHER, "other", false);
    directory.app(GRAPH_SP, GRAPH_APP, "Microsoft Graph", new AppRole(USER_READ, "User.Read.All"));
  }

  UserAssignedIdentity declaring(List<String> groups, List<String> roles) {
    var uai = resource("orders-api");
    DirectorySpec spec = new DirectorySpec();
    spec.setGroups(groups.stream().map(g -> new DirectorySpec.Group(g, null)).toList());
    spec.setAppRoles(
        roles.stream().map(r -> new DirectorySpec.AppRole("Microsoft Graph", r)).toList());
    uai.getSpec().setDirectory(spec);
    return uai;
  }

  String principal(UserAssignedIdentity uai) {
    return uai.getStatus().getPrincipalId();
  }

  @Test
  void waitsForReplicationThenJoinsGroupsAndGrantsAppRoles() {
    var uai = declaring(List.of(TEAM), List.of("User.Read.All"));
    reconcile(uai);
    assertThat(condition(uai, "DirectoryReady").getReason()).isEqualTo("PrincipalNotReplicated");
    assertThat(directory.calls).isEmpty();

    directory.replicate(principal(uai));
    reconcile(uai);

    assertThat(directory.groupsOf(principal(uai))).containsExactly(TEAM);
    assertThat(directory.grantsOf(principal(uai)))
        .singleElement()
        .satisfies(g -> assertThat(g.appRoleId()).isEqualTo(USER_READ));
    assertThat(condition(uai, "DirectoryReady").getStatus()).isEqualTo("True");
    assertThat(condition(uai, "DirectoryReady").getMessage()).contains("can take hours");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    DirectoryStatus status = uai.getStatus().getDirectory();
    assertThat(status.getAddedToGroups()).containsExactly(TEAM);
    assertThat(status.getAssignedAppRoles()).hasSize(1);

    directory.calls.clear();
    reconcile(uai);
    assertThat(directory.calls).as("nothing written once in place").isEmpty();
  }

  @Test
  void aMissingGroupFailsAloneAndReadyTellsWhy() {
    var uai = declaring(List.of(GONE, TEAM), List.of());
    reconcile(uai);
    directory.replicate(principal(uai));
    reconcile(uai);

    assertThat(directory.groupsOf(principal(uai))).containsExactly(TEAM);
    assertThat(uai.getStatus().getDirectory().getGroups())
        .extracting(DirectoryStatus.Entry::getGroupId, DirectoryStatus.Entry::getState)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(GONE, DirectoryStatus.State.Missing),
            org.assertj.core.groups.Tuple.tuple(TEAM, DirectoryStatus.State.Ready));
    assertThat(condition(uai, "DirectoryReady").getReason()).isEqualTo("DirectoryEntriesFailed");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("False");
    assertThat(events.reasons()).contains("Warning DirectoryMissing");
  }

  @Test
  void removingAnEntryRemovesWhatTheOperatorMadeAndOnlyReportsTheRest() {
    var uai = declaring(List.of(TEAM), List.of("User.Read.All"));
    reconcile(uai);
    directory.replicate(principal(uai));
    directory.addOutOfBand(OTHER, principal(uai));
    reconcile(uai);
    assertThat(uai.getStatus().getDirectory().getGroups())
        .anySatisfy(e -> assertThat(e.getState()).isEqualTo(DirectoryStatus.State.Undeclared));

    uai.getSpec().getDirectory().setGroups(List.of());
    uai.getSpec().getDirectory().setAppRoles(List.of());
    reconcile(uai);

    assertThat(directory.groupsOf(principal(uai))).containsExactly(OTHER);
    assertThat(directory.grantsOf(principal(uai))).isEmpty();
    assertThat(uai.getStatus().getDirectory().getAddedToGroups()).isEmpty();

    uai.getSpec().getDirectory().setAuthoritative(true);
    reconcile(uai);
    assertThat(directory.groupsOf(principal(uai))).isEmpty();
  }

  @Test
  void aRoleAssignableGroupIsRefusedByDefault() {
    directory.group(OTHER, "admins", true);
    var uai = declaring(List.of(OTHER), List.of());
    reconcile(uai);
    directory.replicate(principal(uai));
    reconcile(uai);
    assertThat(directory.groupsOf(principal(uai))).isEmpty();
    assertThat(uai.getStatus().getDirectory().getGroups().get(0).getState())
        .isEqualTo(DirectoryStatus.State.Refused);
  }

  @Test
  void deletionRemovesWhatItMadeBeforeTheIdentity() {
    var uai = declaring(List.of(TEAM), List.of("User.Read.All"));
    reconcile(uai);
    directory.replicate(principal(uai));
    reconcile(uai);
    String principal = principal(uai);

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();

    assertThat(directory.groupsOf(principal)).isEmpty();
    assertThat(directory.grantsOf(principal)).isEmpty();
    assertThat(azure.find(REF)).isEmpty();
  }

  @Test
  void orphanDeletionLeavesMembershipsAndAppRoles() {
    var uai = declaring(List.of(TEAM), List.of("User.Read.All"));
    uai.getSpec().setDeletionPolicy("Orphan");
    reconcile(uai);
    directory.replicate(principal(uai));
    reconcile(uai);

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();

    assertThat(directory.groupsOf(principal(uai))).containsExactly(TEAM);
    assertThat(directory.grantsOf(principal(uai))).hasSize(1);
  }

  @Test
  void withoutSpecDirectoryGraphIsNotCalled() {
    var uai = resource("orders-api");
    reconcile(uai);
    reconcile(uai);
    assertThat(directory.calls).isEmpty();
    assertThat(condition(uai, "DirectoryReady").getReason()).isEqualTo("NoDirectoryEntries");
  }
}
