package dev.operators.identity.operator.reconciler;

import static dev.operators.identity.operator.reconciler.FederatedCredentialPlanTest.AUDIENCE;
import static dev.operators.identity.operator.reconciler.FederatedCredentialPlanTest.ISSUER;
import static dev.operators.identity.operator.reconciler.FederatedCredentialPlanTest.plan;
import static dev.operators.identity.operator.reconciler.FederatedCredentialPlanTest.sa;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.ClaimsMatchingExpressionSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredential.Expression;
import dev.operators.identity.operator.reconciler.FederatedCredentialPlan.Entry;
import dev.operators.identity.operator.reconciler.FederatedCredentialPlan.Kind;
import dev.operators.identity.operator.reconciler.FederatedCredentialPlan.Write;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flexible credentials (a claims-matching expression) in the plan: names, drift, duplicates. */
class FlexibleFederatedCredentialPlanTest {

  static final String GITHUB = "https://token.actions.githubusercontent.com";
  static final String REPO = "claims['sub'] matches 'repo:contoso/app:*'";

  static FederatedCredentialSpec matching(String expression) {
    FederatedCredentialSpec spec = new FederatedCredentialSpec();
    spec.setIssuer(GITHUB);
    spec.setClaimsMatchingExpression(new ClaimsMatchingExpressionSpec(expression));
    return spec;
  }

  static FederatedCredential held(String name, String expression) {
    return new FederatedCredential(
        name, GITHUB, null, new Expression(expression, 1), List.of(AUDIENCE));
  }

  @Test
  void subjectCredentialsKeepTheNamesOfTheFirstRelease() {
    // SHA-256 of "issuer|subject", first 12 bytes: the derivation every existing credential has.
    assertThat(FederatedCredentialPlan.nameOf(sa("api"))).isEqualTo("k8s-3bbeb417ea7559e6dbec76d5");
  }

  @Test
  void anExpressionGetsItsOwnDeterministicNameApartFromAnySubject() {
    String name = FederatedCredentialPlan.nameOf(matching(REPO));

    assertThat(name)
        .matches("k8s-[0-9a-f]{24}")
        .isEqualTo(FederatedCredentialPlan.nameOf(matching(REPO)))
        .isNotEqualTo(FederatedCredentialPlan.nameOf(matching(REPO.replace("app", "web"))))
        .isNotEqualTo(FederatedCredentialPlan.nameOf(new FederatedCredentialSpec(GITHUB, REPO)));
    FederatedCredentialSpec otherAudience = matching(REPO);
    otherAudience.setAudiences(List.of("api://other"));
    assertThat(FederatedCredentialPlan.nameOf(otherAudience))
        .as("an audience is updated in place, not renamed")
        .isEqualTo(name);
  }

  @Test
  void aMissingFlexibleCredentialIsCreatedWithItsExpressionAndNoSubject() {
    var plan = plan(List.of(matching(REPO)), List.of());

    String name = FederatedCredentialPlan.nameOf(matching(REPO));
    assertThat(plan.writes()).containsExactly(new Write.Put(0, held(name, REPO), true));
  }

  @Test
  void theExpressionAsHeldIsKeptAndAChangedOneIsRewrittenInPlace() {
    String name = FederatedCredentialPlan.nameOf(matching(REPO));
    FederatedCredentialSpec named = matching(REPO);
    named.setName("ci");

    var kept = plan(List.of(matching(REPO)), List.of(held(name, REPO)));
    var drifted = plan(List.of(named), List.of(held("ci", "claims['sub'] matches 'repo:*'")));
    var otherVersion =
        plan(
            List.of(named),
            List.of(
                new FederatedCredential(
                    "ci", GITHUB, null, new Expression(REPO, 2), List.of(AUDIENCE))));

    assertThat(kept.entries()).extracting(Entry::kind).containsExactly(Kind.KEEP);
    assertThat(kept.writes()).isEmpty();
    assertThat(drifted.writes()).containsExactly(new Write.Put(0, held("ci", REPO), false));
    assertThat(otherVersion.writes()).containsExactly(new Write.Put(0, held("ci", REPO), false));
  }

  @Test
  void aSubjectTurnedIntoAnExpressionUnderOneNameIsRewritten() {
    FederatedCredentialSpec named = matching(REPO);
    named.setName("ci");
    var plan =
        plan(
            List.of(named),
            List.of(
                new FederatedCredential(
                    "ci", GITHUB, "repo:contoso/app:ref:main", List.of(AUDIENCE))));

    assertThat(plan.writes()).containsExactly(new Write.Put(0, held("ci", REPO), false));
  }

  @Test
  void aCredentialWhoseExpressionTheListingCannotShowIsReplacedByADeclaredSubject() {
    // Listed with the stable api-version: a flexible credential has neither subject nor expression.
    FederatedCredentialSpec spec = sa("api");
    spec.setName("ci");
    var plan =
        plan(
            List.of(spec),
            List.of(new FederatedCredential("ci", ISSUER, null, null, List.of(AUDIENCE))));

    assertThat(plan.writes()).singleElement().isInstanceOf(Write.Put.class);
  }

  @Test
  void theSameIssuerAndExpressionTwiceIsRefusedForTheSecond() {
    FederatedCredentialSpec second = matching(REPO);
    second.setName("ci-again");
    var plan = plan(List.of(matching(REPO), second), List.of());

    assertThat(plan.entries()).extracting(Entry::kind).containsExactly(Kind.WRITE, Kind.REFUSE);
    assertThat(plan.entries().get(1).message())
        .isEqualTo("same issuer and claims-matching expression as federatedCredentials[0]");
  }
}
