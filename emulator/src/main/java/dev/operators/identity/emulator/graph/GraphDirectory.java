package dev.operators.identity.emulator.graph;

import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.TokenBucket;
import dev.operators.identity.emulator.resources.StoredResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Microsoft Graph's view of the directory: one service principal per managed identity the ARM
 * emulator holds (same object ID as its {@code principalId}, visible to Graph only after the
 * replication delay on the emulator's clock), resource service principals with app roles (Microsoft
 * Graph's own from the start, others seeded), groups (seeded), group memberships and app role
 * assignments. An identity deleted in ARM takes its service principal with it, and with it its
 * memberships and app role assignments, as in Entra ID (pruned on every read).
 */
public final class GraphDirectory {
  /** A group: {@code isAssignableToRole} groups need RoleManagement.ReadWrite.Directory. */
  public record Group(String id, String displayName, boolean roleAssignable) {}

  /** An app role a resource application declares (application permission). */
  public record AppRole(String id, String value, String displayName) {}

  /** A service principal: a managed identity's or a resource application's. */
  public record ServicePrincipal(
      String id,
      String appId,
      String displayName,
      String servicePrincipalType,
      List<String> alternativeNames,
      List<AppRole> appRoles) {}

  /** An app role granted to a principal on a resource service principal. */
  public record AppRoleAssignment(
      String id, String principalId, String resourceId, String appRoleId, Instant created) {}

  private final EmulatorState state;
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
  private final Map<String, ServicePrincipal> resources = new ConcurrentHashMap<>();
  private final Map<String, AppRoleAssignment> assignments = new ConcurrentHashMap<>();
  private volatile Duration replicationDelay;
  private volatile boolean roleManagementGranted;
  private volatile int pageSize = 100;
  private volatile TokenBucket throttle;

  public GraphDirectory(EmulatorState state) {
    this.state = state;
    reset();
  }

  /** Forgets everything seeded; Microsoft Graph's own service principal is back, throttling off. */
  public synchronized void reset() {
    groups.clear();
    members.clear();
    resources.clear();
    assignments.clear();
    WellKnownResources.all().forEach(sp -> resources.put(key(sp.id()), sp));
    replicationDelay = state.config().principalReplicationDelay();
    roleManagementGranted = false;
    pageSize = 100;
    throttle = null;
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  Instant now() {
    return state.now();
  }

  // ---- settings ---------------------------------------------------------------------------

  /** How long a new identity's service principal answers 404 in Graph (emulator's clock). */
  public void replicationDelay(Duration delay) {
    this.replicationDelay = delay;
  }

  /** Whether callers may change the members of role-assignable groups (off by default). */
  public void roleManagementGranted(boolean granted) {
    this.roleManagementGranted = granted;
  }

  boolean roleManagementGranted() {
    return roleManagementGranted;
  }

  /** Items per page of Graph's lists (100, Graph's default for these lists). */
  public void pageSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("page size must be at least 1");
    }
    this.pageSize = size;
  }

  int pageSize() {
    return pageSize;
  }

  /** Throttling of every Graph request: a bucket of {@code capacity} refilled per second; off. */
  public void throttling(int capacity, double refillPerSecond) {
    this.throttle = new TokenBucket(capacity, refillPerSecond, state.config().clock());
  }

  public void throttlingOff() {
    this.throttle = null;
  }

  /** Seconds to wait when throttled, or 0 when the request may go on (takes a token). */
  long throttleWait() {
    TokenBucket bucket = throttle;
    if (bucket == null) {
      return 0;
    }
    long left = bucket.take();
    return left < 0 ? -left : 0;
  }

  // ---- service principals -----------------------------------------------------------------

  /** A service principal Graph can see now (a new identity's only after replication). */
  public synchronized Optional<ServicePrincipal> servicePrincipal(String id) {
    ServicePrincipal resource = resources.get(key(id));
    if (resource != null) {
      return Optional.of(resource);
    }
    return state.store().withPrincipal(null, id).stream()
        .filter(r -> r.principalCreatedAt() != null)
        .filter(this::replicated)
        .map(GraphDirectory::identityPrincipal)
        .findFirst();
  }

  /** Every service principal Graph can see now, ordered by id. */
  public synchronized List<ServicePrincipal> servicePrincipals() {
    List<ServicePrincipal> all = new ArrayList<>(resources.values());
    identities().stream()
        .filter(this::replicated)
        .map(GraphDirectory::identityPrincipal)
        .forEach(all::add);
    all.sort(Comparator.comparing(ServicePrincipal::id));
    return all;
  }

  /** Seeds a resource application's service principal (replaces one with the same id). */
  public void putResource(ServicePrincipal servicePrincipal) {
    resources.put(key(servicePrincipal.id()), servicePrincipal);
  }

  private List<StoredResource> identities() {
    return state.store().all().stream()
        .filter(r -> r.principalCreatedAt() != null && principalId(r) != null)
        .toList();
  }

  private boolean replicated(StoredResource identity) {
    return !now().isBefore(identity.principalCreatedAt().plus(replicationDelay));
  }

  private static String principalId(StoredResource identity) {
    return identity.document().path("properties").path("principalId").asText(null);
  }

  private static ServicePrincipal identityPrincipal(StoredResource identity) {
    String clientId = identity.document().path("properties").path("clientId").asText(null);
    return new ServicePrincipal(
        principalId(identity),
        clientId,
        identity.name(),
        "ManagedIdentity",
        List.of(clientId == null ? "" : clientId, identity.id()),
        List.of());
  }

  /** Whether the object exists in the directory at all (replicated or not). */
  private boolean exists(String objectId) {
    return resources.containsKey(key(objectId))
        || groups.containsKey(key(objectId))
        || state.directory().find(objectId).isPresent();
  }

  // ---- groups and memberships -------------------------------------------------------------

  public void putGroup(Group group) {
    groups.put(key(group.id()), group);
    members.computeIfAbsent(key(group.id()), k -> new LinkedHashSet<>());
  }

  public synchronized void removeGroup(String id) {
    groups.remove(key(id));
    members.remove(key(id));
  }

  public Optional<Group> group(String id) {
    return Optional.ofNullable(groups.get(key(id)));
  }

  /** Adds a member; false when it already was one. The group must exist. */
  synchronized boolean addMember(String groupId, String memberId) {
    return members.get(key(groupId)).add(key(memberId));
  }

  /** Removes a member; false when it was none. */
  synchronized boolean removeMember(String groupId, String memberId) {
    Set<String> set = members.get(key(groupId));
    return set != null && set.remove(key(memberId));
  }

  /**
   * Adds a member as an administrator would (control API): the member must exist in the directory.
   */
  public synchronized void seedMember(String groupId, String memberId) {
    if (group(groupId).isEmpty() || !exists(memberId)) {
      throw new IllegalArgumentException("no group " + groupId + " or no principal " + memberId);
    }
    addMember(groupId, memberId);
  }

  /** The members of a group (object ids, lower case), ordered. */
  public synchronized List<String> members(String groupId) {
    prune();
    Set<String> set = members.get(key(groupId));
    return set == null ? List.of() : set.stream().sorted().toList();
  }

  /** The groups the object is a direct member of, ordered by id. */
  public synchronized List<Group> memberOf(String memberId) {
    prune();
    return members.entrySet().stream()
        .filter(e -> e.getValue().contains(key(memberId)))
        .map(e -> groups.get(e.getKey()))
        .filter(g -> g != null)
        .sorted(Comparator.comparing(Group::id))
        .toList();
  }

  // ---- app role assignments ---------------------------------------------------------------

  /** The new assignment, or empty when the principal holds that role on that resource already. */
  synchronized Optional<AppRoleAssignment> assign(
      String principalId, String resourceId, String appRoleId) {
    prune();
    boolean exists =
        assignments.values().stream()
            .anyMatch(
                a ->
                    a.principalId().equalsIgnoreCase(principalId)
                        && a.resourceId().equalsIgnoreCase(resourceId)
                        && a.appRoleId().equalsIgnoreCase(appRoleId));
    if (exists) {
      return Optional.empty();
    }
    AppRoleAssignment created =
        new AppRoleAssignment(
            assignmentId(), key(principalId), key(resourceId), key(appRoleId), now());
    assignments.put(created.id(), created);
    return Optional.of(created);
  }

  /**
   * Graph's assignment IDs are 43 base64url characters; a random UUID's 22 would do, but a distinct
   * shape keeps clients from treating them as GUIDs.
   */
  private static String assignmentId() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Seeds an assignment as an administrator would (control API). */
  public AppRoleAssignment seedAssignment(String principalId, String resourceId, String appRoleId) {
    if (!exists(principalId) || !resources.containsKey(key(resourceId))) {
      throw new IllegalArgumentException(
          "no principal " + principalId + " or resource " + resourceId);
    }
    return assign(principalId, resourceId, appRoleId)
        .orElseThrow(() -> new IllegalArgumentException("already assigned"));
  }

  synchronized Optional<AppRoleAssignment> assignment(String id) {
    prune();
    return Optional.ofNullable(assignments.get(id));
  }

  synchronized boolean unassign(String id) {
    return assignments.remove(id) != null;
  }

  /** App role assignments granted to a principal, oldest first. */
  public synchronized List<AppRoleAssignment> assignmentsOf(String principalId) {
    prune();
    return sorted(a -> a.principalId().equalsIgnoreCase(principalId));
  }

  /** App role assignments granted on a resource service principal, oldest first. */
  public synchronized List<AppRoleAssignment> assignmentsOn(String resourceId) {
    prune();
    return sorted(a -> a.resourceId().equalsIgnoreCase(resourceId));
  }

  private List<AppRoleAssignment> sorted(java.util.function.Predicate<AppRoleAssignment> which) {
    return assignments.values().stream()
        .filter(which)
        .sorted(
            Comparator.comparing(AppRoleAssignment::created).thenComparing(AppRoleAssignment::id))
        .toList();
  }

  /**
   * Entra deletes a service principal's memberships and app role assignments with it: those of
   * principals that no longer exist (their identity deleted) go.
   */
  private void prune() {
    members.values().forEach(set -> set.removeIf(m -> !exists(m)));
    assignments.values().removeIf(a -> !exists(a.principalId()) || !exists(a.resourceId()));
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }
}
