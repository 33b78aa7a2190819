package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.azure.RoleDefinitionPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the role assignments of the identity's principal exactly the declared set: creates what is
 * missing (under deterministic names), deletes what is not declared, and deletes nothing in a pass
 * where the full desired set or the current set could not be known.
 */
final class RoleAssignmentsStep {

  static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
  static final String USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
  static final String RBAC_ADMINISTRATOR = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
  private static final Set<String> PRIVILEGED_ROLES =
      Set.of(OWNER, USER_ACCESS_ADMINISTRATOR, RBAC_ADMINISTRATOR);

  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern HEX32 = Pattern.compile("\\b([0-9a-fA-F]{32})\\b");
  private static final Duration REPLICATION_RETRY = Duration.ofSeconds(5);

  /** The pass's result: the condition, one status entry per declared assignment, and more. */
  record Outcome(
      PartResult part,
      List<RoleAssignmentStatus> entries,
      List<String> searchScopes,
      List<String> privileged) {}

  private record Desired(int index, RoleAssignmentSpec spec, RoleDefinition definition) {
    String key() {
      return RoleAssignment.keyOf(spec.getScope(), definition.guid());
    }
  }

  private final RoleDefinitionPort roles;
  private final RoleAssignmentPort assignments;
  private final EventRecorder events;

  RoleAssignmentsStep(
      RoleDefinitionPort roles, RoleAssignmentPort assignments, EventRecorder events) {
    this.roles = roles;
    this.assignments = assignments;
    this.events = events;
  }

  Outcome reconcile(
      UserAssignedIdentity resource,
      String identitySubscription,
      String principalId,
      List<RoleAssignmentStatus> previousEntries,
      Collection<String> previousSearchScopes) {
    List<RoleAssignmentSpec> declared = resource.getSpec().effectiveRoleAssignments();
    List<RoleAssignmentStatus> entries = new ArrayList<>();
    Map<String, Desired> desired = new LinkedHashMap<>();
    Progress progress = new Progress();

    for (int i = 0; i < declared.size(); i++) {
      RoleAssignmentSpec spec = declared.get(i);
      RoleAssignmentStatus entry = newEntry(spec);
      entries.add(entry);
      resolve(i, spec, entry, desired, progress);
    }

    Set<String> roots = searchRoots(resource, identitySubscription, previousSearchScopes);
    Map<String, RoleAssignment> existing = new LinkedHashMap<>();
    Set<String> keptRoots = new LinkedHashSet<>();
    for (String root : roots) {
      try {
        List<RoleAssignment> found = assignments.listForPrincipal(root, principalId);
        found.forEach(a -> existing.putIfAbsent(a.id().toLowerCase(Locale.ROOT), a));
        if (!found.isEmpty() || isRequired(root, identitySubscription, declared)) {
          keptRoots.add(root);
        }
      } catch (AzureRequestException e) {
        keptRoots.add(root);
        progress.listingFailed(e);
      }
    }
    Map<String, RoleAssignment> existingByKey = new LinkedHashMap<>();
    existing.values().forEach(a -> existingByKey.putIfAbsent(a.key(), a));

    for (Desired wanted : desired.values()) {
      converge(resource, principalId, wanted, existingByKey.get(wanted.key()), entries, progress);
    }

    List<RoleAssignment> extra =
        existing.values().stream().filter(a -> !desired.containsKey(a.key())).toList();
    if (progress.mayPrune()) {
      for (RoleAssignment stale : extra) {
        try {
          assignments.delete(stale.id());
          events.normal(
              resource,
              "RoleAssignmentDeleted",
              "Deleted role assignment "
                  + stale.id()
                  + " (role "
                  + stale.roleDefinitionGuid()
                  + "): not declared in spec.roleAssignments");
        } catch (AzureRequestException e) {
          progress.pruneFailed(stale, e);
        }
      }
    } else if (!extra.isEmpty()) {
      progress.notPruned(extra.size());
    }

    warnAboutNewFailures(resource, entries, previousEntries);
    List<String> privileged = privileged(desired.values());
    return new Outcome(progress.result(entries), entries, List.copyOf(keptRoots), privileged);
  }

