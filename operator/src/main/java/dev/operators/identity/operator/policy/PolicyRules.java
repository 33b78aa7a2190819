package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.IdentityPolicySpec;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.ArmPrefixes;
import dev.operators.identity.operator.azure.RoleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules of one policy against one resource (pure): every rule the resource breaks, and what
 * could not be judged yet (a role Azure could not look up). The secure default is the empty policy:
 * it leaves every list open and allows none of what needs an explicit allowance (privileged roles,
 * subscription and management-group scopes, other namespaces' ServiceAccounts).
 */
final class PolicyRules {

  /** What one policy found: the rules broken, and what it could not judge. */
  record Findings(List<Violation> violations, List<String> undecided) {}

  private final String policy;
  private final IdentityPolicySpec rules;
  private final List<Violation> violations = new ArrayList<>();
  private final List<String> undecided = new ArrayList<>();

  private PolicyRules(String policy, IdentityPolicySpec rules) {
    this.policy = policy;
    this.rules = rules;
  }

  static Findings evaluate(String policy, IdentityPolicySpec rules, PolicySubject subject) {
    PolicyRules evaluation = new PolicyRules(policy, rules);
    evaluation.identity(subject);
    evaluation.roleAssignments(subject);
    evaluation.assignees(subject);
    evaluation.workloadIdentity(subject);
    return new Findings(List.copyOf(evaluation.violations), List.copyOf(evaluation.undecided));
  }

  private void identity(PolicySubject subject) {
    var identities = rules.getIdentities();
    String subscription = subject.identity().subscriptionId();
    if (!identities.getSubscriptions().isEmpty()
        && identities.getSubscriptions().stream().noneMatch(subscription::equalsIgnoreCase)) {
      refuse(
          "identities.subscriptions",
          "subscription " + subscription + " is not one of " + identities.getSubscriptions());
    }
    String group = subject.identity().resourceGroup();
    if (!identities.getResourceGroups().isEmpty()
        && identities.getResourceGroups().stream().noneMatch(g -> groupMatches(g, group))) {
      refuse(
          "identities.resourceGroups",
          "resource group " + group + " is not one of " + identities.getResourceGroups());
    }
    String location = normalizedLocation(subject.spec().getLocation());
    if (!identities.getLocations().isEmpty()
        && identities.getLocations().stream()
            .noneMatch(l -> normalizedLocation(l).equals(location))) {
      refuse(
          "identities.locations",
          "location "
              + subject.spec().getLocation()
              + " is not one of "
              + identities.getLocations());
    }
    if (identities.requiresRegionalIsolation()
        && subject.spec().effectiveIsolationScope().orElse(null) != IsolationScope.Regional) {
      refuse(
          "identities.requireRegionalIsolation",
          "isolationScope is "
              + subject.spec().effectiveIsolationScope().map(Enum::name).orElse("None")
              + "; the policy requires Regional");
    }
  }

  private void roleAssignments(PolicySubject subject) {
    var roleRules = rules.getRoleAssignments();
    Integer most = roleRules.getMaxPerIdentity();
    if (most != null && subject.roles().size() > most) {
      refuse(
          "roleAssignments.maxPerIdentity",
          subject.roles().size() + " role assignments declared; at most " + most + " allowed");
    }
    for (DeclaredRole role : subject.roles()) {
      if (roleRules.getDeniedRoles().stream().anyMatch(entry -> names(entry, role))) {
        refuse("roleAssignments.deniedRoles", role.describe() + " is a denied role");
      }
      boolean named = roleRules.getAllowedRoles().stream().anyMatch(entry -> names(entry, role));
      if (role.lookupFailed() && !named) {
        // Neither its other name nor its actions are known: judged once Azure answers.
        undecided.add(role.describe() + ": the role could not be looked up in Azure");
      } else if (!named && !roleRules.getAllowedRoles().isEmpty()) {
        refuse(
            "roleAssignments.allowedRoles",
            role.describe() + " is not one of " + roleRules.getAllowedRoles());
      } else if (!named) {
        privileged(role)
            .ifPresent(
                why ->
                    refuse(
                        "roleAssignments.allowedRoles",
                        role.describe()
                            + " is privileged ("
                            + why
                            + "): only a policy that names it in allowedRoles allows it"));
      }
      scope(role, roleRules.getScopePrefixes());
    }
  }

  private void scope(DeclaredRole role, List<String> prefixes) {
    boolean covered = prefixes.stream().anyMatch(p -> ArmPrefixes.covers(p, role.scope()));
    if (!covered && !prefixes.isEmpty()) {
      refuse(
          "roleAssignments.scopePrefixes",
          role.describe() + ": the scope is not at or below any of " + prefixes);
    } else if (!covered && ArmPrefixes.isBroad(role.scope())) {
      refuse(
          "roleAssignments.scopePrefixes",
          role.describe()
              + ": a subscription or management-group scope needs a policy whose scopePrefixes"
              + " cover it");
    }
  }

  private void assignees(PolicySubject subject) {
    var assigneeRules = rules.getAssignees();
    List<AssigneeSpec> assignees = subject.spec().effectiveAssignees();
    for (int i = 0; i < assignees.size(); i++) {
      String id = assignees.get(i).getResourceId();
      String entry = "assignees[" + i + "] (" + id + ")";
      List<String> prefixes = assigneeRules.getResourceIdPrefixes();
      if (!prefixes.isEmpty() && prefixes.stream().noneMatch(p -> ArmPrefixes.covers(p, id))) {
        refuse("assignees.resourceIdPrefixes", entry + " is not at or below any of " + prefixes);
      }
      List<String> types = assigneeRules.getResourceTypes();
      Optional<String> type = ArmId.tryParse(id, ArmId.Shape.AZURE_RESOURCE).map(ArmId::fullType);
      if (!types.isEmpty()
          && types.stream().noneMatch(t -> type.map(t::equalsIgnoreCase).orElse(false))) {
        refuse(
            "assignees.resourceTypes",
            entry + ": type " + type.orElse("(unknown)") + " is not one of " + types);
      }
    }
  }

  private void workloadIdentity(PolicySubject subject) {
    var workload = rules.getWorkloadIdentity();
    List<ServiceAccountSpec> accounts = subject.spec().effectiveServiceAccounts();
    for (int i = 0; i < accounts.size(); i++) {
      String namespace = accounts.get(i).getNamespace();
      if (namespace != null
          && !namespace.equals(subject.namespace())
          && !workload.getServiceAccountNamespaces().contains(namespace)) {
        refuse(
            "workloadIdentity.serviceAccountNamespaces",
            "workloadIdentity.serviceAccounts["
                + i
                + "] is in namespace "
                + namespace
                + ", not this resource's; only a policy that lists it allows that");
      }
    }
    List<FederatedCredentialSpec> credentials = subject.spec().effectiveFederatedCredentials();
    for (int i = 0; i < credentials.size(); i++) {
      String issuer = credentials.get(i).getIssuer();
      if (!workload.getIssuers().isEmpty() && !workload.getIssuers().contains(issuer)) {
        refuse(
            "workloadIdentity.issuers",
            "federatedCredentials["
                + i
                + "] trusts issuer "
                + issuer
                + ", which is not one of "
                + workload.getIssuers());
      }
    }
  }

  /** Whether a policy entry (a role name or GUID) names the declared role. */
  private static boolean names(String entry, DeclaredRole role) {
    if (role.definition().isPresent()) {
      RoleDefinition found = role.definition().get();
      return entry.equalsIgnoreCase(found.roleName()) || entry.equalsIgnoreCase(found.guid());
    }
    String written = role.role();
    return entry.equalsIgnoreCase(written)
        || entry.equalsIgnoreCase(written.substring(written.lastIndexOf('/') + 1));
  }

  private static Optional<String> privileged(DeclaredRole role) {
    if (role.definition().isPresent()) {
      return PrivilegedRoles.why(role.definition().get());
    }
    return PrivilegedRoles.isBuiltInGuid(role.role())
        ? Optional.of("it can grant access to others")
        : Optional.empty();
  }

  private static boolean groupMatches(String pattern, String group) {
    return pattern.endsWith("*")
        ? group
            .toLowerCase(Locale.ROOT)
            .startsWith(pattern.substring(0, pattern.length() - 1).toLowerCase(Locale.ROOT))
        : pattern.equalsIgnoreCase(group);
  }

  private static String normalizedLocation(String location) {
    return location == null ? "" : location.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  private void refuse(String rule, String message) {
    violations.add(new Violation(policy, rule, message));
  }
}
