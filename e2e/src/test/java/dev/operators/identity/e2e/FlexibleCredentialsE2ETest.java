package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.ClaimsMatchingExpressionSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.RecordedRequest;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredential.Expression;
import dev.operators.identity.operator.azure.IdentityRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A subject credential next to a flexible one (a claims-matching expression): both converge, each
 * written with its api-version; an expression changed in Azure is repaired; a removed one is
 * deleted; and the API server refuses a credential with both or neither.
 */
class FlexibleCredentialsE2ETest extends E2EFixture {

  static final String GITHUB = "https://token.actions.githubusercontent.com";
  static final String REPO = "claims['sub'] matches 'repo:contoso/app:*'";

  List<JsonNode> credentials(String name) {
    return stack.emulator().control().federatedCredentials(armId(name));
  }

  JsonNode credential(String identity, String name) {
    return credentials(identity).stream()
        .filter(c -> c.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static FederatedCredentialSpec matching(String name, String expression) {
    var spec = new FederatedCredentialSpec();
    spec.setName(name);
    spec.setIssuer(GITHUB);
    spec.setClaimsMatchingExpression(new ClaimsMatchingExpressionSpec(expression));
    return spec;
  }

  /** The queries (the api-version) of the PUTs of one credential. */
  List<String> apiVersionsOfPuts(String credentialName) {
    return stack.emulator().control().requests().stream()
        .filter(r -> r.method().equals("PUT"))
        .filter(r -> r.path().endsWith("/federatedIdentityCredentials/" + credentialName))
        .map(RecordedRequest::query)
        .distinct()
        .toList();
  }

  @Test
  void aSubjectAndAnExpressionConvergeDriftIsRepairedAndRemovalDeletes() {
    stack.emulator().control().setFederatedCredentialLockDuration(Duration.ZERO);
    UserAssignedIdentity uai = identity("flexible", "eastus");
    var subject = new FederatedCredentialSpec(GITHUB, "repo:contoso/app:ref:refs/heads/main");
    subject.setName("main-branch");
    uai.getSpec()
        .setFederatedCredentials(new ArrayList<>(List.of(subject, matching("any-ref", REPO))));
    apply(uai);

    var ready = awaitReady("flexible");

    assertThat(credential("flexible", "main-branch").at("/properties/subject").asText())
        .isEqualTo("repo:contoso/app:ref:refs/heads/main");
    JsonNode flexible = credential("flexible", "any-ref").path("properties");
    assertThat(flexible.has("subject")).isFalse();
    assertThat(flexible.at("/claimsMatchingExpression/value").asText()).isEqualTo(REPO);
    assertThat(flexible.at("/claimsMatchingExpression/languageVersion").asInt()).isEqualTo(1);
    assertThat(apiVersionsOfPuts("main-branch")).containsExactly("api-version=2024-11-30");
    assertThat(apiVersionsOfPuts("any-ref")).containsExactly("api-version=2025-05-31-preview");
    assertThat(ready.getStatus().getFederatedCredentials())
        .extracting(e -> e.getName() + " " + e.getSubject() + " " + e.getClaimsMatchingExpression())
        .containsExactly(
            "main-branch repo:contoso/app:ref:refs/heads/main null", "any-ref null " + REPO);

    // Someone widens the expression in the portal: the resync puts it back.
    IdentityRef ref = new IdentityRef(sub, RG, "flexible");
    someoneElse()
        .federatedCredentials()
        .put(
            ref,
            new FederatedCredential(
                "any-ref",
                GITHUB,
                null,
                new Expression("claims['sub'] matches 'repo:*'", 1),
                List.of("api://AzureADTokenExchange")));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        credential("flexible", "any-ref")
                            .at("/properties/claimsMatchingExpression/value")
                            .asText())
                    .isEqualTo(REPO));

    edit("flexible", spec -> spec.setFederatedCredentials(List.of(subject)));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(credentials("flexible"))
                    .extracting(c -> c.path("name").asText())
                    .containsExactly("main-branch"));
    assertThat(events("flexible"))
        .anyMatch(e -> e.startsWith("Normal FederatedCredentialDeleted") && e.contains("any-ref"));
  }

  @Test
  void theApiServerRefusesBothOrNeitherOfSubjectAndExpression() {
    UserAssignedIdentity both = identity("flexible-both", "eastus");
    var twice = matching("twice", REPO);
    twice.setSubject("repo:contoso/app:ref:refs/heads/main");
    both.getSpec().setFederatedCredentials(List.of(twice));
    UserAssignedIdentity neither = identity("flexible-neither", "eastus");
    var none = new FederatedCredentialSpec();
    none.setIssuer(GITHUB);
    neither.getSpec().setFederatedCredentials(List.of(none));

    for (UserAssignedIdentity refused : List.of(both, neither)) {
      assertThatThrownBy(() -> apply(refused))
          .hasMessageContaining("422")
          .hasMessageContaining("exactly one of subject and claimsMatchingExpression must be set");
    }
  }
}
