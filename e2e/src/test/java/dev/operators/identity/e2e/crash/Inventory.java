package dev.operators.identity.e2e.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.EmulatorControl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The emulator's whole inventory diffed against the declared state (every resource in the cluster):
 * duplicate identities, duplicate role assignments, orphan identities (tagged for this cluster, no
 * resource declares them), role assignments of principals that no longer exist, assignees pointing
 * at deleted identities, and whether each declared resource holds as declared (its identity,
 * exactly its role assignments, its assignees attached and no others).
 */
final class Inventory {

  static final String IDENTITIES = "Microsoft.ManagedIdentity/userAssignedIdentities";
  static final List<String> ASSIGNEE_TYPES =
      List.of(
          "Microsoft.Compute/virtualMachines",
          "Microsoft.Compute/virtualMachineScaleSets",
          "Microsoft.Web/sites",
          "Microsoft.App/containerApps");
  private static final String TAG = "identity.operators.dev.";

  /** What the diff found; empty details when everything holds. */
  record Findings(
      int duplicateIdentities,
      int duplicateRoleAssignments,
      int orphanIdentities,
      int staleRoleAssignments,
      int danglingAssignees,
      int driftedResources,
      List<String> details) {

    boolean clean() {
      return details.isEmpty();
    }
  }

  private final EmulatorControl azure;
  private final String cluster;

  Inventory(EmulatorControl azure, String cluster) {
    this.azure = azure;
    this.cluster = cluster;
  }

  /** Diffs Azure against {@code declared} (the cluster's resources, none being deleted). */
  Findings diff(List<UserAssignedIdentity> declared, String subscription) {
    List<String> details = new ArrayList<>();
    List<JsonNode> identities = azure.listResources(IDENTITIES);
    List<JsonNode> assignments = azure.roleAssignments();
    Map<String, JsonNode> identitiesById = new HashMap<>();
    identities.forEach(i -> identitiesById.put(key(i.path("id").asText()), i));
    Set<String> principals =
        identities.stream()
            .map(i -> i.path("properties").path("principalId").asText())
            .collect(Collectors.toSet());

    Map<String, List<JsonNode>> byOwner =
        identities.stream()
            .filter(i -> cluster.equals(i.path("tags").path(TAG + "cluster").asText(null)))
            .collect(Collectors.groupingBy(Inventory::owner));
    int duplicates = 0;
    for (var owned : byOwner.entrySet()) {
      if (owned.getValue().size() > 1) {
        duplicates += owned.getValue().size() - 1;
        details.add("duplicate identities for " + owned.getKey() + ": " + ids(owned.getValue()));
      }
    }

    Map<String, String> declaredIds = new HashMap<>();
    declared.forEach(r -> declaredIds.put(owner(r), key(armId(r, subscription))));
    int orphans = 0;
    for (var owned : byOwner.entrySet()) {
      for (JsonNode identity : owned.getValue()) {
        if (!key(identity.path("id").asText()).equals(declaredIds.get(owned.getKey()))) {
          orphans++;
          details.add("orphan identity " + identity.path("id").asText() + " of " + owned.getKey());
        }
      }
    }

    Map<String, Integer> grants = new HashMap<>();
    int stale = 0;
    for (JsonNode assignment : assignments) {
      JsonNode p = assignment.path("properties");
      String principal = p.path("principalId").asText();
      grants.merge(grantKey(principal, p), 1, Integer::sum);
      if (!principals.contains(principal)) {
        stale++;
        details.add("role assignment of a principal that no longer exists: " + brief(assignment));
      }
    }
    int duplicateAssignments = 0;
    for (var grant : grants.entrySet()) {
      if (grant.getValue() > 1) {
        duplicateAssignments += grant.getValue() - 1;
        details.add(grant.getValue() + " role assignments of " + grant.getKey());
      }
    }

    int dangling = 0;
    Map<String, Set<String>> attachedTo = new HashMap<>();
    for (String type : ASSIGNEE_TYPES) {
      for (JsonNode resource : azure.listResources(type)) {
        var names = resource.path("identity").path("userAssignedIdentities").fieldNames();
        while (names.hasNext()) {
          String identity = key(names.next());
          attachedTo.computeIfAbsent(identity, k -> new HashSet<>()).add(key(idOf(resource)));
          if (!identitiesById.containsKey(identity)) {
            dangling++;
            details.add(idOf(resource) + " points at deleted identity " + identity);
          }
        }
      }
    }

    int drifted = 0;
    for (UserAssignedIdentity resource : declared) {
      List<String> problems =
          drift(resource, subscription, identitiesById, assignments, attachedTo);
      if (!problems.isEmpty()) {
        drifted++;
        details.add(owner(resource) + " does not hold as declared: " + problems);
      }
    }
    return new Findings(
        duplicates, duplicateAssignments, orphans, stale, dangling, drifted, List.copyOf(details));
  }

