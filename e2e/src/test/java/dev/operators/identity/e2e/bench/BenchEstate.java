package dev.operators.identity.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.EmulatorControl;
import dev.operators.identity.emulator.IdentityProviderThrottling;
import dev.operators.identity.emulator.ThrottlingConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's estate: N identities, each with {@value #ROLES} role assignments (on scopes of
 * its own subscription) and {@value #ASSIGNEES} assignees (web apps), spread over as many
 * subscriptions as the role-assignment limit needs; the emulator's limits (ARM's default buckets
 * and the identity provider's published rates, times a scale); and the floor those limits set.
 */
record BenchEstate(int identities, double scale, int roleAssignmentLimit) {

  static final int ROLES = 5;
  static final int ASSIGNEES = 2;
  static final String NAMESPACE = "bench";
  static final String RG = "rg-bench";
  static final String LOCATION = "eastus";

  /** Identities per subscription: as many as its role-assignment limit holds. */
  int perSubscription() {
    return roleAssignmentLimit / ROLES;
  }

  int subscriptions() {
    return (identities + perSubscription() - 1) / perSubscription();
  }

  String subscription(int index) {
    return String.format(Locale.ROOT, "00000000-0000-0000-0000-%012d", 100 + index);
  }

  /** Identities go round the subscriptions (so no subscription is worked on alone at first). */
  int subscriptionIndexOf(int identity) {
    return identity % subscriptions();
  }

  String subscriptionOf(int identity) {
    return subscription(subscriptionIndexOf(identity));
  }

  int identitiesIn(int subscription) {
    return (identities - subscription + subscriptions() - 1) / subscriptions();
  }

  /** ARM's write bucket's refill per subscription: 10 per second, times the scale. */
  double writesPerSecond() {
    return 10 * scale;
  }

  /** ARM's default buckets and the identity provider's rates, each times the scale. */
  ThrottlingConfig throttling() {
    IdentityProviderThrottling published = IdentityProviderThrottling.published();
    return new ThrottlingConfig(
        (int) (250 * scale),
        25 * scale,
        (int) (200 * scale),
        writesPerSecond(),
        (int) (200 * scale),
        10 * scale,
        new IdentityProviderThrottling(
            true,
            published.writesPerSecondPerSubscription() * scale,
            published.writesPerSecondPerTenant() * scale,
            published.writesPerSecondPerIdentity() * scale,
            published.readsPerSecondPerSubscription() * scale,
            published.readsPerSecondPerIdentity() * scale,
            published.listsPerSecondPerSubscription() * scale,
            published.deletesPerSecondPerSubscription() * scale,
            published.deletesPerSecondPerIdentity() * scale));
  }

  EmulatorConfig emulatorConfig() {
    List<String> subscriptions = new ArrayList<>();
    for (int i = 0; i < subscriptions(); i++) {
      subscriptions.add(subscription(i));
    }
    return EmulatorConfig.defaults()
        .withSubscriptionIds(subscriptions)
        .withRoleAssignmentLimit(roleAssignmentLimit)
        .withThrottling(throttling());
  }

  private String rg(int subscription) {
    return "/subscriptions/" + subscription(subscription) + "/resourceGroups/" + RG;
  }

  /** Resource groups, the shared scopes and every identity's web apps (the control API: free). */
  void create(EmulatorControl azure) throws Exception {
    ObjectMapper json = new ObjectMapper();
    var located = json.createObjectNode().put("location", LOCATION);
    var app = json.createObjectNode().put("location", LOCATION).put("kind", "app");
    for (int s = 0; s < subscriptions(); s++) {
      azure.createResourceGroup(subscription(s), RG, LOCATION);
      for (String scope : scopes(s)) {
        if (scope.contains("/providers/")) {
          azure.putResource(scope, located);
        }
      }
    }
    for (int i = 0; i < identities; i++) {
      for (int a = 0; a < ASSIGNEES; a++) {
        azure.putResource(app(i, a), app);
      }
    }
  }

  private List<String> scopes(int s) {
    String rg = rg(s);
    return List.of(
        rg,
        rg + "/providers/Microsoft.Storage/storageAccounts/benchdata",
        rg + "/providers/Microsoft.ContainerRegistry/registries/benchacr",
        rg + "/providers/Microsoft.KeyVault/vaults/bench-kv");
  }

  private String app(int identity, int a) {
    // in the identity's own subscription, as its role assignments' scopes: the floor counts every
    // write of an identity in its subscription
    return rg(subscriptionIndexOf(identity))
        + "/providers/Microsoft.Web/sites/app-"
        + identity
        + "-"
        + a;
  }

  UserAssignedIdentity resource(int i) {
    List<String> scopes = scopes(subscriptionIndexOf(i));
    var spec = new UserAssignedIdentitySpec();
    spec.setSubscriptionId(subscriptionOf(i));
    spec.setResourceGroup(RG);
    spec.setLocation(LOCATION);
    spec.setRoleAssignments(
        List.of(
            new RoleAssignmentSpec("Reader", scopes.get(0)),
            new RoleAssignmentSpec("Storage Blob Data Reader", scopes.get(1)),
            new RoleAssignmentSpec("Reader", scopes.get(1)),
            new RoleAssignmentSpec("AcrPull", scopes.get(2)),
            new RoleAssignmentSpec("Key Vault Secrets User", scopes.get(3))));
    spec.setAssignees(List.of(new AssigneeSpec(app(i, 0)), new AssigneeSpec(app(i, 1))));
    var uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withName("id-" + i).withNamespace(NAMESPACE).build());
    uai.setSpec(spec);
    return uai;
  }

  /**
   * The least time the modelled limits allow, in seconds: per subscription, ARM's write bucket
   * (full at the start) for every write the estate needs (one identity PUT, the role-assignment
   * PUTs, one write per attachment), and the identity provider's creates per subscription; the
   * provider's creates per tenant over all subscriptions. Reads are not counted (what an operator
   * must read is its own choice), nor the order of writes (a role assignment after its identity).
   */
  Floor floor() {
    double writeCapacity = (int) (200 * scale);
    double writeRate = writesPerSecond();
    double createRate = 2 * scale;
    double createCapacity = Math.max(1, Math.floor(createRate));
    double worst = 0;
    String bound = "";
    for (int s = 0; s < subscriptions(); s++) {
      int n = identitiesIn(s);
      long writes = (long) n * (1 + ROLES + ASSIGNEES);
      double arm = Math.max(0, writes - writeCapacity) / writeRate;
      double creates = Math.max(0, n - createCapacity) / createRate;
      if (arm > worst) {
        worst = arm;
        bound = writes + " ARM writes in a subscription at " + writeRate + "/s";
      }
      if (creates > worst) {
        worst = creates;
        bound = n + " identity creates in a subscription at " + createRate + "/s";
      }
    }
    double tenantRate = 10 * scale;
    double tenant = Math.max(0, identities - Math.max(1, Math.floor(tenantRate))) / tenantRate;
    if (tenant > worst) {
      worst = tenant;
      bound = identities + " identity creates in the tenant at " + tenantRate + "/s";
    }
    return new Floor(worst, bound);
  }

  /** The floor in seconds and what sets it. */
  record Floor(double seconds, String boundBy) {}
}
