package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kubernetes JSONPath as printer columns use it, on Jayway JsonPath. */
class KubernetesJsonPathTest {

  static final ObjectMapper mapper = new ObjectMapper();

  static final String OBJECT =
      """
      {"apiVersion":"identity.operators.dev/v1alpha1","kind":"UserAssignedIdentity",
       "metadata":{"name":"demo","namespace":"team-a","creationTimestamp":"2026-01-01T00:00:00Z",
                   "labels":{"app.kubernetes.io/name":"x"}},
       "spec":{"location":"westeurope","replicas":3,"enabled":true,"ports":[1,3,5],
               "note":null},
       "status":{"clientId":"c-1","conditions":[
          {"type":"IdentityReady","status":"False","reason":"Pending"},
          {"type":"Ready","status":"True","reason":"Reconciled"}]}}
      """;

  static List<String> values(String path) throws Exception {
    List<String> out = new ArrayList<>();
    KubernetesJsonPath.compile(path)
        .evaluate(mapper.readTree(OBJECT))
        .forEach(n -> out.add(n.isValueNode() ? n.asText() : n.toString()));
    return out;
  }

  static JsonNode first(String path) throws Exception {
    return KubernetesJsonPath.compile(path).first(mapper.readTree(OBJECT));
  }

  @Test
  void fieldsIndexesWildcardsAndTheTemplateForm() throws Exception {
    assertThat(values(".spec.location")).containsExactly("westeurope");
    assertThat(values("{.status.clientId}")).containsExactly("c-1");
    assertThat(values("$.spec.replicas")).containsExactly("3");
    assertThat(values("spec.location")).containsExactly("westeurope");
    assertThat(values(".status.conditions[*].type")).containsExactly("IdentityReady", "Ready");
    assertThat(values(".status.conditions[-1].type")).containsExactly("Ready");
    assertThat(values(".status.conditions[0].type")).containsExactly("IdentityReady");
  }

  @Test
  void aFieldWithDotsIsNamedInBracketsOrWithEscapedDots() throws Exception {
    assertThat(values(".metadata.labels['app.kubernetes.io/name']")).containsExactly("x");
    assertThat(values(".metadata.labels.app\\.kubernetes\\.io/name")).containsExactly("x");
    assertThat(KubernetesJsonPath.toJayway(".metadata.labels.app\\.kubernetes\\.io/name"))
        .isEqualTo("$['metadata']['labels']['app.kubernetes.io/name']");
  }

  @Test
  void filtersCompareWithALiteralOrTestAFieldsPresence() throws Exception {
    assertThat(values(".status.conditions[?(@.type==\"Ready\")].status")).containsExactly("True");
    assertThat(values(".status.conditions[?(@.type=='Ready')].reason"))
        .containsExactly("Reconciled");
    assertThat(values(".status.conditions[?(@.type!=\"Ready\")].type"))
        .containsExactly("IdentityReady");
    assertThat(values(".status.conditions[?(@.reason)].type")).hasSize(2);
    assertThat(values(".spec.ports[?(@ == 3)]")).containsExactly("3");
    // Kubernetes filters lists only: an object's values are not searched.
    assertThat(values(".spec[?(@ == 3)]")).isEmpty();
  }

  @Test
  void aPrinterColumnShowsTheFirstMatchAndNothingWhenThereIsNone() throws Exception {
    assertThat(first(".status.conditions[*].type").asText()).isEqualTo("IdentityReady");
    assertThat(values(".status.isolationScope")).isEmpty();
    assertThat(first(".status.isolationScope")).isNull();
    assertThat(first(".status.nothing.deeper")).isNull();
    assertThat(first(".status.conditions[?(@.type==\"Nope\")].status")).isNull();
    assertThat(first(".spec.note").isNull()).isTrue();
  }

  @Test
  void recursiveDescentAndSlicesWorkAsInKubernetes() throws Exception {
    assertThat(values("..clientId")).containsExactly("c-1");
    assertThat(values(".spec.ports[1:2]")).containsExactly("3");
  }

  @Test
  void aPathThatDoesNotParseIsRejected() {
    assertThatThrownBy(() -> KubernetesJsonPath.compile(".a[0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".a[0");
    assertThatThrownBy(() -> KubernetesJsonPath.compile(".a[?(@.b==)]"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
