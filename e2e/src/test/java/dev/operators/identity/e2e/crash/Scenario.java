package dev.operators.identity.e2e.crash;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * One resource's story under test, deterministic per seed: its name, role assignments (1 to 3, each
 * on its own scope) and assignees (1 or 2, of any type), and the change the operator is killed in
 * the middle of. The same seed gives the same resource for every change, so a failure replays with
 * its seed.
 */
record Scenario(
    Change change,
    long seed,
    String name,
    List<Grant> grants,
    List<Assignee> assignees,
    int removed,
    Assignee added) {

  /** What happens to the resource while the operator is killed. */
  enum Change {
    CREATE("create"),
    REMOVE_ROLE_ASSIGNMENT("update: role assignment removed"),
    ADD_ASSIGNEE("update: assignee added"),
    SWITCH_TO_REGIONAL("update: isolation scope to Regional"),
    DELETE("delete");

    final String label;

    Change(String label) {
      this.label = label;
    }

    /** Whether the resource exists, converged, before the change. */
    boolean startsFromExisting() {
      return this != CREATE;
    }
  }

  /** A role at a scope, relative to the subscription ({@code /resourceGroups/...}). */
  record Grant(String role, String roleDefinitionGuid, String scope) {}

  /** An Azure resource the identity is attached to. */
  record Assignee(String type, String name) {
    String resourceId(String subscription) {
      return "/subscriptions/"
          + subscription
          + "/resourceGroups/"
          + CrashStack.RG
          + "/providers/"
          + type
          + "/"
          + name;
    }
  }

  /** Roles used here, by name and built-in role definition GUID. */
  static final Map<String, String> ROLES =
      Map.of(
          "Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7",
          "Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
          "Storage Queue Data Reader", "19e7f393-937e-4f77-808e-94535e297925",
          "AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d",
          "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6");

  /** Each on a scope of its own: a role assignment's writes are told apart by their scope. */
  private static final List<Grant> GRANTS =
      List.of(
          grant("Reader", "/resourceGroups/" + CrashStack.RG),
          grant("Storage Blob Data Reader", CrashStack.STORAGE_ACCOUNT),
          grant("Reader", "/resourceGroups/" + CrashStack.DATA_RG),
          grant("AcrPull", CrashStack.REGISTRY),
          grant("Key Vault Secrets User", CrashStack.VAULT));

  private static final List<String> ASSIGNEE_TYPES =
      List.of(
          "Microsoft.Compute/virtualMachines",
          "Microsoft.Compute/virtualMachineScaleSets",
          "Microsoft.Web/sites",
          "Microsoft.App/containerApps");

  private static final List<String> WORDS =
      List.of("orders", "billing", "search", "ledger", "intake", "report", "audit", "relay");

  private static Grant grant(String role, String scope) {
    return new Grant(role, ROLES.get(role), scope);
  }

  /** The scenario of a seed for a change. */
  static Scenario of(Change change, long seed) {
    // Seeds next to each other give java.util.Random's first numbers alike: mix them first.
    Random random = new Random(new java.util.SplittableRandom(seed).nextLong());
    String word = WORDS.get(random.nextInt(WORDS.size()));
    String name = "id-" + word + "-" + Long.toHexString(seed & 0xffffff);
    List<Grant> pool = new ArrayList<>(GRANTS);
    java.util.Collections.shuffle(pool, random);
    List<Grant> grants = List.copyOf(pool.subList(0, 1 + random.nextInt(3)));
    List<Assignee> assignees = new ArrayList<>();
    int count = 1 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      assignees.add(assignee(random, word, i));
    }
    return new Scenario(
        change,
        seed,
        name,
        grants,
        List.copyOf(assignees),
        random.nextInt(grants.size()),
        assignee(random, word, count));
  }

  private static Assignee assignee(Random random, String word, int index) {
    String type = ASSIGNEE_TYPES.get(random.nextInt(ASSIGNEE_TYPES.size()));
    String prefix =
        switch (type) {
          case "Microsoft.Compute/virtualMachines" -> "vm";
          case "Microsoft.Compute/virtualMachineScaleSets" -> "vmss";
          case "Microsoft.Web/sites" -> "app";
          default -> "aca";
        };
    return new Assignee(type, prefix + "-" + word + "-" + index);
  }

  /** Every Azure resource the scenario needs seeded before it starts (assignees, scopes). */
  List<Assignee> azureResources() {
    List<Assignee> all = new ArrayList<>(assignees);
    all.add(added);
    return all;
  }

  /** The resource before the change (for a create: what is created). */
  UserAssignedIdentity initial(String namespace, String subscription) {
    return resource(namespace, subscription, grants, assignees, IsolationScope.None);
  }

  /** The resource after the change (for a delete: as before, deleted). */
  UserAssignedIdentity changed(String namespace, String subscription) {
    return switch (change) {
      case CREATE, DELETE -> initial(namespace, subscription);
      case REMOVE_ROLE_ASSIGNMENT -> {
        List<Grant> kept = new ArrayList<>(grants);
        kept.remove(removed);
        yield resource(namespace, subscription, kept, assignees, IsolationScope.None);
      }
      case ADD_ASSIGNEE -> {
        List<Assignee> more = new ArrayList<>(assignees);
        more.add(added);
        yield resource(namespace, subscription, grants, more, IsolationScope.None);
      }
      case SWITCH_TO_REGIONAL ->
          resource(namespace, subscription, grants, assignees, IsolationScope.Regional);
    };
  }

  private UserAssignedIdentity resource(
      String namespace,
      String subscription,
      List<Grant> grants,
      List<Assignee> assignees,
      IsolationScope isolation) {
    var spec = new UserAssignedIdentitySpec();
    spec.setResourceGroup(CrashStack.RG);
    spec.setLocation(CrashStack.LOCATION);
    spec.setIsolationScope(isolation.name());
    spec.setTags(Map.of("seed", Long.toString(seed)));
    spec.setRoleAssignments(
        grants.stream()
            .map(
                g -> new RoleAssignmentSpec(g.role(), "/subscriptions/" + subscription + g.scope()))
            .toList());
    spec.setAssignees(
        assignees.stream().map(a -> new AssigneeSpec(a.resourceId(subscription))).toList());
    var uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    uai.setSpec(spec);
    return uai;
  }

  /** One line to replay it by: the seed and what it made of it. */
  String describe() {
    String detail =
        switch (change) {
          case REMOVE_ROLE_ASSIGNMENT -> ", removes " + brief(grants.get(removed));
          case ADD_ASSIGNEE -> ", adds " + added.type() + " " + added.name();
          default -> "";
        };
    return "seed "
        + seed
        + " "
        + change.label
        + ": "
        + name
        + " with "
        + grants.stream().map(Scenario::brief).collect(Collectors.joining(", ", "[", "]"))
        + " on "
        + assignees.stream()
            .map(a -> a.type().substring(a.type().indexOf('/') + 1) + " " + a.name())
            .collect(Collectors.joining(", ", "[", "]"))
        + detail;
  }

  private static String brief(Grant grant) {
    return grant.role() + " @ " + grant.scope().substring(grant.scope().lastIndexOf('/') + 1);
  }
}
