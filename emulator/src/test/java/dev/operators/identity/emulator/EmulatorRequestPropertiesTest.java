package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The emulator's request parsing under generated hostile paths and queries (dot segments, encoded
 * slashes and NULs, repeated and empty parameters, odd methods), bodies (every field of every
 * resource kind with a value of each JSON type, malformed and deeply nested JSON) and {@code
 * $filter}s (quotes, OData words, functions, control characters): every answer is an ARM answer, an
 * error always with ARM's code, no request makes the emulator fail (no 500), and a write it accepts
 * reads back as a resource.
 */
class EmulatorRequestPropertiesTest {

  static ArmEmulator emulator;
  static EmulatorWire wire;

  @BeforeContainer
  static void start() {
    emulator =
        ArmEmulator.start(EmulatorConfig.defaults().withThrottling(ThrottlingConfig.unlimited()));
    wire = new EmulatorWire(emulator);
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "rg1", "eastus");
  }

  @AfterContainer
  static void stop() {
    emulator.close();
  }

  private static final List<String> PIECES =
      List.of(
          "/subscriptions/",
          "00000000-0000-0000-0000-000000000001",
          "/resourceGroups/",
          "rg1",
          "/providers/",
          "Microsoft.ManagedIdentity",
          "/userAssignedIdentities/",
          "id-1",
          "Microsoft.Authorization",
          "/roleAssignments/",
          "/roleDefinitions",
          "/locations",
          "..",
          ".",
          "/",
          "//",
          "%2F",
          "%00",
          "%20",
          "%3F",
          "%25",
          "~",
          "'",
          "(",
          ";",
          "=",
          "@",
          "?api-version=2024-11-30",
          "?api-version=2022-04-01",
          "&api-version=2021-04-01",
          "&$filter=principalId%20eq%20'x'",
          "&",
          "=",
          "?");

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of(PIECES)
        .list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .map(pieces -> String.join("", pieces))
        .map(path -> "/subscriptions" + (path.startsWith("/") ? path : "/" + path));
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "PUT", "PATCH", "DELETE", "POST", "HEAD");
  }

  @Property(tries = 200)
  void everyAnswerIsAnArmAnswerAndNoneIsAFailure(
      @ForAll("methods") String method, @ForAll("paths") String path) {
    String body =
        method.equals("PUT") || method.equals("PATCH") ? "{\"location\":\"eastus\"}" : null;

    Reply reply = wire.arm(method, path, body);

    assertThat(reply.status()).as("%s %s", method, path).isNotEqualTo(500);
    if (reply.status() >= 400 && !method.equals("HEAD")) {
      assertThat(reply.code()).as("%s %s: %s", method, path, reply.raw().body()).isNotBlank();
    }
  }

  private static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
  private static final String RG1 = SUB + "/resourceGroups/rg1/providers/";

  /** Writable resources of every kind the emulator serves, with an api-version it accepts. */
  private static final List<String> WRITE_TARGETS =
      List.of(
          SUB + "/resourcegroups/rg-fuzz?api-version=2025-04-01",
          RG1 + "Microsoft.ManagedIdentity/userAssignedIdentities/id-fuzz?api-version=2024-11-30",
          RG1
              + "Microsoft.Authorization/roleAssignments/0b7c6a8e-1d2f-4c3b-9a8d-7e6f5a4b3c2d"
              + "?api-version=2022-04-01",
          RG1 + "Microsoft.Compute/virtualMachines/vm-fuzz?api-version=2024-07-01",
          RG1 + "Microsoft.Compute/virtualMachineScaleSets/ss-fuzz?api-version=2024-07-01",
          RG1 + "Microsoft.Web/sites/site-fuzz?api-version=2024-11-01",
          RG1 + "Microsoft.App/containerApps/app-fuzz?api-version=2025-01-01");

  private static final List<String> FIELDS =
      List.of(
          "location",
          "tags",
          "tags.team",
          "properties",
          "properties.isolationScope",
          "properties.roleDefinitionId",
          "properties.principalId",
          "properties.principalType",
          "properties.condition",
          "properties.conditionVersion",
          "properties.description",
          "identity",
          "identity.type",
          "identity.userAssignedIdentities",
          "identity.userAssignedIdentities.x");

  private static final List<String> VALUES =
      List.of(
          "null",
          "0",
          "-1",
          "1e400",
          "true",
          "\"\"",
          "\"eastus\"",
          "\"x\"",
          "[]",
          "[null]",
          "{}",
          "{\"a\":1}",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"UserAssigned\"",
          "\"SystemAssigned, UserAssigned\"",
          "\"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1\"",
          "\"/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7\"",
          "\"9d0c2a4e-0000-4000-8000-000000000001\"",
          "\"" + "x".repeat(10_000) + "\"");

  private static final List<String> NOT_JSON =
      List.of(
          "",
          "x",
          "null",
          "1",
          "[]",
          "{",
          "{\"location\":",
          "[".repeat(3000),
          "{\"a\":".repeat(3000));

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> member =
        Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.of(VALUES))
            .as(
                (field, value) -> {
                  String json = value;
                  String[] path = field.split("\\.");
                  for (int i = path.length - 1; i > 0; i--) {
                    json = "{\"" + path[i] + "\":" + json + "}";
                  }
                  return "\"" + path[0] + "\":" + json;
                });
    Arbitrary<String> objects =
        member
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(members -> "{\"location\":\"eastus\"," + String.join(",", members) + "}");
    Arbitrary<String> bare = member.map(m -> "{" + m + "}");
    return Arbitraries.frequencyOf(
        Tuple.of(5, objects), Tuple.of(3, bare), Tuple.of(1, Arbitraries.of(NOT_JSON)));
  }

  @Property(tries = 150)
  void everyBodyGetsAnArmAnswerAndAnAcceptedWriteReadsBack(
      @ForAll("writeTargets") String target,
      @ForAll("writeMethods") String method,
      @ForAll("bodies") String body) {
    Reply reply = wire.arm(method, target, body);

    assertThat(reply.status()).as("%s %s %s", method, target, abbreviated(body)).isNotEqualTo(500);
    if (reply.status() >= 400) {
      assertThat(reply.code()).as("%s %s: %s", method, target, reply.raw().body()).isNotBlank();
    } else if (reply.status() < 300) {
      Reply read = wire.arm("GET", target, null);
      assertThat(read.status()).as("GET after %s %s", method, abbreviated(body)).isEqualTo(200);
      assertThat(read.body().path("id").asText()).isNotBlank();
    }
  }

  private static final List<String> FILTER_PIECES =
      List.of(
          "principalId eq ",
          "assignedTo(",
          "atScope()",
          "roleName eq ",
          "type eq ",
          " and ",
          " or ",
          "'",
          "''",
          "(",
          ")",
          "9d0c2a4e-0000-4000-8000-000000000001",
          "Reader",
          "Storage Blob Data Reader",
          "BuiltInRole",
          " ",
          "eq",
          "\u0000",
          "\n",
          "ä",
          "\ud83d\ude00",
          "%",
          "&",
          "=",
          "+",
          "#");

  @Provide
  Arbitrary<String> filters() {
    return Arbitraries.of(FILTER_PIECES).list().ofMaxSize(8).map(pieces -> String.join("", pieces));
  }

  @Provide
  Arbitrary<String> listings() {
    return Arbitraries.of(
        SUB + "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01",
        SUB
            + "/resourceGroups/rg1/providers/Microsoft.Authorization/roleAssignments"
            + "?api-version=2022-04-01",
        SUB + "/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01",
        "/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01");
  }

  @Property(tries = 150)
  void everyFilterGetsAnArmAnswer(
      @ForAll("listings") String listing, @ForAll("filters") String filter) {
    String query = "&$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);

    Reply reply = wire.arm("GET", listing + query, null);

    assertThat(reply.status()).as("%s", filter).isIn(200, 400);
    if (reply.status() == 400) {
      assertThat(reply.code()).as("%s: %s", filter, reply.raw().body()).isNotBlank();
    } else {
      assertThat(reply.body().path("value").isArray()).as(reply.raw().body()).isTrue();
    }
  }

  @Provide
  Arbitrary<String> writeTargets() {
    return Arbitraries.of(WRITE_TARGETS);
  }

  @Provide
  Arbitrary<String> writeMethods() {
    return Arbitraries.of("PUT", "PATCH");
  }

  private static String abbreviated(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
