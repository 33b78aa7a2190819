package dev.operators.identity.e2e.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kill points a dry run yields. */
class PointPlanTest {

  private static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
  private static final String IDENTITY =
      SUB + "/resourceGroups/rg-crash/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a";
  private static final String SCOPE_A = SUB + "/resourceGroups/rg-crash";
  private static final String SCOPE_B = SUB + "/resourceGroups/rg-crash-data";
  private static final String RA = "/providers/Microsoft.Authorization/roleAssignments/";
  private static final String VM =
      SUB + "/resourceGroups/rg-crash/providers/Microsoft.Compute/virtualMachines/vm-a";
  private static final String RESOURCE =
      "/apis/identity.operators.dev/v1alpha1/namespaces/crash-1/userassignedidentities/a";

  private static RecordedRequest request(String method, String path) {
    return new RecordedRequest(
        method, path, "", 200, "r", "c", null, "t", null, Instant.EPOCH, Duration.ZERO, null);
  }

  @Test
  void eachAzureWriteOnceAtBothMomentsAndEachWriteOfTheResourceByOrdinal() {
    List<KillPoint> points =
        PointPlan.of(
            Scenario.Change.CREATE,
            List.of(
                request("POST", "/tenant/oauth2/v2.0/token"),
                request("GET", IDENTITY),
                request("PUT", IDENTITY),
                request("PUT", SCOPE_A + RA + "guid-1"),
                request("PUT", SCOPE_B + RA + "guid-2"),
                // a retry of the first role assignment: the same point
                request("PUT", SCOPE_A + RA + "guid-1"),
                request("PATCH", VM),
                request("GET", VM)),
            List.of(
                "PATCH " + RESOURCE,
                "PATCH " + RESOURCE + "/status",
                "PUT " + RESOURCE,
                "PATCH " + RESOURCE + "/status",
                "PATCH " + RESOURCE + "-other/status"),
            RESOURCE);

    assertThat(points)
        .extracting(KillPoint::row)
        .containsExactly(
            "create | PUT identity #1 | arrived, not applied",
            "create | PUT identity #1 | applied, not answered",
            "create | PUT roleAssignment #1 | arrived, not applied",
            "create | PUT roleAssignment #1 | applied, not answered",
            "create | PUT roleAssignment #2 | arrived, not applied",
            "create | PUT roleAssignment #2 | applied, not answered",
            "create | PATCH assignee #1 | arrived, not applied",
            "create | PATCH assignee #1 | applied, not answered",
            "create | finalizer write #1 | arrived, not applied",
            "create | finalizer write #1 | applied, not answered",
            "create | status write #1 | arrived, not applied",
            "create | status write #1 | applied, not answered",
            "create | status write #2 | arrived, not applied",
            "create | status write #2 | applied, not answered");
    assertThat(points.get(10).path()).isEqualTo("/status");
    assertThat(points.get(12).ordinal()).isEqualTo(2);
  }

  @Test
  void aRoleAssignmentIsFoundAgainByItsScopeWhateverItsName() {
    String pattern = PointPlan.pattern(SCOPE_B + RA + "guid-of-this-run");

    FaultRule rule = FaultRule.holdThenDrop("PUT", pattern, Duration.ofSeconds(1), 1);

    assertThat(rule.matches("PUT", SCOPE_B + RA + "guid-of-another-run")).isTrue();
    assertThat(rule.matches("PUT", SCOPE_B.toLowerCase() + RA + "x")).isTrue();
    assertThat(rule.matches("PUT", SCOPE_A + RA + "guid-of-this-run")).isFalse();
    assertThat(rule.matches("PUT", SCOPE_B + "/providers/Microsoft.KeyVault/vaults/v" + RA + "x"))
        .isFalse();
    assertThat(FaultRule.holdThenDrop("PUT", PointPlan.pattern(VM), Duration.ZERO, 1))
        .satisfies(r -> assertThat(r.matches("PUT", VM)).isTrue())
        .satisfies(r -> assertThat(r.matches("PUT", VM + "2")).isFalse());
  }
}
