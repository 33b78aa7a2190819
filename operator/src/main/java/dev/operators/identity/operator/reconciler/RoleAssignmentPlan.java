package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.policy.PrivilegedRoles;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a role-assignment pass does, decided from what it observed (pure: no ports). One action per
 * declared assignment (keep, update in place, create, or why not), the undeclared assignments to
 * delete, and whether deleting is safe: only when every declared role resolved and every place the
 * principal's assignments may live was listed, so that "not declared" is known, not guessed.
 */
record RoleAssignmentPlan(
    List<Action> actions,
    List<RoleAssignment> deletions,
    List<RoleAssignment> leftInPlace,
    List<Failure> observationFailures,
    List<String> searchScopes,
    List<String> privileged) {

  static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

  /** The kind of object a role-assignment change writes, as a planned change names it. */
  static final String KIND = "RoleAssignment";

  /** A declared assignment and what became of looking up its role. */
  record Declared(
      RoleAssignmentSpec spec, Optional<RoleDefinition> role, Optional<Failure> lookup) {
    static Declared resolved(RoleAssignmentSpec spec, RoleDefinition role) {
      return new Declared(spec, Optional.of(role), Optional.empty());
    }

    static Declared noSuchRole(RoleAssignmentSpec spec) {
      return new Declared(spec, Optional.empty(), Optional.empty());
    }

    static Declared lookupFailed(RoleAssignmentSpec spec, Failure failure) {
      return new Declared(spec, Optional.empty(), Optional.of(failure));
    }

    String key() {
      return RoleAssignment.keyOf(spec.getScope(), role.orElseThrow().guid());
    }
  }

  /**
   * The principal's assignments listed under one subscription or management group, or why not;
   * {@code required} for the identity's own subscription and the roots of declared scopes.
   */
  record Listing(
      String root, boolean required, List<RoleAssignment> found, Optional<Failure> failure) {
    static Listing of(String root, boolean required, List<RoleAssignment> found) {
      return new Listing(root, required, found, Optional.empty());
    }

    static Listing failed(String root, Failure failure) {
      return new Listing(root, true, List.of(), Optional.of(failure));
    }
  }

  /** What to do for the declared assignment at {@code index}. */
  sealed interface Action {
    int index();

    /** Azure holds it as declared. */
    record Keep(int index, RoleAssignment current) implements Action {}

    /** Azure holds it with another condition or description: a PUT changes them in place. */
    record Update(int index, RoleAssignment current, NewRoleAssignment write) implements Action {}

    /** Missing: a PUT under its deterministic name. */
    record Create(int index, NewRoleAssignment write, String roleName) implements Action {}

    /** Nothing can be written for it: a Pending (passes) or Failed entry with this message. */
    record Refuse(int index, boolean pending, String message, Optional<Failure> failure)
        implements Action {}
  }

  /**
   * The target of a write, as a planned change shows it: the assignment's ID when it is known
   * (named after its principal, role and scope), else role and scope.
   */
  static String describe(Action action) {
    if (action instanceof Action.Update update) {
      return update.current().id();
    }
    Action.Create create = (Action.Create) action;
    NewRoleAssignment write = create.write();
    return write.principalId() == null
        ? "role '" + create.roleName() + "' at " + write.scope() + " (for the new identity)"
        : write.scope() + "/providers/Microsoft.Authorization/roleAssignments/" + write.name();
  }

  boolean pruneSafe() {
    return leftInPlace.isEmpty();
  }

  static RoleAssignmentPlan decide(
      String principalId, List<Declared> declared, List<Listing> listings) {
    Map<String, RoleAssignment> existingByKey = new LinkedHashMap<>();
    Map<String, RoleAssignment> existingById = new LinkedHashMap<>();
    List<Failure> failures = new ArrayList<>();
    List<String> scopes = new ArrayList<>();
    for (Listing listing : listings) {
      listing.failure().ifPresent(failures::add);
      if (listing.failure().isPresent() || listing.required() || !listing.found().isEmpty()) {
        scopes.add(listing.root());
      }
      for (RoleAssignment a : listing.found()) {
        if (existingById.putIfAbsent(a.id().toLowerCase(Locale.ROOT), a) == null) {
          existingByKey.putIfAbsent(a.key(), a);
        }
      }
    }

    List<Action> actions = new ArrayList<>();
    Map<String, Integer> firstOfKey = new LinkedHashMap<>();
    boolean desiredComplete = true;
    for (int i = 0; i < declared.size(); i++) {
      Declared d = declared.get(i);
      RoleAssignmentSpec spec = d.spec();
      if (d.role().isEmpty()) {
        desiredComplete = false;
        actions.add(unresolved(i, d));
        continue;
      }
      Integer twin = firstOfKey.putIfAbsent(d.key(), i);
      if (twin != null) {
        actions.add(
            new Action.Refuse(
                i,
                false,
                "same role and scope as roleAssignments["
                    + twin
                    + "] ("
                    + ArmId.quote(declared.get(twin).spec().getRole())
                    + "): each role may be assigned once per scope",
                Optional.empty()));
        continue;
      }
      actions.add(converge(i, principalId, spec, d.role().get(), existingByKey.get(d.key())));
    }

    List<RoleAssignment> extra =
        existingById.values().stream().filter(a -> !firstOfKey.containsKey(a.key())).toList();
    boolean safe = desiredComplete && failures.isEmpty();
    return new RoleAssignmentPlan(
        actions,
        safe ? extra : List.of(),
        safe ? List.of() : extra,
        failures,
        scopes,
        privileged(declared, firstOfKey));
  }

  /** A deterministic name: the same principal, role and scope always give the same GUID. */
  static String assignmentName(String principalId, String roleDefinitionGuid, String scope) {
    String seed = (principalId + "|" + roleDefinitionGuid + "|" + scope).toLowerCase(Locale.ROOT);
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static Action unresolved(int index, Declared d) {
    String role = d.spec().getRole();
    if (d.lookup().isEmpty()) {
      return new Action.Refuse(
          index,
          false,
          "role " + ArmId.quote(role) + " does not exist at scope " + d.spec().getScope(),
          Optional.empty());
    }
    Failure failure = d.lookup().get();
    return new Action.Refuse(
        index,
        failure.passes(),
        "resolving role " + ArmId.quote(role) + ": " + failure.message(),
        Optional.of(failure));
  }

  private static Action converge(
      int index,
      String principalId,
      RoleAssignmentSpec spec,
      RoleDefinition role,
      RoleAssignment current) {
    if (current == null) {
      String name = assignmentName(principalId, role.guid(), spec.getScope());
      return new Action.Create(
          index, write(spec, name, role, principalId, spec.getDescription()), role.roleName());
    }
    if (sameCondition(current, spec) && sameDescription(current, spec)) {
      return new Action.Keep(index, current);
    }
    // Azure lets a PUT of the same assignment change its condition and description (only
    // principal, role, scope and tenant are fixed): update in place, with no gap in access.
    String description =
        spec.getDescription() == null ? current.description() : spec.getDescription();
    return new Action.Update(
        index, current, write(spec, current.name(), role, principalId, description));
  }

  private static NewRoleAssignment write(
      RoleAssignmentSpec spec,
      String name,
      RoleDefinition role,
      String principalId,
      String description) {
    return new NewRoleAssignment(
        spec.getScope(),
        name,
        role.id(),
        principalId,
        description,
        blankToNull(spec.getCondition()),
        conditionVersion(spec));
  }

  private static List<String> privileged(List<Declared> declared, Map<String, Integer> unique) {
    List<String> privileged = new ArrayList<>();
    for (int index : unique.values()) {
      Declared d = declared.get(index);
      RoleDefinition role = d.role().orElseThrow();
      boolean powerfulRole = PrivilegedRoles.isBuiltIn(role.guid());
      boolean broadScope = AzureScopes.isBroad(d.spec().getScope());
      if (powerfulRole || broadScope) {
        privileged.add(
            ArmId.quote(role.roleName())
                + " at "
                + d.spec().getScope()
                + (powerfulRole ? " (can grant access to others)" : "")
                + (broadScope ? " (management group or subscription scope)" : ""));
      }
    }
    return privileged;
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

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
