package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.ExportSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The identity's IDs in a ConfigMap the resource owns: written, kept in sync, never borrowed. */
class ExportTest extends ReconcilerFixture {

  static final String NS = "team-orders";

  UserAssignedIdentity exportingTo(String name) {
    var uai = resource("orders-api");
    var export = new ExportSpec();
    export.setConfigMap(new ExportSpec.ConfigMapTarget(name));
    uai.getSpec().setExportTo(export);
    return uai;
  }

  @Test
  void theIdsArePublishedInAConfigMapOwnedByTheResourceAndWrittenOnce() {
    var uai = exportingTo("orders-api-identity");

    reconcile(uai);

    var map = configMaps.of(NS, "orders-api-identity");
    assertThat(map.data())
        .containsEntry("clientId", uai.getStatus().getClientId())
        .containsEntry("principalId", uai.getStatus().getPrincipalId())
        .containsEntry("tenantId", uai.getStatus().getTenantId())
        .containsEntry("resourceId", uai.getStatus().getResourceId())
        .containsEntry("name", "orders-api")
        .hasSize(5);
    assertThat(map.ownerUid()).contains("uid-orders-api");
    assertThat(uai.getStatus().getExportedConfigMap()).isEqualTo("orders-api-identity");
    assertThat(condition(uai, "ExportReady").getStatus()).isEqualTo("True");

    configMaps.writes.clear();
    reconcile(uai);
    assertThat(configMaps.writes).isEmpty();
  }

  @Test
  void anEditedConfigMapIsPutBackAndARenamedExportDeletesTheOldOne() {
    var uai = exportingTo("first");
    reconcile(uai);
    configMaps.maps.put(
        NS + "/first",
        new ConfigMapPort.Found(Map.of("clientId", "tampered"), Optional.of("uid-orders-api")));

    reconcile(uai);
    assertThat(configMaps.of(NS, "first").data())
        .containsEntry("clientId", uai.getStatus().getClientId());

    uai.getSpec().getExportTo().setConfigMap(new ExportSpec.ConfigMapTarget("second"));
    reconcile(uai);
    assertThat(configMaps.of(NS, "first")).isNull();
    assertThat(configMaps.of(NS, "second")).isNotNull();

    uai.getSpec().setExportTo(null);
    reconcile(uai);
    assertThat(configMaps.of(NS, "second")).isNull();
    assertThat(uai.getStatus().getExportedConfigMap()).isNull();
  }

  @Test
  void aConfigMapOfSomeoneElseIsNeverOverwrittenOrDeleted() {
    configMaps.maps.put(
        NS + "/taken", new ConfigMapPort.Found(Map.of("theirs", "x"), Optional.empty()));
    var uai = exportingTo("taken");

    reconcile(uai);

    assertThat(configMaps.of(NS, "taken").data()).containsOnlyKeys("theirs");
    assertThat(condition(uai, "ExportReady").getReason()).isEqualTo("ExportConflict");

    uai.getSpec().setExportTo(null);
    reconcile(uai);
    assertThat(configMaps.of(NS, "taken")).isNotNull();
  }
}
