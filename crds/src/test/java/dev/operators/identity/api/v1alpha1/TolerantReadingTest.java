package dev.operators.identity.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An older operator meets a newer CRD (or a cluster without schema enforcement meets a typo): every
 * object is still read, so one of them never stops the informer that serves all of them.
 */
class TolerantReadingTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static UserAssignedIdentity read(String specFields) {
    return SERIALIZATION.unmarshal(
        "{\"apiVersion\":\"identity.operators.dev/v1alpha1\",\"kind\":\"UserAssignedIdentity\","
            + "\"metadata\":{\"name\":\"x\",\"namespace\":\"n\"},"
            + "\"spec\":{\"resourceGroup\":\"rg\",\"location\":\"eastus\""
            + specFields
            + "},\"status\":{\"futureField\":1,\"roleAssignments\":[{\"later\":true}]}}",
        UserAssignedIdentity.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a misspelt field | ,\"roleAsignments\":[]",
        "a field of a newer version | ,\"federatedCredentials\":[{\"issuer\":\"i\"}]",
        "a nested unknown field | ,\"roleAssignments\":[{\"role\":\"Reader\",\"scope\":\"/s\",\"x\":1}]",
        "an unknown enum value | ,\"isolationScope\":\"Global\"",
      })
  void unknownFieldsAndValuesAreReadAndIgnored(String why, String fields) {
    UserAssignedIdentity uai = read(fields);

    assertThat(uai.getSpec().readProblem()).isEmpty();
    assertThat(uai.getSpec().getLocation()).isEqualTo("eastus");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a string where a list belongs | ,\"roleAssignments\":\"Reader\" | spec.roleAssignments",
        "a list where a map belongs | ,\"tags\":[\"a\"] | spec.tags",
        "an object where a string belongs | ,\"location\":{\"name\":\"eastus\"} | spec.location",
        "a nested wrong type | ,\"assignees\":[{\"resourceId\":[1]}] | spec.assignees[0].resourceId",
      })
  void aValueOfTheWrongTypeIsReadAsAProblemToReport(String why, String fields, String path) {
    UserAssignedIdentity uai = read(fields);

    assertThat(uai.getSpec().readProblem())
        .hasValueSatisfying(p -> assertThat(p).startsWith(path + " cannot be read"));
    assertThat(uai.getMetadata().getName()).isEqualTo("x");
    UserAssignedIdentity copy =
        SERIALIZATION.unmarshal(SERIALIZATION.asJson(uai), UserAssignedIdentity.class);
    assertThat(copy.getSpec().readProblem()).isEqualTo(uai.getSpec().readProblem());
  }
}
