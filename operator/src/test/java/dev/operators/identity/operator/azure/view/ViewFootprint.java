package dev.operators.identity.operator.azure.view;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.operator.azure.AssigneeChange;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.ListedAssignment;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.PendingOperation;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Prints the heap the listing views hold for an estate (default 10,000 identities with five role
 * assignments and one assignee each, over 13 subscriptions): a figure, not a test. Run with {@code
 * mvn -B -q -pl operator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.operators.identity.operator.azure.view.ViewFootprint -Dexec.args=10000}.
 * Every string is a fresh copy per listing, as JSON parsing makes them.
 */
public final class ViewFootprint {

  private static final int SUBSCRIPTIONS = 13;
  private static final int ROLES = 20;

  private final Map<String, List<AzureIdentity>> groups = new HashMap<>();
  private final Map<String, List<RoleAssignment>> assignments = new HashMap<>();
  private final Map<String, List<AssigneeResource>> resources = new HashMap<>();
  private final List<String[]> lookups = new ArrayList<>();

  public static void main(String[] args) throws InterruptedException {
    int identities = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    ViewFootprint estate = new ViewFootprint(identities);
    AzurePorts view =
        AzureView.over(
            estate.ports(), Duration.ofMinutes(10), Duration.ofHours(4), Clock.systemUTC());
    long before = usedHeap();
    for (String[] l : estate.lookups) {
      view.identities().find(new IdentityRef(l[0], l[1], l[2]));
      view.roleAssignments().listForPrincipal("/subscriptions/" + l[0], l[3]);
      view.assignees().find(l[4]);
    }
    long after = usedHeap();
    System.out.printf(
        "listing views of %d identities, %d role assignments, %d assignees: %.1f MiB of heap%n",
        estate.lookups.size(),
        estate.assignments.values().stream().mapToInt(List::size).sum(),
        estate.lookups.size(),
        (after - before) / 1048576.0);
    System.out.println(view.identities().getClass().getSimpleName() + " kept: " + view.hashCode());
  }

  private ViewFootprint(int identities) {
    String tenant = UUID.randomUUID().toString();
    List<String> roles = new ArrayList<>();
    for (int i = 0; i < ROLES; i++) {
      roles.add(UUID.randomUUID().toString());
    }
    int perSubscription = (identities + SUBSCRIPTIONS - 1) / SUBSCRIPTIONS;
    for (int i = 0; i < identities; i++) {
      String sub = "0000000" + (i / perSubscription) + "-0000-0000-0000-000000000000";
      String group = "rg-team-" + (i % 50);
      IdentityRef ref = new IdentityRef(sub, group, "id-app-" + i + "-eastus");
      String principal = UUID.randomUUID().toString();
      Map<String, String> tags =
          Map.of(
              "team", "team-" + (i % 50),
              "identity.operators.dev.cluster", "aks-prod",
              "identity.operators.dev.namespace", "ns-" + (i % 50),
              "identity.operators.dev.name", "app-" + i);
      groups
          .computeIfAbsent(sub + "/" + group, k -> new ArrayList<>())
          .add(
              new AzureIdentity(
                  ref.resourceId(),
                  ref.name(),
                  "eastus",
                  IsolationScope.None,
                  tags,
                  principal,
                  UUID.randomUUID().toString(),
                  tenant));
      for (int r = 0; r < 5; r++) {
        String scope =
            "/subscriptions/"
                + sub
                + "/resourceGroups/rg-data-"
                + (i % 100)
                + "/providers/Microsoft.Storage/storageAccounts/data"
                + (i % 100);
        String name = UUID.randomUUID().toString();
        assignments
            .computeIfAbsent("/subscriptions/" + sub, k -> new ArrayList<>())
            .add(
                new RoleAssignment(
                    scope + "/providers/Microsoft.Authorization/roleAssignments/" + name,
                    name,
                    scope,
                    "/subscriptions/"
                        + sub
                        + "/providers/Microsoft.Authorization/roleDefinitions/"
                        + roles.get((i + r) % ROLES),
                    principal,
                    null,
                    null,
                    null));
      }
      String site =
          "/subscriptions/"
              + sub
              + "/resourceGroups/"
              + group
              + "/providers/Microsoft.Web/sites/a"
              + i;
      resources
          .computeIfAbsent(sub, k -> new ArrayList<>())
          .add(
              new AssigneeResource(
                  site,
                  "Microsoft.Web/sites",
                  "eastus",
                  "UserAssigned",
                  List.of(ref.resourceId())));
      lookups.add(new String[] {sub, group, ref.name(), principal, site});
    }
  }

  private static long usedHeap() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static String copy(String s) {
    return s == null ? null : new String(s);
  }

  private AzurePorts ports() {
    return new AzurePorts(
        identities(), null, roleAssignments(), assignees(), null, null, null, null);
  }

  private IdentityPort identities() {
    return new IdentityPort() {
      @Override
      public Optional<AzureIdentity> find(IdentityRef ref) {
        return Optional.empty();
      }

      @Override
      public List<AzureIdentity> list(String subscriptionId, String resourceGroup) {
        return groups.getOrDefault(subscriptionId + "/" + resourceGroup, List.of()).stream()
            .map(
                i -> {
                  Map<String, String> tags = new HashMap<>();
                  i.tags().forEach((k, v) -> tags.put(copy(k), copy(v)));
                  return new AzureIdentity(
                      copy(i.resourceId()),
                      copy(i.name()),
                      copy(i.location()),
                      i.isolationScope(),
                      tags,
                      copy(i.principalId()),
                      copy(i.clientId()),
                      copy(i.tenantId()));
                })
            .toList();
      }

      @Override
      public AzureIdentity createOrReplace(IdentityRef ref, DesiredIdentity desired) {
        throw new UnsupportedOperationException();
      }

      @Override
      public AzureIdentity update(IdentityRef ref, DesiredIdentity desired) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean delete(IdentityRef ref) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private RoleAssignmentPort roleAssignments() {
    return new RoleAssignmentPort() {
      @Override
      public List<RoleAssignment> listForPrincipal(String scope, String principalId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public RoleAssignmentWrite create(NewRoleAssignment assignment) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<ListedAssignment> listAtScope(String scope) {
        return assignments.getOrDefault(scope, List.of()).stream()
            .map(
                a ->
                    new ListedAssignment(
                        new RoleAssignment(
                            copy(a.id()),
                            copy(a.name()),
                            copy(a.scope()),
                            copy(a.roleDefinitionId()),
                            copy(a.principalId()),
                            null,
                            null,
                            null),
                        "ServicePrincipal",
                        Optional.empty()))
            .toList();
      }

      @Override
      public Optional<ListedAssignment> get(String roleAssignmentId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean delete(String roleAssignmentId) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private AssigneePort assignees() {
    return new AssigneePort() {
      @Override
      public Optional<AssigneeResource> find(String resourceId) {
        return Optional.empty();
      }

      @Override
      public List<AssigneeResource> listCarryingUserAssignedIdentities(String subscriptionId) {
        return resources.getOrDefault(subscriptionId, List.of()).stream()
            .map(
                r ->
                    new AssigneeResource(
                        copy(r.id()),
                        copy(r.type()),
                        copy(r.location()),
                        copy(r.identityType()),
                        r.userAssignedIdentityIds().stream().map(ViewFootprint::copy).toList()))
            .toList();
      }

      @Override
      public AssigneeChange attach(String resourceId, String identityId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public AssigneeChange detach(String resourceId, String identityId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public AssigneeChange check(String resourceId, PendingOperation operation) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
