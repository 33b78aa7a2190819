package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** x-kubernetes-validations as the API server runs them, transition rules included. */
class CelRulesTest {

  static final ObjectMapper MAPPER = new ObjectMapper();

  static JSONSchemaProps spec(String rule, String message) {
    JSONSchemaProps location =
        new JSONSchemaPropsBuilder().withType("string").withMaxLength(50L).build();
    return new JSONSchemaPropsBuilder()
        .withType("object")
        .withProperties(Map.of("location", location))
        .withXKubernetesValidations(
            new io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder()
                .withRule(rule)
                .withMessage(message)
                .build())
        .build();
  }

  static List<StatusCause> check(JSONSchemaProps schema, String value, String old)
      throws Exception {
    List<StatusCause> causes = new ArrayList<>();
    JsonNode oldNode = old == null ? null : MAPPER.readTree(old);
    new CelRules().validate(schema, MAPPER.readTree(value), oldNode, "spec", causes);
    return causes;
  }

  @Test
  void aTransitionRuleRunsOnUpdateOnly() throws Exception {
    JSONSchemaProps schema = spec("self.location == oldSelf.location", "location is immutable");

    assertThat(check(schema, "{\"location\": \"eastus\"}", null)).isEmpty();
    assertThat(check(schema, "{\"location\": \"eastus\"}", "{\"location\": \"eastus\"}")).isEmpty();
    assertThat(check(schema, "{\"location\": \"westus\"}", "{\"location\": \"eastus\"}"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getField()).isEqualTo("spec");
              assertThat(c.getMessage())
                  .isEqualTo("Invalid value: \"object\": location is immutable");
            });
  }

  @Test
  void kubernetesStringFunctionsAreThere() throws Exception {
    JSONSchemaProps schema = spec("self.location.lowerAscii() == self.location", "lower case only");

    assertThat(check(schema, "{\"location\": \"eastus\"}", null)).isEmpty();
    assertThat(check(schema, "{\"location\": \"EastUS\"}", null)).hasSize(1);
  }
}
