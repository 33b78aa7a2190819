package dev.operators.identity.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.operator.azure.ArmId.Kind;
import dev.operators.identity.operator.azure.ArmId.Shape;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one parser of ARM IDs from a spec: what it accepts, why it refuses, what it sends. */
class ArmIdTest {

  static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";

  @ParameterizedTest(name = "{0} is a {1}")
  @CsvSource({
    "/providers/Microsoft.Management/managementGroups/mg-platform, MANAGEMENT_GROUP",
    SUB + ", SUBSCRIPTION",
    SUB + "/resourceGroups/rg-data, RESOURCE_GROUP",
    SUB + "/resourcegroups/rg.data(eu), RESOURCE_GROUP",
    SUB
        + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/ordersdata, RESOURCE",
    SUB
        + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/blobServices/default"
        + "/containers/exports, RESOURCE",
    SUB + "/resourceGroups/rg-dätä, RESOURCE_GROUP",
  })
  void acceptsEveryScopeShape(String scope, Kind kind) {
    assertThat(ArmId.parse(scope, Shape.SCOPE).kind()).isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        SUB + "/resourceGroups/rg-data?api-version=2021-04-01&x= | contains '?'",
        SUB + "/resourceGroups/rg-data#x | contains '#'",
        SUB + "/resourceGroups/rg%2Fdata | contains '%'",
        SUB + "/resourceGroups/rg&x | contains '&'",
        "'" + SUB + "/resourceGroups/rg data' | contains whitespace",
        SUB + "/resourceGroups/../providers/Microsoft.Authorization | contains '..'",
        SUB + "/resourceGroups/rg/ | has an empty segment",
        SUB + "//resourceGroups/rg | has an empty segment",
        SUB + "/resourceGroups/.rg | has a segment starting or ending with '.'",
        "subscriptions/00000000-0000-0000-0000-000000000001 | does not start with '/'",
        "/subscriptions/not-a-guid | is not a management group",
        SUB + "/resourceGroups/rg/providers/Microsoft.Storage | is not a management group",
        "/providers/Microsoft.Management/managementGroups | is not a management group",
      })
  void refusesWithTheReason(String scope, String reason) {
    assertThatThrownBy(() -> ArmId.parse(scope, Shape.SCOPE))
        .isInstanceOf(InvalidArmIdException.class)
        .hasMessageStartingWith(reason);
  }

  @Test
  void refusesControlCharactersAndOverlongValues() {
    assertThatThrownBy(() -> ArmId.parse(SUB + "/resourceGroups/rg\u0000x", Shape.SCOPE))
        .hasMessageStartingWith("contains the control character U+0000");
    assertThatThrownBy(() -> ArmId.parse(SUB + "/resourceGroups/rg\u200Bx", Shape.SCOPE))
        .hasMessageStartingWith("contains the control character U+200B");
    assertThatThrownBy(() -> ArmId.parse(SUB + "/resourceGroups/" + "a".repeat(3000), Shape.SCOPE))
        .hasMessage("is longer than 2048 characters");
    assertThatThrownBy(() -> ArmId.parse(null, Shape.SCOPE)).hasMessage("is empty");
  }

  @Test
  void anAssigneeMustBeAResourceInAResourceGroup() {
    ArmId site =
        ArmId.parse(
            SUB + "/resourceGroups/rg/providers/Microsoft.Web/sites/orders/slots/staging",
            Shape.RESOURCE);
    assertThat(site.fullType()).isEqualTo("Microsoft.Web/sites/slots");
    assertThat(site.typeName()).isEqualTo("sites/slots");
    assertThat(site.namespace()).isEqualTo("Microsoft.Web");
    assertThat(site.subscriptionId()).contains("00000000-0000-0000-0000-000000000001");
    assertThat(ArmId.isValid(SUB + "/resourceGroups/rg", Shape.RESOURCE)).isFalse();
    assertThat(
            ArmId.isValid(
                SUB + "/resourceGroups/rg/providers/Microsoft.Web/sites/orders-web?api-version=1",
                Shape.RESOURCE))
        .isFalse();
  }

  @Test
  void roleDefinitionIdsAtEveryScopeButNothingElse() {
    String guid =
        "/providers/Microsoft.Authorization/roleDefinitions/"
            + "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    assertThat(ArmId.isValid(guid, Shape.ROLE_DEFINITION)).isTrue();
    assertThat(ArmId.isValid(SUB + guid, Shape.ROLE_DEFINITION)).isTrue();
    assertThat(
            ArmId.isValid(
                "/providers/Microsoft.Management/managementGroups/mg" + guid,
                Shape.ROLE_DEFINITION))
        .isTrue();
    assertThat(ArmId.isValid(SUB + guid + "?x=1", Shape.ROLE_DEFINITION)).isFalse();
    assertThat(ArmId.isValid(SUB + "/resourceGroups/rg", Shape.ROLE_DEFINITION)).isFalse();
  }

  @Test
  void idsFromAzureAreReadInAnyCase() {
    String id =
        "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG/providers"
            + "/microsoft.authorization/roleassignments/0b7c6a8e-1d2f-4c3b-9a8d-7e6f5a4b3c2d";
    assertThat(ArmId.isValid(id, Shape.ROLE_ASSIGNMENT)).isTrue();
    assertThat(ArmId.isValid(id.toUpperCase(), Shape.SCOPE)).isFalse();
  }

  @Test
  void searchRootsAndBreadth() {
    assertThat(
            ArmId.parse(
                    SUB.toUpperCase().replace("SUBSCRIPTIONS", "Subscriptions")
                        + "/resourceGroups/rg",
                    Shape.SCOPE)
                .searchRoot())
        .isEqualTo(SUB);
    ArmId group = ArmId.parse("/providers/Microsoft.Management/managementGroups/mg-1", Shape.SCOPE);
    assertThat(group.searchRoot())
        .isEqualTo("/providers/Microsoft.Management/managementGroups/mg-1");
    assertThat(group.isBroad()).isTrue();
    assertThat(ArmId.parse(SUB, Shape.SCOPE).isBroad()).isTrue();
    assertThat(ArmId.parse(SUB + "/resourceGroups/rg", Shape.SCOPE).isBroad()).isFalse();
  }

  @Test
  void thePathEncodesEverySegmentAndNothingElse() {
    assertThat(ArmId.parse(SUB + "/resourceGroups/rg-dätä(1)", Shape.SCOPE).path())
        .isEqualTo(SUB + "/resourceGroups/rg-d%C3%A4t%C3%A4(1)");
  }

  @Test
  void messagesShowControlFormatAndLineSeparatorCharactersEscapedAndLongValuesCut() {
    assertThat(ArmId.quote("a\u0000b")).isEqualTo("'a\\u0000b'");
    assertThat(ArmId.quote("a\u202Eb\u2028c\u2029d\uD800"))
        .isEqualTo("'a\\u202Eb\\u2028c\\u2029d\\uD800'");
    assertThat(ArmId.quote("x".repeat(400))).hasSize(305).endsWith("...'");
  }

  // Properties over generated hostile values: whatever a spec holds, a parsed ID's path is the
  // value itself, segment for segment, and no value that the parser refuses reaches a request.

  @Property(tries = 2000)
  void aParsedScopeSendsExactlyItsOwnSegments(@ForAll("hostileScopes") String value) {
    ArmId id;
    try {
      id = ArmId.parse(value, Shape.SCOPE);
    } catch (InvalidArmIdException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    String path = id.path();
    assertThat(path).doesNotContain("?", "#", "//", "/./", "/../", " ").doesNotEndWith("/");
    assertThat(path).matches("(/[A-Za-z0-9\\-_.()%]+)+");
    assertThat(URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8))
        .isEqualTo(value);
    assertThat(Pattern.compile(AzureNameRules.SCOPE).matcher(value).matches()).isTrue();
  }

  @Property(tries = 2000)
  void theCrdPatternAndTheParserAgree(@ForAll("hostileScopes") String value) {
    boolean crd =
        value.length() <= AzureNameRules.MAX_ID_LENGTH
            && Pattern.compile(AzureNameRules.SCOPE).matcher(value).matches();
    assertThat(ArmId.isValid(value, Shape.SCOPE)).isEqualTo(crd);
  }

  @Test
  void theGeneratedValuesHoldBothAcceptedAndRefusedOnes() {
    var sample = HostileIds.scopes().sampleStream().limit(3000).toList();
    long accepted = sample.stream().filter(v -> ArmId.isValid(v, Shape.SCOPE)).count();
    assertThat(accepted).as("accepted of %s", sample.size()).isBetween(30L, 2970L);
  }

  @Provide
  Arbitrary<String> hostileScopes() {
    return HostileIds.scopes();
  }
}
