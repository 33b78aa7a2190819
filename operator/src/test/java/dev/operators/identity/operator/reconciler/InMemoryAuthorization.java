package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.ListedAssignment;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.azure.RoleDefinitionPort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Role definitions and assignments in memory, with Azure's rules that matter to the reconciler: one
 * assignment per principal, role and scope (409 RoleAssignmentExists naming the existing one), and
 * failures on demand.
 */
final class InMemoryAuthorization implements RoleDefinitionPort, RoleAssignmentPort {

  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";

  static final Map<String, String> ROLES =
      Map.of(
          "Reader", READER,
          "Storage Blob Data Reader", BLOB_READER,
          "Contributor", CONTRIBUTOR,
          "Owner", RoleAssignmentPlan.OWNER);

  /** Assignments by lower-cased ID. */
  final Map<String, RoleAssignment> assignments = new ConcurrentHashMap<>();

  final List<String> calls = new ArrayList<>();

  /** Assignments that exist but that listings do not show yet (eventual consistency). */
  final Set<String> hiddenFromListing = new HashSet<>();

  private final List<Fault> faults = new ArrayList<>();

  private record Fault(Predicate<String> call, AzureRequestException error, int[] remaining) {}

  /** Fails the next {@code times} calls whose description matches. */
  void fail(Predicate<String> call, AzureRequestException error, int times) {
    faults.add(new Fault(call, error, new int[] {times}));
  }

  static AzureRequestException error(int status, String code, String message) {
    return new AzureRequestException("test", status, code, message, null, null, null);
  }

  List<RoleAssignment> of(String principalId) {
    return assignments.values().stream()
        .filter(a -> a.principalId().equalsIgnoreCase(principalId))
        .toList();
  }

  RoleAssignment addOutOfBand(String scope, String roleGuid, String principalId) {
    String name = UUID.randomUUID().toString();
    RoleAssignment a = assignment(scope, name, roleGuid, principalId, null, null, null);
    assignments.put(a.id().toLowerCase(Locale.ROOT), a);
    return a;
  }

  List<String> writes() {
    return calls.stream().filter(c -> c.startsWith("create") || c.startsWith("delete")).toList();
  }

  @Override
  public Optional<RoleDefinition> findByName(String scope, String roleName) {
    call("role-name " + roleName);
    return ROLES.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(roleName))
        .findFirst()
        .map(e -> definition(scope, e.getValue(), e.getKey()));
  }

  @Override
  public Optional<RoleDefinition> findById(String scope, String guidOrId) {
    call("role-id " + guidOrId);
    String guid = guidOrId.substring(guidOrId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return ROLES.entrySet().stream()
        .filter(e -> e.getValue().equals(guid))
        .findFirst()
        .map(e -> definition(scope, guid, e.getKey()));
  }

  @Override
  public List<RoleAssignment> listForPrincipal(String scope, String principalId) {
    call("list " + scope);
    String root = scope.toLowerCase(Locale.ROOT);
    return of(principalId).stream()
        .filter(a -> a.scope().toLowerCase(Locale.ROOT).startsWith(root))
        .filter(a -> !hiddenFromListing.contains(a.id()))
        .toList();
  }

  /** Not used by the identity reconciler: principals here are all live service principals. */
  @Override
  public List<ListedAssignment> listAtScope(String scope) {
    call("list-all " + scope);
    String root = scope.toLowerCase(Locale.ROOT);
    return assignments.values().stream()
        .filter(a -> a.scope().toLowerCase(Locale.ROOT).startsWith(root))
        .map(a -> new ListedAssignment(a, "ServicePrincipal", Optional.empty()))
        .toList();
  }

  @Override
  public Optional<ListedAssignment> get(String roleAssignmentId) {
    call("get " + roleAssignmentId);
    return Optional.ofNullable(assignments.get(roleAssignmentId.toLowerCase(Locale.ROOT)))
        .map(a -> new ListedAssignment(a, "ServicePrincipal", Optional.empty()));
  }

  @Override
  public RoleAssignmentWrite create(NewRoleAssignment n) {
    call("create " + n.scope() + " " + n.roleDefinitionId());
    RoleAssignment wanted =
        assignment(
            n.scope(),
            n.name(),
            n.roleDefinitionId().substring(n.roleDefinitionId().lastIndexOf('/') + 1),
            n.principalId(),
            n.description(),
            n.condition(),
            n.conditionVersion());
    for (RoleAssignment existing : assignments.values()) {
      if (existing.key().equals(wanted.key())
          && existing.principalId().equalsIgnoreCase(wanted.principalId())
          && !existing.name().equals(wanted.name())) {
        // Azure's 409 RoleAssignmentExists, as the adapter answers it.
        return new RoleAssignmentWrite.ExistsUnderName(existing.name(), existing.id());
      }
    }
    assignments.put(wanted.id().toLowerCase(Locale.ROOT), wanted);
    return new RoleAssignmentWrite.Written(wanted);
  }

  @Override
  public boolean delete(String roleAssignmentId) {
    call("delete " + roleAssignmentId);
    return assignments.remove(roleAssignmentId.toLowerCase(Locale.ROOT)) != null;
  }

  private void call(String description) {
    calls.add(description);
    for (Fault fault : faults) {
      if (fault.remaining()[0] > 0 && fault.call().test(description)) {
        fault.remaining()[0]--;
        throw fault.error();
      }
    }
  }

  private static RoleDefinition definition(String scope, String guid, String name) {
    String sub = scope.startsWith("/subscriptions/") ? scope.split("/")[2] : null;
    String prefix = sub == null ? "" : "/subscriptions/" + sub;
    return new RoleDefinition(
        prefix + "/providers/Microsoft.Authorization/roleDefinitions/" + guid, name);
  }

  private static RoleAssignment assignment(
      String scope,
      String name,
      String roleGuid,
      String principalId,
      String description,
      String condition,
      String conditionVersion) {
    String sub = scope.startsWith("/subscriptions/") ? scope.split("/")[2] : "x";
    return new RoleAssignment(
        scope + "/providers/Microsoft.Authorization/roleAssignments/" + name,
        name,
        scope,
        "/subscriptions/" + sub + "/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid,
        principalId,
        description,
        condition,
        conditionVersion);
  }
}
