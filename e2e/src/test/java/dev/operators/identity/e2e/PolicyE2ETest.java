package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IdentityPolicy against the real operator, the embedded API and the emulator: a refused resource
 * causes no Azure write at all; policies intersect; a policy tightened later deletes nothing; a
 * policy's namespace deletion policy decides what deleting the namespace does; the policy's status
 * lists the resources that break it.
 */
class PolicyE2ETest extends E2EFixture {

  private final List<String> policies = new ArrayList<>();

  @AfterEach
  void deletePolicies() {
    policies.forEach(p -> stack.client().resources(IdentityPolicy.class).withName(p).delete());
  }

  @Test
  void theSecureDefaultRefusesOwnerBeforeAnyAzureWriteAndAPolicyNamingItLetsItConverge() {
    UserAssignedIdentity uai = identity("wants-owner", "eastus");
    uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec("Owner", rgScope())));
    apply(uai);

    UserAssignedIdentity refused =
        awaitCondition("wants-owner", "PolicyCompliant", "False", "PolicyViolation");
    assertThat(condition(refused, "Ready").orElseThrow().getMessage())
        .contains("the secure default (no IdentityPolicy selects namespace " + namespace + ")")
        .contains("rule roleAssignments.allowedRoles")
        .contains("Owner")
        .contains("Nothing was written to Azure");
    assertThat(azureWrites()).as("no Azure write for a refused resource").isZero();
    assertThat(azureIdentity("wants-owner")).isEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events("wants-owner").stream().anyMatch(e -> e.contains("PolicyViolation")));

    policy(
        "owners-" + namespace,
        "{namespaces: [" + namespace + "], roleAssignments: {allowedRoles: [Owner]}}");

    UserAssignedIdentity ready = awaitReady("wants-owner");
    assertThat(condition(ready, "PolicyCompliant").orElseThrow().getMessage())
        .contains("IdentityPolicy \"owners-" + namespace + "\"");
    assertThat(events("wants-owner").stream().filter(e -> e.contains("PolicyViolation")))
        .as("one event for the violation, not one per retry")
        .hasSize(1);
  }

  @Test
  void policiesIntersectAndEachPolicysStatusListsWhatBreaksIt() {
    String wide = "wide-" + namespace;
    String narrow = "narrow-" + namespace;
    policy(wide, "{namespaces: [" + namespace + "], identities: {locations: [eastus, westus]}}");
    policy(narrow, "{namespaces: [" + namespace + "], identities: {locations: [eastus]}}");
    apply(identity("in-westus", "westus"));

    UserAssignedIdentity refused =
        awaitCondition("in-westus", "PolicyCompliant", "False", "PolicyViolation");
    assertThat(condition(refused, "PolicyCompliant").orElseThrow().getMessage())
        .contains("IdentityPolicy \"" + narrow + "\", rule identities.locations")
        .doesNotContain("IdentityPolicy \"" + wide + "\"");
    assertThat(azureWrites()).isZero();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var status = policyStatus(narrow);
              assertThat(status.getViolations())
                  .extracting(v -> v.getNamespace() + "/" + v.getName() + " " + v.getRule())
                  .containsExactly(namespace + "/in-westus identities.locations");
              assertThat(status.getSelectedNamespaces()).contains(namespace);
              assertThat(policyStatus(wide).getViolationCount()).isZero();
            });
  }

  @Test
  void aPolicyTightenedLaterReportsAndDeletesNothing() {
    apply(identityWithReader("already-granted"));
    awaitReady("already-granted");
    String principal = cr("already-granted").get().getStatus().getPrincipalId();
    int assignments = assignmentsOf(principal).size();
    stack.emulator().control().clearRequests();

    policy(
        "no-readers-" + namespace,
        "{namespaces: [" + namespace + "], roleAssignments: {deniedRoles: [Reader]}}");

    awaitCondition("already-granted", "PolicyCompliant", "False", "PolicyViolation");
    assertThat(assignmentsOf(principal)).hasSize(assignments);
    assertThat(azureIdentity("already-granted")).isPresent();
    // Only this identity's writes: a resource left by an earlier test of the class (whose policy
    // went with it) may converge meanwhile.
    assertThat(writesTo("already-granted")).isZero();
    assertThat(stack.emulator().control().count("DELETE", "(?i)/roleAssignments/")).isZero();
  }

  @Test
  void aPolicysNamespaceDeletionPolicyDeleteOverridesTheOperatorsOrphan() {
    policy(
        "delete-with-" + namespace,
        "{namespaces: [" + namespace + "], namespaceDeletionPolicy: Delete}");
    apply(identityWithReader("goes-with-namespace"));
    awaitReady("goes-with-namespace");

    stack.client().namespaces().withName(namespace).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> stack.client().namespaces().withName(namespace).get() == null);
    assertThat(azureIdentity("goes-with-namespace")).as("deleted, as the policy says").isEmpty();
  }

  private void policy(String name, String spec) {
    IdentityPolicy policy =
        Serialization.unmarshal(
            "apiVersion: identity.operators.dev/v1alpha1\nkind: IdentityPolicy\nmetadata:\n  name: "
                + name
                + "\nspec: "
                + spec
                + "\n",
            IdentityPolicy.class);
    stack.client().resource(policy).create();
    policies.add(name);
  }

  private dev.operators.identity.api.v1alpha1.IdentityPolicyStatus policyStatus(String name) {
    IdentityPolicy policy = stack.client().resources(IdentityPolicy.class).withName(name).get();
    assertThat(policy.getStatus()).as("status of " + name).isNotNull();
    return policy.getStatus();
  }

  private String rgScope() {
    return "/subscriptions/" + sub + "/resourceGroups/" + RG;
  }

  private long azureWrites() {
    String arm = "(?i)/(subscriptions|providers)/.*";
    return stack.emulator().control().count("PUT", arm)
        + stack.emulator().control().count("PATCH", arm)
        + stack.emulator().control().count("DELETE", arm)
        + stack.emulator().control().count("POST", arm);
  }
}
