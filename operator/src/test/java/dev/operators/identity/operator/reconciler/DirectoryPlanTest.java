package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.DirectorySpec;
import dev.operators.identity.api.v1alpha1.DirectoryStatus;
import dev.operators.identity.operator.azure.DirectoryPort.AppRoleGrant;
import dev.operators.identity.operator.azure.DirectoryPort.Group;
import dev.operators.identity.operator.reconciler.DirectoryPlan.Resolution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The directory decisions as a table: what is declared, held, made before, allowed. */
class DirectoryPlanTest {

  static final String G1 = "11111111-1111-1111-1111-111111111111";
  static final String G2 = "22222222-2222-2222-2222-222222222222";
  static final String RA = "33333333-3333-3333-3333-333333333333";
  static final String GRAPH_SP = "44444444-4444-4444-4444-444444444444";
  static final String USER_READ = "df021288-bdef-4463-88db-98f22de89214";
  static final String GROUP_READ = "5b567255-7703-4780-807c-7be8301ae99b";

  static final Group TEAM = new Group(G1, "team", false);
  static final Group OTHER = new Group(G2, "other", false);
  static final Group ADMINS = new Group(RA, "admins", true);
  static final DirectorySpec.AppRole USER_READ_ROLE =
      new DirectorySpec.AppRole("Microsoft Graph", "User.Read.All");

  /** One case: a spec and what was seen, and the expected decisions and removals. */
  record Case(
      String name,
      List<DirectorySpec.Group> groups,
      List<DirectorySpec.AppRole> roles,
      boolean authoritative,
      boolean allowRoleAssignable,
      List<Group> memberOf,
      List<AppRoleGrant> grants,
      List<String> addedBefore,
      List<String> assignedBefore,
      String expected) {}

