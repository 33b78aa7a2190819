package dev.operators.identity.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule, the secure default, deny-unless-allowed and the intersection, as a table. */
class PolicyEvaluationTest {

  static Stream<Arguments> cases() {
    return PolicyCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(PolicyCases.Case c) {
    UserAssignedIdentitySpec spec = Yaml.read(c.spec(), UserAssignedIdentitySpec.class);
    PolicySubject subject =
        new PolicySubject(
            "team-a", new IdentityRef(PolicyCases.SUB, "rg-app", "orders"), spec, c.roles());
    List<IdentityPolicy> policies = new ArrayList<>();
    for (int i = 0; i < c.policies().size(); i++) {
      policies.add(PolicyCases.policy("p" + i, c.policies().get(i)));
    }
    PolicyVerdict verdict =
        PolicyEvaluation.evaluate(subject, policies, Map.of("team", "a"), c.fallback());
    assertThat(verdict.violations())
        .extracting(Violation::rule)
        .containsExactlyElementsOf(c.expectedRules());
    assertThat(verdict.undecided().isEmpty()).isEqualTo(!c.undecided());
    verdict
        .violations()
        .forEach(v -> assertThat(v.describe()).contains(v.policy()).contains(v.rule()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deletionCases")
  void namespaceDeletionPolicy(String name, List<String> policies, DeletionPolicy expected) {
    List<IdentityPolicy> selecting = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      selecting.add(PolicyCases.policy("p" + i, policies.get(i)));
    }
    assertThat(PolicyEvaluation.namespaceDeletionPolicy(selecting).orElse(null))
        .isEqualTo(expected);
  }

  static Stream<Arguments> deletionCases() {
    return Stream.of(
        Arguments.of("no policy says", List.of("{}"), null),
        Arguments.of("Delete", List.of("{namespaceDeletionPolicy: Delete}"), DeletionPolicy.Delete),
        Arguments.of(
            "Orphan wins over Delete",
            List.of("{namespaceDeletionPolicy: Delete}", "{namespaceDeletionPolicy: Orphan}"),
            DeletionPolicy.Orphan));
  }
}
