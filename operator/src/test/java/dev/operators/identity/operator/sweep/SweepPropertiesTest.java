package dev.operators.identity.operator.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSweep;
import dev.operators.identity.api.v1alpha1.SweepMode;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.reconciler.RecordingEvents;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Over random directories (principals alive or deleted, some just created and not replicated yet)
 * and random assignments inside and outside the sweep's scopes (including ones inherited from
 * above, which listings return too): a sweep, plan and act together, never deletes an assignment of
 * a live principal, never one outside its scopes, deletes nothing in Report mode, and in Delete
 * mode deletes every orphan inside its scopes that is old enough.
 */
class SweepPropertiesTest {

  private static final String SUB = "/subscriptions/00000000-0000-0000-0000-00000000000";
  private static final List<String> PLACES =
      List.of(
          "",
          "/resourceGroups/rg-a",
          "/resourceGroups/RG-A/providers/Microsoft.Storage/storageAccounts/s1",
          "/resourceGroups/rg-ab",
          "/resourceGroups/rg-b",
          "/resourceGroups/rg-b/providers/Microsoft.Web/sites/w");

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void aSweepNeverDeletesALivePrincipalsAssignmentNorOneOutsideItsScopes(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 90) int minimumAgeMinutes,
      @ForAll boolean deleteMode) {
    Random random = new Random(seed);
    DirectoryAzure azure = new DirectoryAzure();
    Duration minimumAge = Duration.ofMinutes(minimumAgeMinutes);
    // Replication never takes longer than the minimum age (that is what the setting is for).
    azure.replicationLag =
        Duration.ofMinutes(minimumAgeMinutes == 0 ? 0 : random.nextInt(minimumAgeMinutes + 1));
    List<String> principals = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(8); i++) {
      Instant created = azure.now.minus(Duration.ofMinutes(random.nextInt(180)));
      String id = azure.principal(created);
      principals.add(id);
      for (int j = 0; j < random.nextInt(4); j++) {
        // An assignment is made after its principal exists.
        long since = Duration.between(created, azure.now).toMinutes();
        Instant made = azure.now.minus(Duration.ofMinutes((long) (random.nextDouble() * since)));
        azure.assign(place(random), id, made);
      }
    }
    for (String id : principals) {
      if (random.nextInt(3) == 0) {
        azure.directory.remove(id);
      }
    }
    List<String> scopes = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      scopes.add(place(random));
    }
    SweepScopes sweepScopes = SweepScopes.of(scopes);
    List<DirectoryAzure.Stored> before = List.copyOf(azure.assignments.values());

    SweepRun.Outcome outcome =
        new SweepRun(azure, new RecordingEvents(), new SweepMetrics(new SimpleMeterRegistry()))
            .run(
                sweep(),
                sweepScopes,
                deleteMode ? SweepMode.Delete : SweepMode.Report,
                minimumAge,
                azure.now);

    for (DirectoryAzure.Stored stored : before) {
      RoleAssignment a = stored.assignment();
      boolean gone = azure.deleted.contains(a.id());
      boolean inside = sweepScopes.contains(a.scope());
      boolean live = azure.live(a.principalId());
      assertThat(gone && live).as("deleted a live principal's assignment %s", a.id()).isFalse();
      assertThat(gone && !inside).as("deleted outside the scopes: %s", a.id()).isFalse();
      assertThat(gone && !deleteMode).as("deleted in Report mode: %s", a.id()).isFalse();
      boolean oldEnough = !stored.createdOn().plus(minimumAge).isAfter(azure.now);
      if (deleteMode && inside && !live && oldEnough) {
        assertThat(gone).as("an old orphan inside the scopes stays: %s", a.id()).isTrue();
      }
    }
    assertThat(outcome.counts().getDeleted()).isEqualTo(azure.deleted.size());
  }

  private static String place(Random random) {
    return SUB + (1 + random.nextInt(2)) + PLACES.get(random.nextInt(PLACES.size()));
  }

  static RoleAssignmentSweep sweep() {
    RoleAssignmentSweep sweep = new RoleAssignmentSweep();
    sweep.setMetadata(new ObjectMetaBuilder().withName("orphans").withGeneration(1L).build());
    return sweep;
  }
}
