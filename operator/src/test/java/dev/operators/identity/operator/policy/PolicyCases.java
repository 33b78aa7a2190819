package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.operator.azure.RoleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The table of {@link PolicyEvaluationTest}: one case per rule, default and combination. */
final class PolicyCases {
  private PolicyCases() {}

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final String RG_SCOPE = "/subscriptions/" + SUB + "/resourceGroups/rg-data";
  static final RoleDefinition READER =
      role("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", "*/read");
  static final RoleDefinition OWNER = role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", "*");
  static final RoleDefinition CONTRIBUTOR =
      role("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor", "*");
  static final RoleDefinition GRANTER =
      role(
          "11111111-2222-3333-4444-555555555555",
          "Custom Granter",
          "Microsoft.Authorization/*/Write");
  static final String SITE =
      "/subscriptions/" + SUB + "/resourceGroups/rg-app/providers/Microsoft.Web/sites/orders";
  static final String VM =
      "/subscriptions/"
          + SUB
          + "/resourceGroups/rg-other/providers/Microsoft.Compute/virtualMachines/vm1";

  record Case(
      String name,
      String spec,
      List<DeclaredRole> roles,
      List<String> policies,
      PolicyDefault fallback,
      List<String> expectedRules,
      boolean undecided) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    String base = "{resourceGroup: rg-app, location: eastus}";
    cases.add(secure("a plain identity passes the secure default", base, List.of(), List.of()));
    cases.add(
        secure(
            "a reader role at a resource group passes the secure default",
            base,
            List.of(DeclaredRole.found(0, "Reader", RG_SCOPE, READER)),
            List.of()));
    cases.add(
        secure(
            "Owner is refused by the secure default",
            base,
            List.of(DeclaredRole.found(0, "Owner", RG_SCOPE, OWNER)),
            List.of("roleAssignments.allowedRoles")));
    cases.add(
        secure(
            "Contributor (actions *) is privileged",
            base,
            List.of(DeclaredRole.found(0, "Contributor", RG_SCOPE, CONTRIBUTOR)),
            List.of("roleAssignments.allowedRoles")));
    cases.add(
        secure(
            "a custom role with Microsoft.Authorization/*/Write is privileged",
            base,
            List.of(DeclaredRole.found(0, "Custom Granter", RG_SCOPE, GRANTER)),
            List.of("roleAssignments.allowedRoles")));
    cases.add(
        secure(
            "Owner written as its GUID, not found, is still refused",
            base,
            List.of(DeclaredRole.notFound(0, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", RG_SCOPE)),
            List.of("roleAssignments.allowedRoles")));
    cases.add(
        secure(
            "a subscription scope is refused by the secure default",
            base,
            List.of(DeclaredRole.found(0, "Reader", "/subscriptions/" + SUB, READER)),
            List.of("roleAssignments.scopePrefixes")));
    cases.add(
        secure(
            "a management-group scope is refused by the secure default",
            base,
            List.of(
                DeclaredRole.found(
                    0, "Reader", "/providers/Microsoft.Management/managementGroups/mg1", READER)),
            List.of("roleAssignments.scopePrefixes")));
    cases.add(
        secure(
            "another namespace's ServiceAccount is refused by the secure default",
            "{resourceGroup: rg-app, location: eastus, workloadIdentity: {serviceAccounts:"
                + " [{name: api, namespace: other}]}}",
            List.of(),
            List.of("workloadIdentity.serviceAccountNamespaces")));
    cases.add(
        secure(
            "the own namespace named explicitly is fine",
            "{resourceGroup: rg-app, location: eastus, workloadIdentity: {serviceAccounts:"
                + " [{name: api, namespace: team-a}]}}",
            List.of(),
            List.of()));
    cases.add(
        secure(
            "a role Azure could not look up is undecided",
            base,
            List.of(DeclaredRole.unknown(0, "Reader", RG_SCOPE)),
            List.of(),
            true));
    cases.add(
        new Case(
            "deny unless allowed refuses a namespace no policy selects",
            base,
            List.of(),
            List.of("{namespaces: [team-b]}"),
            PolicyDefault.DenyUnlessAllowed,
            List.of("policy default"),
            false));
    cases.add(
        withPolicy(
            "deny unless allowed passes a namespace a policy selects",
            base,
            List.of(),
            PolicyDefault.DenyUnlessAllowed,
            List.of(),
            "{namespaces: [team-a]}"));
    cases.add(
        withPolicy(
            "identities.subscriptions",
            base,
            List.of(),
            PolicyDefault.SecureDefault,
            List.of("identities.subscriptions"),
            "{namespaces: [team-a], identities: {subscriptions: [00000000-0000-0000-0000-000000000009]}}"));
    cases.add(
        withPolicy(
            "identities.subscriptions matches in any case",
            base,
            List.of(),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], identities: {subscriptions: [" + SUB.toUpperCase() + "]}}"));
    cases.add(
        withPolicy(
            "identities.resourceGroups with a trailing wildcard",
            base,
            List.of(),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], identities: {resourceGroups: [RG-*]}}"));
    cases.add(
        withPolicy(
            "identities.resourceGroups refused",
            base,
            List.of(),
            PolicyDefault.SecureDefault,
            List.of("identities.resourceGroups"),
            "{namespaces: [team-a], identities: {resourceGroups: [rg-orders, rg-orders-*]}}"));
    cases.add(
        withPolicy(
            "identities.locations normalizes display names",
            "{resourceGroup: rg-app, location: East US}",
            List.of(),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], identities: {locations: [eastus]}}"));
    cases.add(
        withPolicy(
            "identities.locations refused",
            base,
            List.of(),
            PolicyDefault.SecureDefault,
            List.of("identities.locations"),
            "{namespaces: [team-a], identities: {locations: [westeurope]}}"));
    cases.add(
        withPolicy(
            "identities.requireRegionalIsolation refused",
            base,
            List.of(),
            PolicyDefault.SecureDefault,
            List.of("identities.requireRegionalIsolation"),
            "{namespaces: [team-a], identities: {requireRegionalIsolation: true}}"));
    cases.add(
        withPolicy(
            "identities.requireRegionalIsolation met",
            "{resourceGroup: rg-app, location: eastus, isolationScope: Regional}",
            List.of(),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], identities: {requireRegionalIsolation: true}}"));
    cases.add(
        withPolicy(
            "a policy naming Owner allows it",
            base,
            List.of(DeclaredRole.found(0, "Owner", RG_SCOPE, OWNER)),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], roleAssignments: {allowedRoles: [owner]}}"));
    cases.add(
        withPolicy(
            "a policy naming Owner by GUID allows Owner written by name",
            base,
            List.of(DeclaredRole.found(0, "Owner", RG_SCOPE, OWNER)),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], roleAssignments: {allowedRoles: [8E3AF657-A8FF-443C-A75C-2FE8C4BCB635]}}"));
    cases.add(
        withPolicy(
            "a policy without allowedRoles still refuses Owner",
            base,
            List.of(DeclaredRole.found(0, "Owner", RG_SCOPE, OWNER)),
            PolicyDefault.SecureDefault,
            List.of("roleAssignments.allowedRoles"),
            "{namespaces: [team-a], identities: {locations: [eastus]}}"));
    cases.add(
        withPolicy(
            "roleAssignments.allowedRoles refuses another role",
            base,
            List.of(DeclaredRole.found(0, "Reader", RG_SCOPE, READER)),
            PolicyDefault.SecureDefault,
            List.of("roleAssignments.allowedRoles"),
            "{namespaces: [team-a], roleAssignments: {allowedRoles: [Storage Blob Data Reader]}}"));
    cases.add(
        withPolicy(
            "roleAssignments.allowedRoles named directly decides even when the lookup failed",
            base,
            List.of(DeclaredRole.unknown(0, "Reader", RG_SCOPE)),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], roleAssignments: {allowedRoles: [Reader]}}"));
    cases.add(
        withPolicy(
            "roleAssignments.deniedRoles by GUID",
            base,
            List.of(DeclaredRole.found(0, "Reader", RG_SCOPE, READER)),
            PolicyDefault.SecureDefault,
            List.of("roleAssignments.deniedRoles"),
            "{namespaces: [team-a], roleAssignments: {deniedRoles: [acdd72a7-3385-48ef-bd42-f606fba81ae7]}}"));
    cases.add(
        withPolicy(
            "roleAssignments.scopePrefixes refuses a scope outside, by whole segments",
            base,
            List.of(DeclaredRole.found(0, "Reader", RG_SCOPE + "-2", READER)),
            PolicyDefault.SecureDefault,
            List.of("roleAssignments.scopePrefixes"),
            "{namespaces: [team-a], roleAssignments: {scopePrefixes: [" + RG_SCOPE + "]}}"));
    cases.add(
        withPolicy(
            "roleAssignments.scopePrefixes allows a scope below, in any case",
            base,
            List.of(
                DeclaredRole.found(
                    0,
                    "Reader",
                    RG_SCOPE.toUpperCase() + "/providers/Microsoft.Storage/storageAccounts/a",
                    READER)),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], roleAssignments: {scopePrefixes: [" + RG_SCOPE + "/]}}"));
    cases.add(
        withPolicy(
            "a subscription scope covered by scopePrefixes is allowed",
            base,
            List.of(DeclaredRole.found(0, "Reader", "/subscriptions/" + SUB, READER)),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], roleAssignments: {scopePrefixes: [/subscriptions/"
                + SUB
                + "]}}"));
    cases.add(
        withPolicy(
            "roleAssignments.maxPerIdentity",
            base,
            List.of(
                DeclaredRole.found(0, "Reader", RG_SCOPE, READER),
                DeclaredRole.found(1, "Reader", RG_SCOPE + "2", READER)),
            PolicyDefault.SecureDefault,
            List.of("roleAssignments.maxPerIdentity"),
            "{namespaces: [team-a], roleAssignments: {maxPerIdentity: 1}}"));
    cases.add(
        withPolicy(
            "assignees.resourceIdPrefixes and resourceTypes",
            "{resourceGroup: rg-app, location: eastus, assignees: [{resourceId: "
                + SITE
                + "}, {resourceId: "
                + VM
                + "}]}",
            List.of(),
            PolicyDefault.SecureDefault,
            List.of("assignees.resourceIdPrefixes", "assignees.resourceTypes"),
            "{namespaces: [team-a], assignees: {resourceIdPrefixes: [/subscriptions/"
                + SUB
                + "/resourceGroups/rg-app], resourceTypes: [microsoft.web/SITES]}}"));
    cases.add(
        withPolicy(
            "workloadIdentity.serviceAccountNamespaces allows a listed namespace",
            "{resourceGroup: rg-app, location: eastus, workloadIdentity: {serviceAccounts:"
                + " [{name: api, namespace: shared}]}}",
            List.of(),
            PolicyDefault.SecureDefault,
            List.of(),
            "{namespaces: [team-a], workloadIdentity: {serviceAccountNamespaces: [shared]}}"));
    cases.add(
        withPolicy(
            "workloadIdentity.issuers matched exactly: a trailing slash matters",
            "{resourceGroup: rg-app, location: eastus, federatedCredentials: [{issuer:"
                + " 'https://issuer.example/a/', subject: s}]}",
            List.of(),
            PolicyDefault.SecureDefault,
            List.of("workloadIdentity.issuers"),
            "{namespaces: [team-a], workloadIdentity: {issuers: ['https://issuer.example/a']}}"));
    cases.add(
        withPolicy(
            "a label selector selects the namespace",
            base,
            List.of(),
            PolicyDefault.SecureDefault,
            List.of("identities.locations"),
            "{namespaceSelector: {matchLabels: {team: a}}, identities: {locations: [westus]}}"));
    cases.add(
        withPolicy(
            "matchExpressions NotIn leaves the namespace unselected: the secure default applies",
            base,
            List.of(DeclaredRole.found(0, "Owner", RG_SCOPE, OWNER)),
            PolicyDefault.SecureDefault,
            List.of("roleAssignments.allowedRoles"),
            "{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [a]}]},"
                + " roleAssignments: {allowedRoles: [Owner]}}"));
    cases.add(
        withPolicy(
            "an empty selector selects every namespace",
            base,
            List.of(),
            PolicyDefault.DenyUnlessAllowed,
            List.of(),
            "{namespaceSelector: {}}"));
    cases.add(
        withPolicy(
            "intersection: one policy allows Owner, the other does not name it",
            base,
            List.of(DeclaredRole.found(0, "Owner", RG_SCOPE, OWNER)),
            PolicyDefault.SecureDefault,
            List.of("roleAssignments.allowedRoles"),
            "{namespaces: [team-a], roleAssignments: {allowedRoles: [Owner]}}",
            "{namespaceSelector: {matchLabels: {team: a}}}"));
    cases.add(
        withPolicy(
            "intersection: the smaller location list wins",
            base,
            List.of(),
            PolicyDefault.SecureDefault,
            List.of("identities.locations"),
            "{namespaces: [team-a], identities: {locations: [eastus, westus]}}",
            "{namespaces: [team-a], identities: {locations: [westus]}}"));
    return cases.stream().map(Arguments::of);
  }

  private static Case secure(
      String name, String spec, List<DeclaredRole> roles, List<String> rules) {
    return secure(name, spec, roles, rules, false);
  }

  private static Case secure(
      String name, String spec, List<DeclaredRole> roles, List<String> rules, boolean undecided) {
    return new Case(name, spec, roles, List.of(), PolicyDefault.SecureDefault, rules, undecided);
  }

  private static Case withPolicy(
      String name,
      String spec,
      List<DeclaredRole> roles,
      PolicyDefault fallback,
      List<String> rules,
      String... policies) {
    return new Case(name, spec, roles, List.of(policies), fallback, rules, false);
  }

  static IdentityPolicy policy(String name, String spec) {
    return Yaml.read(
        "{apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy, metadata: {name: "
            + name
            + "}, spec: "
            + spec
            + "}",
        IdentityPolicy.class);
  }

  private static RoleDefinition role(String guid, String name, String action) {
    return new RoleDefinition(
        "/providers/Microsoft.Authorization/roleDefinitions/" + guid, name, List.of(action));
  }
}