  /**
   * Deletes every role assignment of a principal under the given subscriptions and management
   * groups (for deletion of the resource, or a principal the identity no longer has).
   */
  void deleteAll(UserAssignedIdentity resource, String principalId, Collection<String> roots) {
    Map<String, RoleAssignment> found = new LinkedHashMap<>();
    for (String root : roots) {
      assignments
          .listForPrincipal(root, principalId)
          .forEach(a -> found.putIfAbsent(a.id().toLowerCase(Locale.ROOT), a));
    }
    for (RoleAssignment assignment : found.values()) {
      assignments.delete(assignment.id());
      events.normal(
          resource,
          "RoleAssignmentDeleted",
          "Deleted role assignment " + assignment.id() + " of principal " + principalId);
    }
  }

  /** Every subscription and management group the resource's assignments may live under. */
  static Set<String> searchRoots(
      UserAssignedIdentity resource, String identitySubscription, Collection<String> recorded) {
    Set<String> roots = new LinkedHashSet<>();
    roots.add(AzureScopes.subscriptionScope(identitySubscription));
    resource
        .getSpec()
        .effectiveRoleAssignments()
        .forEach(spec -> AzureScopes.searchRoot(spec.getScope()).ifPresent(roots::add));
    roots.addAll(recorded);
    return roots;
  }

