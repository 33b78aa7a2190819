package dev.operators.identity.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A regional credential hands every field of a federated credential to the region's identity. */
class RegionalFederatedCredentialTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void everyFieldOfTheCredentialIsCopiedButTheRegions() {
    String all =
        "{\"name\":\"n\",\"issuer\":\"https://issuer.example/\",\"subject\":\"s\","
            + "\"claimsMatchingExpression\":{\"value\":\"claims['sub'] matches 'x*'\","
            + "\"languageVersion\":1},\"audiences\":[\"a\"],\"description\":\"d\","
            + "\"regions\":[\"eastus\"]}";
    RegionalFederatedCredential regional =
        serialization.unmarshal(all, RegionalFederatedCredential.class);

    @SuppressWarnings("unchecked")
    Map<String, Object> copied = serialization.convertValue(regional.credential(), Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> declared = serialization.unmarshal(all, Map.class);
    declared.remove("regions");

    // Every property FederatedCredentialSpec has must be set in the sample above.
    @SuppressWarnings("unchecked")
    Map<String, Object> baseProperties = serialization.convertValue(regional, Map.class);
    baseProperties.remove("regions");
    assertThat(declared.keySet()).containsAll(baseProperties.keySet());
    assertThat(copied).isEqualTo(declared);
  }
}