  static Stream<Arguments> cases() {
    var declareTeam = List.of(new DirectorySpec.Group(G1, null));
    var none = List.<DirectorySpec.Group>of();
    var noRoles = List.<DirectorySpec.AppRole>of();
    var grant = new AppRoleGrant("a-1", GRAPH_SP, USER_READ);
    var otherGrant = new AppRoleGrant("a-2", GRAPH_SP, GROUP_READ);
    return Stream.of(
            new Case(
                "a declared group not joined yet is added",
                declareTeam,
                noRoles,
                false,
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "group " + G1 + " ADD"),
            new Case(
                "a declared group already joined is left alone",
                declareTeam,
                noRoles,
                false,
                false,
                List.of(TEAM),
                List.of(),
                List.of(),
                List.of(),
                "group " + G1 + " READY"),
            new Case(
                "a missing group fails alone",
                List.of(new DirectorySpec.Group(G2, null)),
                noRoles,
                false,
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "group " + G2 + " MISSING"),
            new Case(
                "a display name that does not match changes nothing",
                List.of(new DirectorySpec.Group(G1, "wrong")),
                noRoles,
                false,
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "group " + G1 + " MISSING"),
            new Case(
                "a role-assignable group is refused unless allowed",
                List.of(new DirectorySpec.Group(RA, null)),
                noRoles,
                false,
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "group " + RA + " REFUSED"),
            new Case(
                "a role-assignable group is added when allowed",
                List.of(new DirectorySpec.Group(RA, null)),
                noRoles,
                false,
                true,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "group " + RA + " ADD"),
            new Case(
                "a group the operator added that left the spec is removed",
                none,
                noRoles,
                false,
                false,
                List.of(TEAM),
                List.of(),
                List.of(G1),
                List.of(),
                "remove " + G1),
            new Case(
                "an undeclared group not added by the operator is reported",
                none,
                noRoles,
                false,
                false,
                List.of(OTHER),
                List.of(),
                List.of(),
                List.of(),
                "undeclared " + G2),
            new Case(
                "an undeclared group is removed when authoritative",
                none,
                noRoles,
                true,
                false,
                List.of(OTHER),
                List.of(),
                List.of(),
                List.of(),
                "remove " + G2),
            new Case(
                "an undeclared role-assignable group is only reported, even authoritative",
                none,
                noRoles,
                true,
                false,
                List.of(ADMINS),
                List.of(),
                List.of(),
                List.of(),
                "undeclared " + RA),
            new Case(
                "a declared app role not granted is granted",
                none,
                List.of(USER_READ_ROLE),
                false,
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "role User.Read.All ADD"),
            new Case(
                "a declared app role granted is left alone",
                none,
                List.of(USER_READ_ROLE),
                false,
                false,
                List.of(),
                List.of(grant),
                List.of(),
                List.of(),
                "role User.Read.All READY"),
            new Case(
                "an app role that cannot be resolved fails alone",
                none,
                List.of(new DirectorySpec.AppRole("Microsoft Graph", "Nope.All")),
                false,
                false,
                List.of(),
                List.of(grant),
                List.of(),
                List.of(),
                "role Nope.All MISSING; undeclared " + GRAPH_SP),
            new Case(
                "an app role the operator granted that left the spec is revoked",
                none,
                noRoles,
                false,
                false,
                List.of(),
                List.of(grant),
                List.of(),
                List.of("a-1"),
                "revoke a-1"),
            new Case(
                "an undeclared app role is reported",
                none,
                List.of(USER_READ_ROLE),
                false,
                false,
                List.of(),
                List.of(grant, otherGrant),
                List.of(),
                List.of(),
                "role User.Read.All READY; undeclared " + GRAPH_SP),
            new Case(
                "an undeclared app role is revoked when authoritative",
                none,
                List.of(USER_READ_ROLE),
                true,
                false,
                List.of(),
                List.of(grant, otherGrant),
                List.of(),
                List.of(),
                "role User.Read.All READY; revoke a-2"))
        .map(c -> Arguments.of(c.name(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String name, Case c) {
    DirectorySpec spec = new DirectorySpec();
    spec.setGroups(c.groups());
    spec.setAppRoles(c.roles());
    spec.setAuthoritative(c.authoritative());
    Map<String, Optional<Group>> lookups = new HashMap<>();
    for (Group g : List.of(TEAM, ADMINS)) {
      lookups.put(g.id(), Optional.of(g));
    }
    c.groups().forEach(g -> lookups.putIfAbsent(g.getId(), Optional.empty()));
    Map<DirectorySpec.AppRole, Resolution> resolved = new LinkedHashMap<>();
    for (DirectorySpec.AppRole role : c.roles()) {
      resolved.put(
          role,
          role.getAppRole().equals("User.Read.All")
              ? Resolution.found(GRAPH_SP, USER_READ)
              : Resolution.missing("no app role " + role.getAppRole()));
    }
    List<DirectoryStatus.Assignment> assigned = new ArrayList<>();
    c.assignedBefore()
        .forEach(id -> assigned.add(new DirectoryStatus.Assignment(GRAPH_SP, USER_READ, id)));
    DirectoryPlan.Plan plan =
        DirectoryPlan.of(
            spec,
            new DirectoryPlan.Observed(
                c.memberOf(),
                c.grants(),
                lookups,
                resolved,
                c.addedBefore(),
                assigned,
                c.authoritative(),
                c.allowRoleAssignable()));
    assertThat(describe(plan)).isEqualTo(c.expected());
  }

  static String describe(DirectoryPlan.Plan plan) {
    List<String> parts = new ArrayList<>();
    plan.groups().forEach(g -> parts.add("group " + g.groupId() + " " + g.decision()));
    plan.appRoles()
        .forEach(r -> parts.add("role " + r.declared().getAppRole() + " " + r.decision()));
    plan.removals().forEach(r -> parts.add("remove " + r.groupId()));
    plan.revocations().forEach(r -> parts.add("revoke " + r.assignmentId()));
    plan.undeclared()
        .forEach(
            e ->
                parts.add(
                    "undeclared " + (e.getGroupId() != null ? e.getGroupId() : e.getResource())));
    return String.join("; ", parts);
  }
}