  /** A deterministic name: the same principal, role and scope always give the same GUID. */
  static String assignmentName(String principalId, String roleDefinitionGuid, String scope) {
    String seed = (principalId + "|" + roleDefinitionGuid + "|" + scope).toLowerCase(Locale.ROOT);
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private void resolve(
      int index,
      RoleAssignmentSpec spec,
      RoleAssignmentStatus entry,
      Map<String, Desired> desired,
      Progress progress) {
    try {
      Optional<RoleDefinition> definition =
          spec.getRole().startsWith("/") || GUID.matcher(spec.getRole()).matches()
              ? roles.findById(spec.getScope(), spec.getRole())
              : roles.findByName(spec.getScope(), spec.getRole());
      if (definition.isEmpty()) {
        progress.unresolved();
        fail(entry, "role '" + spec.getRole() + "' does not exist at scope " + spec.getScope());
        return;
      }
      Desired wanted = new Desired(index, spec, definition.get());
      entry.setRoleDefinitionId(definition.get().id());
      Desired twin = desired.putIfAbsent(wanted.key(), wanted);
      if (twin != null) {
        fail(
            entry,
            "same role and scope as roleAssignments["
                + twin.index()
                + "] ('"
                + twin.spec().getRole()
                + "'): each role may be assigned once per scope");
      }
    } catch (AzureRequestException e) {
      progress.unresolved();
      if (e.isTransient()) {
        pending(entry, "resolving role '" + spec.getRole() + "': " + e.getMessage());
        progress.retry(e.retryAfter().orElse(Duration.ZERO));
      } else {
        fail(entry, "resolving role '" + spec.getRole() + "': " + e.getMessage());
      }
    }
  }

  private void converge(
      UserAssignedIdentity resource,
      String principalId,
      Desired wanted,
      RoleAssignment current,
      List<RoleAssignmentStatus> entries,
      Progress progress) {
    RoleAssignmentStatus entry = entries.get(wanted.index());
    RoleAssignmentSpec spec = wanted.spec();
    try {
      if (current != null && sameCondition(current, spec) && sameDescription(current, spec)) {
        ready(entry, current.name(), current.id());
        return;
      }
      if (current != null) {
        // Azure lets a PUT of the same assignment change its condition and description (only
        // principal, role, scope and tenant are fixed): update in place, with no gap in access.
        RoleAssignment updated =
            assignments.create(
                new NewRoleAssignment(
                    spec.getScope(),
                    current.name(),
                    wanted.definition().id(),
                    principalId,
                    spec.getDescription() == null ? current.description() : spec.getDescription(),
                    blankToNull(spec.getCondition()),
                    conditionVersion(spec)));
        ready(entry, updated.name(), updated.id());
        events.normal(
            resource,
            "RoleAssignmentUpdated",
            "Updated the condition or description of role assignment " + updated.id());
        return;
      }
      String name = assignmentName(principalId, wanted.definition().guid(), spec.getScope());
      RoleAssignment created =
          assignments.create(
              new NewRoleAssignment(
                  spec.getScope(),
                  name,
                  wanted.definition().id(),
                  principalId,
                  spec.getDescription(),
                  blankToNull(spec.getCondition()),
                  conditionVersion(spec)));
      ready(entry, created.name(), created.id());
      events.normal(
          resource,
          "RoleAssignmentCreated",
          "Assigned role '"
              + wanted.definition().roleName()
              + "' at "
              + spec.getScope()
              + " ("
              + created.id()
              + ")");
    } catch (AzureRequestException e) {
      handleCreateFailure(resource, spec, entry, e, progress);
    }
  }

  private void handleCreateFailure(
      UserAssignedIdentity resource,
      RoleAssignmentSpec spec,
      RoleAssignmentStatus entry,
      AzureRequestException e,
      Progress progress) {
    if ("RoleAssignmentExists".equals(e.errorCode())) {
      // The same principal, role and scope exist under another name (created by someone else,
      // or not yet visible in the listing): adopt it.
      Matcher hex = HEX32.matcher(e.azureMessage() == null ? "" : e.azureMessage());
      if (hex.find()) {
        String name = hyphenate(hex.group(1));
        ready(
            entry,
            name,
            spec.getScope() + "/providers/Microsoft.Authorization/roleAssignments/" + name);
        events.normal(
            resource,
            "RoleAssignmentAdopted",
            "Role assignment " + name + " already grants this role at " + spec.getScope());
        return;
      }
    }
    if ("PrincipalNotFound".equals(e.errorCode())) {
      pending(
          entry,
          "waiting for Microsoft Entra ID to replicate the identity's principal: "
              + e.getMessage());
      progress.retry(REPLICATION_RETRY);
      return;
    }
    if (e.isTransient()) {
      pending(entry, e.getMessage());
      progress.retry(e.retryAfter().orElse(Duration.ZERO));
      return;
    }
    fail(entry, e.getMessage());
  }

  /** A Warning event for each assignment that failed anew, not for the same failure each pass. */
  private void warnAboutNewFailures(
      UserAssignedIdentity resource,
      List<RoleAssignmentStatus> entries,
      List<RoleAssignmentStatus> previous) {
    for (RoleAssignmentStatus entry : entries) {
      if (entry.getState() != State.Failed) {
        continue;
      }
      boolean known =
          previous.stream()
              .anyMatch(
                  p ->
                      Objects.equals(p.getRole(), entry.getRole())
                          && Objects.equals(p.getScope(), entry.getScope())
                          && p.getState() == State.Failed
                          && Objects.equals(p.getMessage(), entry.getMessage()));
      if (!known) {
        events.warning(
            resource,
            "RoleAssignmentFailed",
            "Role '" + entry.getRole() + "' at " + entry.getScope() + ": " + entry.getMessage());
      }
    }
  }

  private static List<String> privileged(Collection<Desired> desired) {
    List<String> privileged = new ArrayList<>();
    for (Desired d : desired) {
      boolean powerfulRole = PRIVILEGED_ROLES.contains(d.definition().guid());
      boolean broadScope = AzureScopes.isBroad(d.spec().getScope());
      if (powerfulRole || broadScope) {
        privileged.add(
            "'"
                + d.definition().roleName()
                + "' at "
                + d.spec().getScope()
                + (powerfulRole ? " (can grant access to others)" : "")
                + (broadScope ? " (management group or subscription scope)" : ""));
      }
    }
    return privileged;
  }

  private static boolean isRequired(
      String root, String identitySubscription, List<RoleAssignmentSpec> declared) {
    return root.equals(AzureScopes.subscriptionScope(identitySubscription))
        || declared.stream()
            .anyMatch(s -> AzureScopes.searchRoot(s.getScope()).filter(root::equals).isPresent());
  }

  private static boolean sameCondition(RoleAssignment current, RoleAssignmentSpec spec) {
    String wanted = blankToNull(spec.getCondition());
    String actual = blankToNull(current.condition());
    return Objects.equals(wanted, actual)
        && (wanted == null || Objects.equals(conditionVersion(spec), current.conditionVersion()));
  }

  /** A declared description must hold; an undeclared one is left as it is. */
  private static boolean sameDescription(RoleAssignment current, RoleAssignmentSpec spec) {
    return spec.getDescription() == null
        || Objects.equals(spec.getDescription(), current.description());
  }

  private static String conditionVersion(RoleAssignmentSpec spec) {
    if (blankToNull(spec.getCondition()) == null) {
      return null;
    }
    return spec.getConditionVersion() == null ? "2.0" : spec.getConditionVersion();
  }

  private static RoleAssignmentStatus newEntry(RoleAssignmentSpec spec) {
    RoleAssignmentStatus entry = new RoleAssignmentStatus();
    entry.setRole(spec.getRole());
    entry.setScope(spec.getScope());
    return entry;
  }

  private static void ready(RoleAssignmentStatus entry, String name, String id) {
    entry.setName(name);
    entry.setId(id);
    entry.setState(State.Ready);
    entry.setMessage(null);
  }

  private static void pending(RoleAssignmentStatus entry, String message) {
    entry.setState(State.Pending);
    entry.setMessage(message);
  }

  private static void fail(RoleAssignmentStatus entry, String message) {
    entry.setState(State.Failed);
    entry.setMessage(message);
  }

  private static String hyphenate(String hex) {
    String h = hex.toLowerCase(Locale.ROOT);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** What happened in the pass that decides the condition and whether pruning is safe. */
  private static final class Progress {
    private boolean desiredComplete = true;
    private AzureRequestException listingError;
    private final List<String> pruneErrors = new ArrayList<>();
    private int notPruned;
    private Optional<Duration> retry = Optional.empty();

    void unresolved() {
      desiredComplete = false;
    }

    void listingFailed(AzureRequestException e) {
      listingError = e;
      if (e.isTransient()) {
        retry(e.retryAfter().orElse(Duration.ZERO));
      }
    }

    void pruneFailed(RoleAssignment stale, AzureRequestException e) {
      pruneErrors.add("could not delete " + stale.id() + ": " + e.getMessage());
      if (e.isTransient()) {
        retry(e.retryAfter().orElse(Duration.ZERO));
      }
    }

    void notPruned(int count) {
      notPruned = count;
    }

    void retry(Duration atLeast) {
      retry = PartResult.earliest(retry, Optional.of(atLeast));
    }

    boolean mayPrune() {
      return desiredComplete && listingError == null;
    }

    PartResult result(List<RoleAssignmentStatus> entries) {
      List<String> problems = new ArrayList<>();
      for (RoleAssignmentStatus e : entries) {
        if (e.getState() != State.Ready) {
          problems.add(
              e.getState() + " '" + e.getRole() + "' at " + e.getScope() + ": " + e.getMessage());
        }
      }
      if (listingError != null) {
        problems.add("listing role assignments failed: " + listingError.getMessage());
      }
      problems.addAll(pruneErrors);
      if (notPruned > 0) {
        problems.add(
            notPruned
                + " role assignment(s) not in spec were left in place this pass, because the"
                + " full desired or current set could not be determined");
      }
      if (problems.isEmpty()) {
        return PartResult.ready(
            "Assigned", entries.size() + " role assignment(s) in place, none other");
      }
      String message = String.join("; ", problems);
      boolean pending = entries.stream().anyMatch(e -> e.getState() == State.Pending);
      if (retry.isPresent()) {
        return PartResult.retrying(
            pending ? "RoleAssignmentsPending" : "RoleAssignmentsFailed", message, retry.get());
      }
      return PartResult.failed("RoleAssignmentsFailed", message);
    }
  }
}
