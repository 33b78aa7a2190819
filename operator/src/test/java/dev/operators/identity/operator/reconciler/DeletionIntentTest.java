package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a deletion means for Azure, decided in one place. */
class DeletionIntentTest {

  static final SpecValidator VALIDATOR = new SpecValidator(Optional.of(ReconcilerFixture.SUB));

  final UserAssignedIdentity resource = ReconcilerFixture.resource("orders-api");

  @Test
  void theDefaultDeletesTheIdentityTheSpecNames() {
    assertThat(DeletionIntent.of(resource, VALIDATOR))
        .isEqualTo(new DeletionIntent.Delete(ReconcilerFixture.REF));
  }

  @Test
  void theIdentityRecordedInStatusWinsOverTheSpec() {
    var status = new UserAssignedIdentityStatus();
    String recorded =
        "/subscriptions/"
            + ReconcilerFixture.SUB
            + "/resourceGroups/rg-old/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x";
    status.setResourceId(recorded);
    resource.setStatus(status);

    var intent = (DeletionIntent.Delete) DeletionIntent.of(resource, VALIDATOR);

    assertThat(intent.identity().resourceGroup()).isEqualTo("rg-old");
  }

  @Test
  void orphanLeavesAzureWithoutWarning() {
    resource.getSpec().setDeletionPolicy("Orphan");

    assertThat(DeletionIntent.of(resource, VALIDATOR))
        .isEqualTo(
            new DeletionIntent.Orphan("deletionPolicy is Orphan: Azure was left as it is", false));
  }

  @Test
  void anUnknownPolicyLeavesAzureWithAWarning() {
    resource.getSpec().setDeletionPolicy("Destroy");

    var intent = (DeletionIntent.Orphan) DeletionIntent.of(resource, VALIDATOR);

    assertThat(intent.warn()).isTrue();
    assertThat(intent.message()).startsWith("deletionPolicy 'Destroy' is not Delete or Orphan");
  }

  @Test
  void anInvalidSpecWithNothingRecordedManagesNothing() {
    resource.getSpec().setResourceGroup("bad/group");

    assertThat(DeletionIntent.of(resource, VALIDATOR))
        .isEqualTo(new DeletionIntent.NothingManaged());
  }

  @Test
  void cascadesLeaveAzureAloneUnlessTheNamespacePolicyIsDelete() {
    assertThat(DeletionIntent.cascade(true, false, () -> namespace(DeletionPolicy.Delete)))
        .isPresent();
    assertThat(DeletionIntent.cascade(false, true, () -> namespace(DeletionPolicy.Orphan)))
        .hasValueSatisfying(why -> assertThat(why).contains("IdentityPolicy \"p\""));
    assertThat(DeletionIntent.cascade(false, true, () -> namespace(DeletionPolicy.Delete)))
        .isEmpty();
    assertThat(
            DeletionIntent.cascade(
                false,
                false,
                () -> {
                  throw new AssertionError("read only while the namespace is terminating");
                }))
        .isEmpty();
  }

  private static NamespaceDeletion namespace(DeletionPolicy policy) {
    return new NamespaceDeletion(policy, "IdentityPolicy \"p\"");
  }
}
