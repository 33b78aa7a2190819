package dev.operators.identity.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.azure.RoleDefinitionPort;
import dev.operators.identity.operator.policy.PolicyCatalog;
import dev.operators.identity.operator.policy.PolicyDefault;
import dev.operators.identity.operator.policy.PolicyGate;
import dev.operators.identity.operator.reconciler.ResourceChecks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AdmissionReview in, AdmissionReview out, as the API server sends and reads them: what is denied
 * (with which code and sentence), what is allowed with a warning, and what is always allowed.
 */
class AdmissionDecisionTest {

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-data";
  static final String UAI =
      "{group: identity.operators.dev, version: v1alpha1, kind: UserAssignedIdentity}";
  static final String POLICY =
      "{group: identity.operators.dev, version: v1alpha1, kind: IdentityPolicy}";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Roles in Azure: Reader, Owner; "Slow Role" is throttled. */
  static final RoleDefinitionPort ROLES =
      new RoleDefinitionPort() {
        @Override
        public Optional<RoleDefinition> findByName(String scope, String name) {
          if (name.equals("Slow Role")) {
            throw new AzureRequestException(
                "test", 429, "TooManyRequests", "slow", null, null, null);
          }
          return Map.of(
                  "Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7",
                  "Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635")
              .entrySet()
              .stream()
              .filter(e -> e.getKey().equals(name))
              .findFirst()
              .map(
                  e ->
                      new RoleDefinition(
                          "/providers/Microsoft.Authorization/roleDefinitions/" + e.getValue(),
                          e.getKey(),
                          List.of(e.getKey().equals("Owner") ? "*" : "*/read")));
        }

        @Override
        public Optional<RoleDefinition> findById(String scope, String guidOrId) {
          return Optional.empty();
        }
      };

  static final PolicyCatalog NO_POLICIES =
      new PolicyCatalog() {
        @Override
        public List<IdentityPolicy> policies() {
          return List.of();
        }

        @Override
        public Map<String, String> namespaceLabels(String namespace) {
          return Map.of();
        }
      };

  static final AdmissionDecision DECISION =
      new AdmissionDecision(
          new ResourceChecks(
              Optional.of(SUB), new PolicyGate(NO_POLICIES, ROLES, PolicyDefault.SecureDefault)));