  /** How one declared resource differs from Azure (empty when it holds). */
  private static List<String> drift(
      UserAssignedIdentity resource,
      String subscription,
      Map<String, JsonNode> identitiesById,
      List<JsonNode> assignments,
      Map<String, Set<String>> attachedTo) {
    String id = key(armId(resource, subscription));
    JsonNode identity = identitiesById.get(id);
    if (identity == null) {
      return List.of("no identity " + id);
    }
    List<String> problems = new ArrayList<>();
    String isolation = identity.path("properties").path("isolationScope").asText("None");
    String declaredIsolation = resource.getSpec().effectiveIsolationScope().orElseThrow().name();
    if (!isolation.equalsIgnoreCase(declaredIsolation)) {
      problems.add("isolation scope " + isolation + ", declared " + declaredIsolation);
    }
    String principal = identity.path("properties").path("principalId").asText();
    Set<String> held =
        assignments.stream()
            .filter(a -> principal.equals(a.path("properties").path("principalId").asText()))
            .map(a -> grantKey(principal, a.path("properties")))
            .collect(Collectors.toSet());
    Set<String> wanted =
        resource.getSpec().effectiveRoleAssignments().stream()
            .map(
                g ->
                    principal
                        + " "
                        + Scenario.ROLES.getOrDefault(g.getRole(), g.getRole())
                        + " @ "
                        + key(g.getScope()))
            .collect(Collectors.toSet());
    if (!held.equals(wanted)) {
      problems.add("role assignments " + held + ", declared " + wanted);
    }
    Set<String> attached = attachedTo.getOrDefault(id, Set.of());
    Set<String> declaredAssignees =
        resource.getSpec().effectiveAssignees().stream()
            .map(a -> key(a.getResourceId()))
            .collect(Collectors.toSet());
    if (!attached.equals(declaredAssignees)) {
      problems.add("attached to " + attached + ", declared " + declaredAssignees);
    }
    return problems;
  }

  static String armId(UserAssignedIdentity resource, String subscription) {
    var spec = resource.getSpec();
    String name =
        spec.getAzureName() == null ? resource.getMetadata().getName() : spec.getAzureName();
    String sub = spec.getSubscriptionId() == null ? subscription : spec.getSubscriptionId();
    return "/subscriptions/"
        + sub
        + "/resourceGroups/"
        + spec.getResourceGroup()
        + "/providers/"
        + IDENTITIES
        + "/"
        + name;
  }

  private static String owner(JsonNode identity) {
    JsonNode tags = identity.path("tags");
    return tags.path(TAG + "namespace").asText() + "/" + tags.path(TAG + "name").asText();
  }

  private static String owner(UserAssignedIdentity resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  private static String grantKey(String principal, JsonNode properties) {
    String definition = properties.path("roleDefinitionId").asText();
    String guid = definition.substring(definition.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return principal + " " + guid + " @ " + key(properties.path("scope").asText());
  }

  private static String brief(JsonNode assignment) {
    JsonNode p = assignment.path("properties");
    return p.path("principalId").asText()
        + " "
        + p.path("roleDefinitionId").asText().replaceAll(".*/", "")
        + " @ "
        + p.path("scope").asText();
  }

  private static String idOf(JsonNode resource) {
    return resource.path("id").asText();
  }

  private static String ids(List<JsonNode> resources) {
    return resources.stream().map(Inventory::idOf).toList().toString();
  }

  /** ARM IDs compare case-insensitively. */
  static String key(String armId) {
    return armId.toLowerCase(Locale.ROOT);
  }
}
