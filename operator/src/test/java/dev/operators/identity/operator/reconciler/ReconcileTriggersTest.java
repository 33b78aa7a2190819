package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileTriggersTest {

  final ReconcileTriggers triggers = new ReconcileTriggers();

  static UserAssignedIdentity copyOf(UserAssignedIdentity from) {
    var copy = ReconcilerFixture.resource(from.getMetadata().getName());
    copy.getMetadata().setGeneration(from.getMetadata().getGeneration());
    copy.getMetadata().setAnnotations(from.getMetadata().getAnnotations());
    copy.getMetadata().setFinalizers(from.getMetadata().getFinalizers());
    copy.getMetadata().setDeletionTimestamp(from.getMetadata().getDeletionTimestamp());
    return copy;
  }

  @Test
  void aNewSpecTheAdoptionPauseAndHoldAnnotationsDeletionAndFinalizersTrigger() {
    var old = ReconcilerFixture.resource("a");

    var newSpec = copyOf(old);
    newSpec.getMetadata().setGeneration(2L);
    assertThat(triggers.accept(newSpec, old)).isTrue();

    var adopted = copyOf(old);
    adopted.getMetadata().setAnnotations(Map.of(UserAssignedIdentity.ADOPT_ANNOTATION, "true"));
    assertThat(triggers.accept(adopted, old)).isTrue();

    var paused = copyOf(old);
    paused.getMetadata().setAnnotations(Map.of(UserAssignedIdentity.PAUSED_ANNOTATION, "true"));
    assertThat(triggers.accept(paused, old)).isTrue();
    assertThat(triggers.accept(old, paused)).as("unpausing").isTrue();

    var held = copyOf(old);
    held.getMetadata()
        .setAnnotations(Map.of(UserAssignedIdentity.MIGRATION_HOLD_ANNOTATION, "true"));
    assertThat(triggers.accept(held, old)).as("a migration hold").isTrue();
    assertThat(triggers.accept(old, held)).as("releasing a migration hold").isTrue();

    var deleted = copyOf(old);
    deleted.getMetadata().setDeletionTimestamp("2026-11-23T10:00:00Z");
    assertThat(triggers.accept(deleted, old)).isTrue();

    var finalized = copyOf(old);
    finalized
        .getMetadata()
        .setFinalizers(List.of("userassignedidentities.identity.operators.dev/finalizer"));
    assertThat(triggers.accept(finalized, old)).isTrue();
  }

  @Test
  void theOperatorsOwnStatusPatchesAndOtherMetadataDoNot() {
    var old = ReconcilerFixture.resource("a");

    var withStatus = copyOf(old);
    withStatus.setStatus(new UserAssignedIdentityStatus());
    assertThat(triggers.accept(withStatus, old)).isFalse();

    var labelled = copyOf(old);
    labelled.getMetadata().setLabels(Map.of("team", "orders"));
    labelled.getMetadata().setAnnotations(Map.of("argocd.argoproj.io/sync-wave", "1"));
    assertThat(triggers.accept(labelled, old)).isFalse();
  }
}
