package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Objects this operator cannot fully read (a CRD applied ahead of the chart, a typo where the
 * schema is not enforced) sit next to healthy ones: the healthy ones converge, the unreadable one
 * is reported on itself, and the operator keeps running.
 */
@SchemaNotEnforced
class ForwardCompatibilityE2ETest extends E2EFixture {

  @Test
  void unreadableObjectsAreReportedAndEveryOtherKeepsConverging() {
    create("unknown-field", Map.of("roleAsignments", List.of(), "futureField", Map.of("a", 1)));
    create("unknown-enum", Map.of("isolationScope", "Global"));
    create("wrong-type", Map.of("roleAssignments", "Reader"));
    apply(identity("healthy-1", "eastus"));

    awaitReady("healthy-1");
    awaitReady("unknown-field");
    var enumRefused = awaitCondition("unknown-enum", "IdentityReady", "False", "InvalidSpec");
    assertThat(condition(enumRefused, "IdentityReady").orElseThrow().getMessage())
        .contains("spec.isolationScope 'Global' is not one of None, Regional");
    var unreadable = awaitCondition("wrong-type", "IdentityReady", "False", "InvalidSpec");
    assertThat(condition(unreadable, "IdentityReady").orElseThrow().getMessage())
        .contains("spec.roleAssignments cannot be read");
    assertThat(azureIdentity("wrong-type")).isEmpty();
    assertThat(azureIdentity("unknown-enum")).isEmpty();

    // The operator still reconciles: a resource applied after them converges too.
    apply(identity("healthy-2", "westeurope"));
    awaitReady("healthy-2");
    assertThat(stack.operator().live()).isTrue();
  }

  private void create(String name, Map<String, Object> extra) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("resourceGroup", RG);
    spec.put("location", "eastus");
    spec.putAll(extra);
    var resource = new GenericKubernetesResource();
    resource.setApiVersion("identity.operators.dev/v1alpha1");
    resource.setKind("UserAssignedIdentity");
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    resource.setAdditionalProperty("spec", spec);
    stack.client().resource(resource).create();
  }
}
