package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.operators.identity.api.v1alpha1.ClaimsMatchingExpressionSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredential.Expression;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subject credential next to a flexible one (a claims-matching expression), through a pass. */
class FlexibleFederatedCredentialsReconcilerTest extends ReconcilerFixture {

  static final String AKS = "https://oidc.prod-aks.azure.com/tenant/cluster/";
  static final String GITHUB = "https://token.actions.githubusercontent.com";
  static final String REPO = "claims['sub'] matches 'repo:contoso/app:*'";

  static FederatedCredentialSpec matching(String expression) {
    FederatedCredentialSpec spec = new FederatedCredentialSpec();
    spec.setName("github-app");
    spec.setIssuer(GITHUB);
    spec.setClaimsMatchingExpression(new ClaimsMatchingExpressionSpec(expression));
    return spec;
  }

  UserAssignedIdentity withBoth() {
    var uai = resource("orders-api");
    uai.getSpec()
        .setFederatedCredentials(
            new ArrayList<>(
                List.of(
                    new FederatedCredentialSpec(AKS, "system:serviceaccount:team-orders:api"),
                    matching(REPO))));
    return uai;
  }

  @Test
  void bothAreCreatedListedWithExpressionsAndShownInStatus() {
    var uai = withBoth();

    reconcile(uai);

    assertThat(credentials.of(REF).get("github-app"))
        .isEqualTo(
            new FederatedCredential(
                "github-app",
                GITHUB,
                null,
                new Expression(REPO, 1),
                List.of("api://AzureADTokenExchange")));
    assertThat(credentials.listings).containsOnly("with expressions");
    assertThat(uai.getStatus().getFederatedCredentials())
        .extracting(
            FederatedCredentialStatus::getSubject,
            FederatedCredentialStatus::getClaimsMatchingExpression,
            FederatedCredentialStatus::getState)
        .containsExactly(
            tuple("system:serviceaccount:team-orders:api", null, State.Ready),
            tuple(null, REPO, State.Ready));
    assertThat(events.events)
        .anyMatch(m -> m.contains("github-app") && m.contains("claims matching " + REPO));

    credentials.writes.clear();
    reconcile(uai);
    assertThat(credentials.writes).isEmpty();
  }

  @Test
  void anExpressionChangedOutOfBandIsRepairedAndARemovedOneIsDeleted() {
    var uai = withBoth();
    reconcile(uai);
    credentials.addOutOfBand(
        REF,
        new FederatedCredential(
            "github-app", GITHUB, null, new Expression("claims['sub'] matches '*'", 1), List.of()));

    reconcile(uai);
    assertThat(credentials.of(REF).get("github-app").expression().value()).isEqualTo(REPO);

    uai.getSpec().setFederatedCredentials(uai.getSpec().getFederatedCredentials().subList(0, 1));
    credentials.listings.clear();
    reconcile(uai);
    assertThat(credentials.of(REF)).doesNotContainKey("github-app").hasSize(1);
    assertThat(credentials.listings).containsOnly("without expressions");
  }

  @Test
  void bothOrNeitherOfSubjectAndExpressionIsRefusedBeforeAnyWrite() {
    var uai = withBoth();
    uai.getSpec().getFederatedCredentials().get(1).setSubject("repo:contoso/app:ref:main");
    var neither = new FederatedCredentialSpec();
    neither.setIssuer(GITHUB);
    uai.getSpec().getFederatedCredentials().add(neither);
    var badExpression = matching("sub matches 'x'");
    badExpression.setName("bad");
    badExpression.getClaimsMatchingExpression().setLanguageVersion(2);
    uai.getSpec().getFederatedCredentials().add(badExpression);

    reconcile(uai);

    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains(
            "spec.federatedCredentials[1]: exactly one of subject and claimsMatchingExpression"
                + " must be set")
        .contains(
            "spec.federatedCredentials[2]: exactly one of subject and claimsMatchingExpression"
                + " must be set")
        .contains(
            "spec.federatedCredentials[3].claimsMatchingExpression.value 'sub matches 'x'' is not"
                + " an expression starting with a claim lookup");
    assertThat(credentials.writes).isEmpty();

    uai.getSpec().getFederatedCredentials().get(3).getClaimsMatchingExpression().setValue(REPO);
    reconcile(uai);
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("spec.federatedCredentials[3].claimsMatchingExpression.languageVersion is 2");
  }
}
