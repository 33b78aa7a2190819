package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.reconciler.FederatedCredentialPlan.Kind;
import dev.operators.identity.operator.reconciler.FederatedCredentialPlan.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keep, write, take over, delete, refuse: the federated credential decisions as a table. */
class FederatedCredentialPlanTest {

  static final String ISSUER = "https://oidc.prod-aks.azure.com/tenant/cluster/";
  static final String AUDIENCE = "api://AzureADTokenExchange";

  static FederatedCredentialSpec sa(String name) {
    return new FederatedCredentialSpec(ISSUER, "system:serviceaccount:orders:" + name);
  }

  static FederatedCredential existing(String name, String subject) {
    return new FederatedCredential(name, ISSUER, subject, List.of(AUDIENCE));
  }

  static FederatedCredentialPlan plan(
      List<FederatedCredentialSpec> declared, List<FederatedCredential> existing) {
    return FederatedCredentialPlan.decide(declared, existing, Optional.empty());
  }

  @Test
  void aMissingCredentialIsCreatedUnderANameDerivedFromIssuerAndSubject() {
    var plan = plan(List.of(sa("api")), List.of());

    String name = FederatedCredentialPlan.nameOf(sa("api"));
    assertThat(name)
        .matches("k8s-[0-9a-f]{24}")
        .isEqualTo(FederatedCredentialPlan.nameOf(sa("api")));
    assertThat(plan.writes())
        .containsExactly(
            new Write.Put(
                0,
                new FederatedCredential(
                    name, ISSUER, "system:serviceaccount:orders:api", List.of(AUDIENCE)),
                true));
  }

  @Test
  void whatAzureHoldsAsDeclaredIsKeptWithoutAWrite() {
    String name = FederatedCredentialPlan.nameOf(sa("api"));
    var plan =
        plan(List.of(sa("api")), List.of(existing(name, "system:serviceaccount:orders:api")));

    assertThat(plan.entries())
        .extracting(FederatedCredentialPlan.Entry::kind)
        .containsExactly(Kind.KEEP);
    assertThat(plan.writes()).isEmpty();
  }

  @Test
  void aChangedSubjectUnderTheSameNameIsWrittenInPlace() {
    var spec = sa("api");
    spec.setName("orders-api");
    var plan =
        plan(List.of(spec), List.of(existing("orders-api", "system:serviceaccount:old:api")));

    assertThat(plan.writes()).singleElement().isInstanceOf(Write.Put.class);
    assertThat(((Write.Put) plan.writes().get(0)).create()).isFalse();
  }

  @Test
  void undeclaredCredentialsAreDeletedAfterTheWrites() {
    var plan = plan(List.of(sa("api")), List.of(existing("by-hand", "system:serviceaccount:x:y")));

    assertThat(plan.writes()).hasSize(2);
    assertThat(plan.writes().get(0)).isInstanceOf(Write.Put.class);
    assertThat(plan.writes().get(1))
        .isEqualTo(new Write.Delete(existing("by-hand", "system:serviceaccount:x:y")));
  }

  @Test
  void thePairMadeByHandIsTakenOverUnderItsNameWhenTheSpecNamesNone() {
    var byHand = existing("made-in-portal", "system:serviceaccount:orders:api");

    var plan = plan(List.of(sa("api")), List.of(byHand));

    assertThat(plan.entries().get(0).name()).isEqualTo("made-in-portal");
    assertThat(plan.entries().get(0).kind()).isEqualTo(Kind.KEEP);
    assertThat(plan.writes()).isEmpty();
  }

  @Test
  void aDeclaredNameForAPairHeldUnderAnotherNameDeletesThatOneFirst() {
    var byHand = existing("made-in-portal", "system:serviceaccount:orders:api");
    var spec = sa("api");
    spec.setName("orders-api");

    var plan = plan(List.of(spec), List.of(byHand));

    assertThat(plan.writes().get(0)).isEqualTo(new Write.Delete(byHand));
    assertThat(plan.writes().get(1)).isInstanceOf(Write.Put.class);
    assertThat(plan.writes()).hasSize(2);
  }

  @Test
  void aFailedListingWritesAndDeletesNothing() {
    var failure =
        AzureFailures.classify(
            new AzureRequestException("list", 503, "ServiceUnavailable", "m", null, null, null));

    var plan = FederatedCredentialPlan.decide(List.of(sa("api")), List.of(), Optional.of(failure));

    assertThat(plan.writes()).isEmpty();
    assertThat(plan.entries())
        .extracting(FederatedCredentialPlan.Entry::kind)
        .containsExactly(Kind.REFUSE);
  }

  @Test
  void aRepeatedNameOrPairIsRefusedAndTheFirstStands() {
    var first = sa("api");
    var samePair = sa("api");
    samePair.setName("other-name");
    var sameName = sa("worker");
    sameName.setName(FederatedCredentialPlan.nameOf(first));

    var plan = plan(List.of(first, samePair, sameName), List.of());

    assertThat(plan.entries())
        .extracting(FederatedCredentialPlan.Entry::kind)
        .containsExactly(Kind.WRITE, Kind.REFUSE, Kind.REFUSE);
    assertThat(plan.entries().get(1).message())
        .startsWith("same issuer and subject as federatedCredentials[0]");
    assertThat(plan.entries().get(2).message()).startsWith("same name");
    assertThat(plan.writes()).hasSize(1);
  }

  @Test
  void moreThanAzuresTwentyAreRefusedAndNothingIsDeleted() {
    List<FederatedCredentialSpec> declared = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      declared.add(sa("sa-" + i));
    }

    var plan = plan(declared, List.of(existing("by-hand", "system:serviceaccount:x:y")));

    assertThat(plan.entries().get(20).kind()).isEqualTo(Kind.REFUSE);
    assertThat(plan.entries().get(20).message()).contains("20").contains("21 are declared");
    assertThat(plan.writes()).noneMatch(w -> w instanceof Write.Delete);
  }
}
