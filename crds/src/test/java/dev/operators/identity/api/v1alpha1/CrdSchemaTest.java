package dev.operators.identity.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated CRD says what the API promises: names, columns, validation, subresources. */
class CrdSchemaTest {

  static CustomResourceDefinitionVersion version;
  static CustomResourceDefinition crd;

  @BeforeAll
  static void load() throws IOException {
    Path file =
        Path.of(System.getProperty("crd.generated.dir"))
            .resolve("userassignedidentities.identity.operators.dev-v1.yml");
    crd =
        new KubernetesSerialization()
            .unmarshal(Files.readString(file), CustomResourceDefinition.class);
    version = crd.getSpec().getVersions().get(0);
  }

  static JSONSchemaProps spec() {
    return version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  @Test
  void namesAndScope() {
    assertThat(crd.getSpec().getGroup()).isEqualTo("identity.operators.dev");
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("uai");
    assertThat(version.getSubresources().getStatus()).isNotNull();
  }

  @Test
  void printerColumnsInTheOrderKubectlShowsThem() {
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly(
            "Ready", "Location", "Isolation", "Client ID", "Migration", "Step", "Reason", "Age");
    assertThat(version.getAdditionalPrinterColumns())
        .filteredOn(c -> c.getName().equals("Reason") || c.getName().equals("Step"))
        .extracting(CustomResourceColumnDefinition::getPriority)
        .containsExactly(1, 1);
    assertThat(version.getAdditionalPrinterColumns())
        .filteredOn(c -> c.getName().startsWith("Migration") || c.getName().equals("Step"))
        .extracting(CustomResourceColumnDefinition::getJsonPath)
        .containsExactly(".status.migration.phase", ".status.migration.step");
  }

  @Test
  void everySpecFieldIsDocumented() {
    assertThat(spec().getProperties())
        .allSatisfy((name, schema) -> assertThat(schema.getDescription()).as(name).isNotBlank());
    assertThat(spec().getRequired()).containsExactlyInAnyOrder("resourceGroup", "location");
  }

  @Test
  void azureNamingRulesAreEnforcedAtApplyTime() {
    var props = spec().getProperties();
    Pattern name = Pattern.compile(props.get("azureName").getPattern());
    assertThat(name.matcher("id-orders_api-01").matches()).isTrue();
    assertThat(name.matcher("ab").matches()).isFalse();
    assertThat(name.matcher("-leading-hyphen").matches()).isFalse();
    assertThat(name.matcher("has.dot").matches()).isFalse();
    assertThat(name.matcher("a".repeat(128)).matches()).isTrue();
    assertThat(name.matcher("a".repeat(129)).matches()).isFalse();

    Pattern group = Pattern.compile(props.get("resourceGroup").getPattern());
    assertThat(group.matcher("rg-orders_(prod).eu").matches()).isTrue();
    assertThat(group.matcher("ends.with.period.").matches()).isFalse();
    assertThat(group.matcher("has space").matches()).isFalse();
    assertThat(props.get("resourceGroup").getMaxLength()).isEqualTo(90L);

    Pattern subscription = Pattern.compile(props.get("subscriptionId").getPattern());
    assertThat(subscription.matcher("00000000-0000-0000-0000-000000000001").matches()).isTrue();
    assertThat(subscription.matcher("my-subscription").matches()).isFalse();

    assertThat(props.get("isolationScope").getEnum())
        .extracting(Object::toString)
        .containsExactly("\"None\"", "\"Regional\"");
    assertThat(props.get("deletionPolicy").getEnum())
        .extracting(Object::toString)
        .containsExactly("\"Delete\"", "\"Orphan\"");
    assertThat(props.get("tags").getMaxProperties()).isEqualTo(47L);
    assertThat(props.get("tags").getXKubernetesValidations()).hasSize(2);
    assertThat(props.get("tags").getAdditionalProperties().getSchema().getMaxLength())
        .isEqualTo(256L);
  }

  @Test
  void aFederatedCredentialTakesExactlyOneOfSubjectAndClaimsMatchingExpression() {
    JSONSchemaProps credential =
        spec().getProperties().get("federatedCredentials").getItems().getSchema();
    assertThat(credential.getRequired()).containsExactly("issuer");
    assertThat(credential.getXKubernetesValidations())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getRule())
                  .isEqualTo("has(self.subject) != has(self.claimsMatchingExpression)");
              assertThat(rule.getMessage())
                  .isEqualTo(FederatedCredentialSpec.SUBJECT_XOR_EXPRESSION);
            });
    JSONSchemaProps expression = credential.getProperties().get("claimsMatchingExpression");
    assertThat(expression.getRequired()).containsExactly("value");
    assertThat(expression.getProperties().get("value").getMaxLength()).isEqualTo(600L);
    Pattern value = Pattern.compile(expression.getProperties().get("value").getPattern());
    assertThat(value.matcher("claims['sub'] matches 'repo:contoso/app:*'").matches()).isTrue();
    assertThat(value.matcher("repo:contoso/app:*").matches()).isFalse();
    assertThat(value.matcher("claims['sub'] matches 'a\nb'").matches()).isFalse();
    JSONSchemaProps version = expression.getProperties().get("languageVersion");
    assertThat(version.getDefault().asInt()).isEqualTo(1);
    assertThat(version.getMinimum()).isEqualTo(1.0);
    assertThat(version.getMaximum()).isEqualTo(1.0);
  }
}
