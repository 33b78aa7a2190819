package dev.operators.identity.operator.sweep;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.ListedAssignment;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Role assignments and a directory in memory, as the sweep sees Azure: listings at a scope return
 * what is at, above and below it (ARM's inheritance), and the principal type is {@code Unknown} for
 * a principal the directory does not know: one deleted, or one younger than the replication lag.
 */
final class DirectoryAzure implements RoleAssignmentPort {

  record Stored(RoleAssignment assignment, String type, Instant createdOn) {}

  /** Live principals and when each was created. */
  final Map<String, Instant> directory = new HashMap<>();

  final Map<String, Stored> assignments = new LinkedHashMap<>();
  final Set<String> deleted = new TreeSet<>();
  final Set<String> failingScopes = new TreeSet<>();
  final List<String> calls = new ArrayList<>();
  Duration replicationLag = Duration.ZERO;
  Instant now = Instant.parse("2026-03-01T12:00:00Z");

  String principal(Instant createdAt) {
    String id = UUID.randomUUID().toString();
    directory.put(id, createdAt);
    return id;
  }

  RoleAssignment assign(String scope, String principalId, Instant createdOn) {
    String name = UUID.randomUUID().toString();
    RoleAssignment a =
        new RoleAssignment(
            scope + "/providers/Microsoft.Authorization/roleAssignments/" + name,
            name,
            scope,
            "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
            principalId,
            null,
            null,
            null);
    assignments.put(a.id().toLowerCase(Locale.ROOT), new Stored(a, "ServicePrincipal", createdOn));
    return a;
  }

  boolean live(String principalId) {
    return directory.containsKey(principalId);
  }

  private ListedAssignment listed(Stored s) {
    Instant created = directory.get(s.assignment().principalId());
    boolean known = created != null && !created.plus(replicationLag).isAfter(now);
    return new ListedAssignment(
        s.assignment(), known ? s.type() : ListedAssignment.UNKNOWN, Optional.of(s.createdOn()));
  }

  @Override
  public List<ListedAssignment> listAtScope(String scope) {
    calls.add("list " + scope);
    if (failingScopes.contains(scope)) {
      throw new AzureRequestException("list", 503, "ServiceUnavailable", "down", null, null, null);
    }
    String at = scope.toLowerCase(Locale.ROOT);
    return assignments.values().stream()
        .filter(
            s -> {
              String other = s.assignment().scope().toLowerCase(Locale.ROOT);
              return other.equals(at) || other.startsWith(at + "/") || at.startsWith(other + "/");
            })
        .map(this::listed)
        .toList();
  }

  @Override
  public Optional<ListedAssignment> get(String roleAssignmentId) {
    calls.add("get " + roleAssignmentId);
    return Optional.ofNullable(assignments.get(roleAssignmentId.toLowerCase(Locale.ROOT)))
        .map(this::listed);
  }

  @Override
  public boolean delete(String roleAssignmentId) {
    calls.add("delete " + roleAssignmentId);
    deleted.add(roleAssignmentId);
    return assignments.remove(roleAssignmentId.toLowerCase(Locale.ROOT)) != null;
  }

  @Override
  public List<RoleAssignment> listForPrincipal(String scope, String principalId) {
    throw new UnsupportedOperationException("not used by sweeps");
  }

  @Override
  public RoleAssignmentWrite create(NewRoleAssignment assignment) {
    throw new UnsupportedOperationException("sweeps never create");
  }
}
