package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.policy.PolicyDefault;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;

/** The reconciler against in-memory Azure ports, with recorded events. */
abstract class ReconcilerFixture {

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final IdentityRef REF = new IdentityRef(SUB, "rg-orders", "orders-api");
  static final Duration RESYNC = Duration.ofMinutes(10);
  static final String ISSUER = "https://oidc.prod-aks.azure.com/tenant/cluster/";

  InMemoryIdentities azure;
  InMemoryAuthorization authorization;
  InMemoryAssignees assignees;
  InMemoryFederatedCredentials credentials;
  InMemoryRestrictions restrictions;
  InMemoryDirectory directory;
  InMemoryServiceAccounts serviceAccounts;
  InMemoryConfigMaps configMaps;
  InMemoryPolicies policies;
  RecordingEvents events;

  /** Statuses written outside a reconcile's own update (during deletion), in order. */
  final List<UserAssignedIdentity> statusWrites = new CopyOnWriteArrayList<>();

  /** Resources whose pass ended in an unexpected error, as the metrics hear of them, by name. */
  final List<String> failedPasses = new CopyOnWriteArrayList<>();

  UserAssignedIdentityReconciler reconciler;

  /** What the cluster reports: the CRD, or the resource's namespace, being deleted. */
  volatile boolean crdTerminating;

  volatile boolean namespaceTerminating;

  @BeforeEach
  void setUpFixture() {
    ports = null;
    azure = new InMemoryIdentities();
    authorization = new InMemoryAuthorization();
    assignees = new InMemoryAssignees();
    credentials = new InMemoryFederatedCredentials();
    restrictions = new InMemoryRestrictions();
    directory = new InMemoryDirectory();
    serviceAccounts = new InMemoryServiceAccounts();
    configMaps = new InMemoryConfigMaps();
    policies = new InMemoryPolicies();
    events = new RecordingEvents();
    reconciler =
        reconcilerWith(
            new ClusterState() {
              @Override
              public boolean crdTerminating() {
                return crdTerminating;
              }

              @Override
              public boolean namespaceTerminating(String namespace) {
                return namespaceTerminating;
              }
            });
  }

  /** A reconciler on this fixture's fakes that sees the cluster as {@code cluster} says. */
  UserAssignedIdentityReconciler reconcilerWith(ClusterState cluster) {
    KubernetesPorts kubernetes =
        new KubernetesPorts(cluster, statusWrites::add, serviceAccounts, configMaps, policies);
    return new UserAssignedIdentityReconciler(
        azurePorts(),
        events,
        settings(),
        new ReconcileListener() {
          @Override
          public void reconciled(UserAssignedIdentity resource) {}

          @Override
          public void removed(ResourceID resource) {}

          @Override
          public void failed(UserAssignedIdentity resource) {
            failedPasses.add(resource.getMetadata().getName());
          }
        },
        kubernetes,
        ResourceChecks.of(settings(), azurePorts(), kubernetes),
        clock());
  }

  /** The reconciler's clock. */
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The checks the reconciler makes (and the admission webhook), on this fixture's fakes. */
  ResourceChecks checks() {
    return ResourceChecks.of(
        settings(),
        azurePorts(),
        new KubernetesPorts(null, statusWrites::add, serviceAccounts, configMaps, policies));
  }

  private AzurePorts ports;

  private AzurePorts azurePorts() {
    if (ports == null) {
      ports =
          view(
              new AzurePorts(
                  azure,
                  authorization,
                  authorization,
                  assignees,
                  azure,
                  credentials,
                  restrictions,
                  directory));
    }
    return ports;
  }

  /** The ports the reconciler sees in front of the fakes (none but the fakes by default). */
  AzurePorts view(AzurePorts fakes) {
    return fakes;
  }

  private ReconcilerSettings settings() {
    return new ReconcilerSettings(
        "test-cluster",
        Optional.of(SUB),
        RESYNC,
        Duration.ofSeconds(2),
        Duration.ofMinutes(5),
        cloud(),
        namespaceDeletionPolicy(),
        oidcIssuer(),
        policyDefault(),
        dryRun(),
        false);
  }

  /** Whether the operator runs in dry-run mode. */
  boolean dryRun() {
    return false;
  }

  /** What applies to a namespace no policy selects. */
  PolicyDefault policyDefault() {
    return PolicyDefault.SecureDefault;
  }

  /** The operator's namespace deletion policy. */
  DeletionPolicy namespaceDeletionPolicy() {
    return DeletionPolicy.Orphan;
  }

  /** The cluster's OIDC issuer as the operator is configured with it. */
  Optional<String> oidcIssuer() {
    return Optional.of(ISSUER);
  }

  /** The Azure cloud the reconciler is configured for. */
  String cloud() {
    return "AzureCloud";
  }

  static UserAssignedIdentity resource(String name) {
    var spec = new UserAssignedIdentitySpec();
    spec.setResourceGroup("rg-orders");
    spec.setLocation("eastus");
    spec.setTags(Map.of("team", "orders"));
    var uai = new UserAssignedIdentity();
    uai.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team-orders")
            .withGeneration(1L)
            .withUid("uid-" + name)
            .build());
    uai.setSpec(spec);
    return uai;
  }

  /** The resource orders-api with these role assignments. */
  static UserAssignedIdentity withRoles(RoleAssignmentSpec... roles) {
    var uai = resource("orders-api");
    uai.getSpec().setRoleAssignments(List.of(roles));
    return uai;
  }

  UpdateControl<UserAssignedIdentity> reconcile(UserAssignedIdentity uai) {
    return reconciler.reconcile(uai, null);
  }

  static Condition condition(UserAssignedIdentity uai, String type) {
    return uai.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
