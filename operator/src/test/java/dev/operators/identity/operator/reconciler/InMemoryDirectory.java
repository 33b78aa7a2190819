package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DirectoryPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The directory in memory: principals (known once {@link #replicate} is called, as Graph knows them
 * after replication), groups, resource applications, memberships and app role assignments, with the
 * port's idempotent writes; every write is logged in {@link #calls}.
 */
final class InMemoryDirectory implements DirectoryPort {

  final Set<String> principals = ConcurrentHashMap.newKeySet();
  final Map<String, Group> groups = new ConcurrentHashMap<>();
  final Map<String, ResourceApp> apps = new ConcurrentHashMap<>();
  final Map<String, Set<String>> members = new ConcurrentHashMap<>();
  final Map<String, AppRoleGrant> grants = new ConcurrentHashMap<>();
  final Map<String, String> grantees = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();

  void replicate(String principalId) {
    principals.add(key(principalId));
  }

  Group group(String id, String name, boolean roleAssignable) {
    Group group = new Group(id, name, roleAssignable);
    groups.put(key(id), group);
    return group;
  }

  ResourceApp app(String spId, String appId, String name, AppRole... roles) {
    ResourceApp app = new ResourceApp(spId, appId, name, List.of(roles));
    apps.put(key(appId), app);
    return app;
  }

  /** Someone else's change: a membership the operator did not make. */
  void addOutOfBand(String groupId, String principalId) {
    members.computeIfAbsent(key(groupId), k -> ConcurrentHashMap.newKeySet()).add(key(principalId));
  }

  List<String> groupsOf(String principalId) {
    return members.entrySet().stream()
        .filter(e -> e.getValue().contains(key(principalId)))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  List<AppRoleGrant> grantsOf(String principalId) {
    return grants.values().stream()
        .filter(g -> key(principalId).equals(grantees.get(g.id())))
        .toList();
  }

  @Override
  public Optional<Principal> principal(String principalId) {
    if (!principals.contains(key(principalId))) {
      return Optional.empty();
    }
    List<Group> of = new ArrayList<>();
    groupsOf(principalId).forEach(g -> of.add(groups.get(g)));
    return Optional.of(new Principal(principalId, of, grantsOf(principalId)));
  }

  @Override
  public Optional<Group> group(String groupId) {
    return Optional.ofNullable(groups.get(key(groupId)));
  }

  @Override
  public Optional<ResourceApp> resourceApp(String appId) {
    return Optional.ofNullable(apps.get(key(appId)));
  }

  @Override
  public void addMember(String groupId, String principalId) {
    calls.add("add " + groupId);
    if (!groups.containsKey(key(groupId)) || !principals.contains(key(principalId))) {
      throw notFound(groupId);
    }
    addOutOfBand(groupId, principalId);
  }

  @Override
  public void removeMember(String groupId, String principalId) {
    calls.add("remove " + groupId);
    Set<String> set = members.get(key(groupId));
    if (set != null) {
      set.remove(key(principalId));
    }
  }

  @Override
  public AppRoleGrant assignAppRole(String principalId, String resourceId, String appRoleId) {
    calls.add("assign " + appRoleId);
    Optional<AppRoleGrant> existing =
        grantsOf(principalId).stream()
            .filter(g -> g.resourceId().equals(resourceId) && g.appRoleId().equals(appRoleId))
            .findFirst();
    if (existing.isPresent()) {
      return existing.get();
    }
    AppRoleGrant grant = new AppRoleGrant(UUID.randomUUID().toString(), resourceId, appRoleId);
    grants.put(grant.id(), grant);
    grantees.put(grant.id(), key(principalId));
    return grant;
  }

  @Override
  public void removeAppRole(String resourceId, String assignmentId) {
    calls.add("revoke " + assignmentId);
    grants.remove(assignmentId);
  }

  private static AzureRequestException notFound(String id) {
    return new AzureRequestException(
        "Microsoft Graph: add group member",
        404,
        "Request_ResourceNotFound",
        "Resource '" + id + "' does not exist",
        null,
        null,
        null);
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
