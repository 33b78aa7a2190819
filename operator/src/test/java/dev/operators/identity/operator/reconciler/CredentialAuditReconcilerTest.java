package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.view.AzureView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Federated credentials behind the listing view, on a clock the test moves: listed once per audit
 * period rather than once per resync, the operator's writes kept in the view, spec changes acted on
 * at once, deletes decided on a fresh listing, and a recreated identity never answered from its
 * predecessor's listing.
 */
class CredentialAuditReconcilerTest extends ReconcilerFixture {

  static final Duration AUDIT = Duration.ofHours(4);

  final ListingViewReconcilerTest.MovableClock clock = new ListingViewReconcilerTest.MovableClock();
  UserAssignedIdentity uai;

  @Override
  AzurePorts view(AzurePorts fakes) {
    return AzureView.over(fakes, RESYNC, AUDIT, clock);
  }

  @BeforeEach
  void anIdentityWithTwoCredentials() {
    uai = resource("orders-api");
    uai.getSpec().setFederatedCredentials(new ArrayList<>(List.of(spec("api"), spec("worker"))));
    reconcile(uai);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(credentials.of(REF)).hasSize(2);
    credentials.listings.clear();
    credentials.writes.clear();
  }

  private static FederatedCredentialSpec spec(String serviceAccount) {
    return new FederatedCredentialSpec(
        ISSUER, "system:serviceaccount:team-orders:" + serviceAccount);
  }

  private void resyncs(int count) {
    for (int i = 0; i < count; i++) {
      clock.advance(RESYNC);
      reconcile(uai);
    }
  }

  @Test
  void aSteadyStateListsTheCredentialsOncePerAuditPeriodNotOncePerResync() {
    resyncs(48); // eight hours: two audit periods

    assertThat(credentials.listings.size()).isBetween(2, 3);
    assertThat(credentials.writes).isEmpty();
    assertThat(condition(uai, "FederatedCredentialsReady").getStatus()).isEqualTo("True");
  }

  @Test
  void aCredentialAddedOutOfBandIsDeletedAtTheAuditOnAFreshListing() {
    credentials.addOutOfBand(
        REF, new FederatedCredential("backdoor", "https://evil.example/", "sub", List.of("x")));

    resyncs(1);
    assertThat(credentials.writes).as("not seen before the audit").isEmpty();

    clock.advance(AUDIT);
    reconcile(uai);

    assertThat(credentials.listings)
        .as("the audit, then the fresh read the delete needs")
        .hasSize(2);
    assertThat(credentials.writes).containsExactly("delete backdoor");
    assertThat(credentials.of(REF)).doesNotContainKey("backdoor");
  }

  @Test
  void aSpecChangeIsWrittenAtTheNextPassWithoutAnotherListing() {
    uai.getSpec().getFederatedCredentials().add(spec("reports"));

    reconcile(uai);

    assertThat(credentials.writes).containsExactly("put " + credentialName("reports"));
    assertThat(credentials.listings).isEmpty();
    credentials.writes.clear();
    resyncs(1);
    assertThat(credentials.writes).as("the view holds the operator's own write").isEmpty();

    uai.getSpec().setFederatedCredentials(new ArrayList<>(List.of(spec("api"))));
    reconcile(uai);
    assertThat(credentials.listings).as("a removal is decided on a fresh listing").hasSize(1);
    assertThat(credentials.of(REF)).hasSize(1);
  }

  @Test
  void anIdentityRecreatedWithANewPrincipalHasItsCredentialsListedAndWrittenAgain() {
    String before = uai.getStatus().getPrincipalId();
    azure.store.remove(REF.resourceId().toLowerCase(Locale.ROOT));
    credentials.of(REF).clear(); // Azure deletes an identity's credentials with it

    resyncs(1);

    assertThat(uai.getStatus().getPrincipalId()).isNotEqualTo(before);
    assertThat(credentials.listings).hasSize(1);
    assertThat(credentials.of(REF)).hasSize(2);
    assertThat(condition(uai, "FederatedCredentialsReady").getStatus()).isEqualTo("True");
  }

  private String credentialName(String serviceAccount) {
    return credentials.of(REF).values().stream()
        .filter(c -> c.subject().endsWith(":" + serviceAccount))
        .map(FederatedCredential::name)
        .findFirst()
        .orElseThrow();
  }
}