  /** A request (flow YAML of operation, kind, object, oldObject) and what must come back. */
  record Case(String name, String request, boolean allowed, Integer code, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String identity(String spec) {
    return identity("uid: u1", spec);
  }

  static String identity(String metadataExtra, String spec) {
    return "{apiVersion: identity.operators.dev/v1alpha1, kind: UserAssignedIdentity, metadata:"
        + " {name: orders-api, namespace: team-orders, "
        + metadataExtra
        + "}, spec: "
        + spec
        + "}";
  }

  static final String PLAIN = "{resourceGroup: rg-orders, location: eastus}";
  static final String OWNER =
      "{resourceGroup: rg-orders, location: eastus, roleAssignments: [{role: Owner, scope: "
          + RG
          + "}]}";

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a compliant identity is allowed", create(identity(PLAIN)), true, null, null),
        new Case(
            "Owner without a policy is denied, naming the secure default and the rule",
            create(identity(OWNER)),
            false,
            403,
            "the secure default (no IdentityPolicy selects namespace team-orders), rule"
                + " roleAssignments.allowedRoles: roleAssignments[0] (role \"Owner\" at "),
        new Case(
            "an invalid spec is denied with the reconciler's InvalidSpec message",
            create(identity("{resourceGroup: rg-orders, location: East US}")),
            false,
            400,
            "spec.location 'East US' is not a region's programmatic name"),
        new Case(
            "a spec of the wrong shape is denied, naming the field",
            create(identity("{resourceGroup: rg-orders, location: eastus, roleAssignments: oops}")),
            false,
            400,
            "spec.roleAssignments"),
        new Case(
            "an object that cannot be read at all is denied",
            create(
                "{apiVersion: identity.operators.dev/v1alpha1, kind: UserAssignedIdentity,"
                    + " metadata: {name: [not, a, name]}, spec: {}}"),
            false,
            400,
            "cannot be read"),
        new Case(
            "a role Azure cannot look up now is allowed, with a warning",
            create(
                identity(
                    "{resourceGroup: rg-orders, location: eastus, roleAssignments: [{role: Slow"
                        + " Role, scope: "
                        + RG
                        + "}]}")),
            true,
            null,
            "the policy could not be checked at apply time (roleAssignments[0] (role \"Slow Role\""),
        new Case(
            "an update that changes the spec is judged",
            update(identity(OWNER), identity(PLAIN)),
            false,
            403,
            "rule roleAssignments.allowedRoles"),
        new Case(
            "an update that leaves the spec (the operator's finalizer) is allowed",
            update(identity("finalizers: [x]", OWNER), identity(OWNER)),
            true,
            null,
            null),
        new Case(
            "an update of a resource being deleted is allowed",
            update(identity("deletionTimestamp: '2025-01-01T00:00:00Z'", OWNER), identity(PLAIN)),
            true,
            null,
            null),
        new Case(
            "a deletion is allowed",
            "{operation: DELETE, kind: " + UAI + ", oldObject: " + identity(OWNER) + "}",
            true,
            null,
            null),
        new Case(
            "a policy whose selector can select nothing is denied",
            "{operation: CREATE, kind: "
                + POLICY
                + ", object: {apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy,"
                + " metadata: {name: p}, spec: {namespaceSelector: {matchExpressions: [{key: team,"
                + " operator: Equals, values: [a]}]}}}}",
            false,
            400,
            "spec.namespaceSelector: matchExpressions operator \"Equals\" is not In, NotIn,"
                + " Exists or DoesNotExist"),
        new Case(
            "a policy with a * inside a resource group pattern is denied",
            "{operation: UPDATE, kind: "
                + POLICY
                + ", object: {apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy,"
                + " metadata: {name: p}, spec: {identities: {resourceGroups: [rg-*-prod]}}},"
                + " oldObject: {apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy,"
                + " metadata: {name: p}, spec: {}}}",
            false,
            400,
            "spec.identities.resourceGroups[0] 'rg-*-prod': * matches a suffix only"),
        new Case(
            "a policy with a scope prefix that is no ARM scope is denied",
            "{operation: CREATE, kind: "
                + POLICY
                + ", object: {apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy,"
                + " metadata: {name: p}, spec: {roleAssignments: {scopePrefixes: [subscriptions/"
                + SUB
                + "]}}}}",
            false,
            400,
            "spec.roleAssignments.scopePrefixes[0] 'subscriptions/"
                + SUB
                + "' is not an ARM scope"),
        new Case(
            "a sound policy is allowed",
            "{operation: CREATE, kind: "
                + POLICY
                + ", object: {apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy,"
                + " metadata: {name: p}, spec: {namespaceSelector: {matchLabels: {team: a}},"
                + " identities: {resourceGroups: [rg-a-*]}, roleAssignments: {scopePrefixes: ["
                + RG
                + "]}}}}",
            true,
            null,
            null),
        new Case(
            "another kind is not this webhook's",
            "{operation: CREATE, kind: {group: '', version: v1, kind: ConfigMap}, object:"
                + " {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}}",
            true,
            null,
            null));
  }

  static String create(String object) {
    return "{operation: CREATE, kind: " + UAI + ", namespace: team-orders, object: " + object + "}";
  }

  static String update(String object, String oldObject) {
    return "{operation: UPDATE, kind: "
        + UAI
        + ", namespace: team-orders, object: "
        + object
        + ", oldObject: "
        + oldObject
        + "}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answers(Case c) throws Exception {
    JsonNode request = YAML.readTree(c.request());
    ((com.fasterxml.jackson.databind.node.ObjectNode) request).put("uid", "uid-42");
    String review =
        new ObjectMapper()
            .createObjectNode()
            .put("apiVersion", "admission.k8s.io/v1")
            .put("kind", "AdmissionReview")
            .set("request", request)
            .toString();

    JsonNode answer = new ObjectMapper().readTree(AdmissionEndpoint.answer(review, DECISION));

    assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode response = answer.path("response");
    assertThat(response.path("uid").asText()).isEqualTo("uid-42");
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isEqualTo(c.allowed());
    if (c.allowed()) {
      assertThat(response.path("status").isMissingNode()).isTrue();
      if (c.says() == null) {
        assertThat(response.path("warnings").isMissingNode() || response.path("warnings").isEmpty())
            .as(response.toString())
            .isTrue();
      } else {
        assertThat(response.path("warnings").get(0).asText()).contains(c.says());
      }
    } else {
      assertThat(response.path("status").path("code").asInt()).isEqualTo(c.code());
      assertThat(response.path("status").path("message").asText()).contains(c.says());
    }
  }
}
