package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.e2e.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The operator's spec validator against the CRD as the embedded API server enforces it (schema,
 * patterns as Go reads them, CEL rules, list-map keys), over generated specs sent as JSON: what the
 * API server refuses, the validator refuses too; what it stores, the validator accepts, but for the
 * rules only the operator can judge ({@link #OPERATOR_ONLY}, each with its reason).
 */
class ValidatorAndApiServerPropertiesTest {

  static final String COLLECTION =
      "/apis/identity.operators.dev/v1alpha1/namespaces/team-a/userassignedidentities";
  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final String RG = "/subscriptions/" + SUB + "/resourceGroups/";
  static final ObjectMapper JSON = new ObjectMapper();

  /** Problems the validator finds in specs the CRD stores, by design. */
  static final Pattern OPERATOR_ONLY =
      Pattern.compile(
          String.join(
              "|",
              // Azure tag names ignore case; list-map keys and JSON keys do not.
              ".* differ only in case: Azure tag names ignore case.*",
              // ARM IDs ignore case: the same role and scope, or assignee, in another case.
              "spec\\.(roleAssignments|assignees)\\[\\d+] repeats spec\\..*",
              // The default name is metadata.name, which may hold dots.
              "metadata\\.name .* \\(used because spec\\.azureName is not set\\).*",
              // Azure refuses an empty tag name and a version without a condition.
              "spec\\.tags: tag name '' must be .*",
              "spec\\.roleAssignments\\[\\d+]\\.conditionVersion is set without a condition",
              // A blank role names no role.
              "spec\\.roleAssignments\\[\\d+]\\.role is required",
              // Azure counts UTF-16 code units, the schema's maxLength characters.
              "spec\\.tags: .* as Azure counts them \\(UTF-16 code units: .*"));

  static EmbeddedKubernetes kube;
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final AtomicInteger NAMES = new AtomicInteger();

  private final SpecValidator validator = new SpecValidator(Optional.of(SUB));
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @BeforeContainer
  static void startKubernetes() {
    kube =
        EmbeddedKubernetes.builder()
            .crdResource("META-INF/fabric8/userassignedidentities.identity.operators.dev-v1.yml")
            .namespace("team-a")
            .start();
  }

  @AfterContainer
  static void stopKubernetes() {
    kube.close();
  }

  @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
  void whatTheApiServerRefusesTheValidatorRefusesAndWhatItStoresItAccepts(
      @ForAll("specs") ObjectNode spec) throws Exception {
    ObjectNode object = JSON.createObjectNode();
    object.put("apiVersion", "identity.operators.dev/v1alpha1").put("kind", "UserAssignedIdentity");
    object.putObject("metadata").put("name", name(spec)).put("namespace", "team-a");
    object.set("spec", spec);

    HttpResponse<String> answer = post(object);

    assertThat(answer.statusCode()).as(answer.body()).isIn(201, 422);
    if (answer.statusCode() == 422) {
      SpecValidator.Result sent = validator.validate(read(JSON.writeValueAsString(object)));
      assertThat(sent.valid()).as("the API server refused: %s", answer.body()).isFalse();
    } else {
      SpecValidator.Result stored = validator.validate(read(answer.body()));
      assertThat(stored.problems())
          .as("the API server stored %s", abbreviated(answer.body()))
          .allSatisfy(p -> assertThat(p).matches(OPERATOR_ONLY));
    }
  }

  private static String name(ObjectNode spec) {
    String base = spec.has("azureName") || NAMES.get() % 5 != 0 ? "id" : "id.dotted";
    return base + "-" + NAMES.incrementAndGet();
  }

  private UserAssignedIdentity read(String json) {
    return serialization.unmarshal(json, UserAssignedIdentity.class);
  }

  private static HttpResponse<String> post(ObjectNode object) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(kube.url() + COLLECTION))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(object)))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String abbreviated(String text) {
    return text.length() > 600 ? text.substring(0, 600) + "..." : text;
  }

  // --- generated specs: each field valid, at its bound, over it, or spoiled --------------------

  static final List<String> SPOILERS =
      List.of(
          "..", ".", "/", "%2F", "%", "?", "#", "&", "\\", " ", "\t", "\n", "\u0000", "\u007f",
          "\u2028", "\u200b", "\u202e", "'", "\"", "<", ">", "+", ";", ":", "@", "~", "ä", "İ");

  static Arbitrary<String> field(Arbitrary<String> valid, String... invalid) {
    Arbitrary<String> spoiled =
        Combinators.combine(valid, Arbitraries.of(SPOILERS), Arbitraries.integers().between(0, 10))
            .as(
                (v, p, at) ->
                    v.substring(0, at * v.length() / 10) + p + v.substring(at * v.length() / 10));
    return Arbitraries.frequencyOf(
        Tuple.of(6, valid), Tuple.of(2, spoiled), Tuple.of(1, Arbitraries.of(invalid)));
  }

  @Provide
  Arbitrary<ObjectNode> specs() {
    Arbitrary<String> sub = field(Arbitraries.of(SUB, SUB.toUpperCase()), "", " ", SUB + "0");
    Arbitrary<String> group =
        field(
            Arbitraries.of("rg-orders", "rg.data(eu)", "r".repeat(90)), "", "r".repeat(91), "rg.");
    Arbitrary<String> name =
        field(Arbitraries.of("orders-api", "a".repeat(128)), "", " ", "ab", "a".repeat(129));
    Arbitrary<String> location = field(Arbitraries.of("eastus", "e".repeat(50)), "", "East US");
    Arbitrary<String> scope =
        field(
            Arbitraries.of(
                RG + "rg-data",
                "/subscriptions/" + SUB,
                "/providers/Microsoft.Management/managementGroups/mg-1",
                RG.replace("resourceGroups", "resourcegroups") + "rg-data",
                RG + "rg/providers/Microsoft.Storage/storageAccounts/sa"),
            "",
            "/SUBSCRIPTIONS/" + SUB,
            RG + "rg/");
    Arbitrary<String> role =
        field(
            Arbitraries.of(
                "Reader",
                "reader",
                "acdd72a7-3385-48ef-bd42-f606fba81ae7",
                "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"),
            "",
            " ",
            "r".repeat(513),
            "/Reader");
    Arbitrary<ObjectNode> assignment =
        Combinators.combine(role, scope, Arbitraries.of("", "2.0", "1.0").injectNull(0.7))
            .as(
                (r, s, version) -> {
                  ObjectNode a = JSON.createObjectNode().put("role", r).put("scope", s);
                  if (version != null) {
                    a.put("conditionVersion", version);
                  }
                  return a;
                });
    Arbitrary<String> resourceId =
        field(
            Arbitraries.of(
                RG + "rg/providers/Microsoft.Web/sites/web",
                RG + "rg/providers/Microsoft.Web/sites/WEB"),
            RG + "rg",
            RG + "rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x");
    Arbitrary<String> tagName =
        field(
            Arbitraries.of("team", "Team", "cost-center"),
            "",
            "a/b",
            "identity.operators.dev.x",
            "n".repeat(513));
    Arbitrary<ObjectNode> tags =
        Arbitraries.maps(tagName, Arbitraries.of("orders", "", "v".repeat(256), "v".repeat(257)))
            .ofMaxSize(3)
            .map(m -> JSON.valueToTree(m));
    return Combinators.combine(
            Combinators.combine(sub.injectNull(0.5), group, name.injectNull(0.5), location)
                .as(Arrays::asList),
            Combinators.combine(
                    Arbitraries.of("None", "Regional", "regional").injectNull(0.5),
                    tags.injectNull(0.3),
                    assignment.list().ofMaxSize(3).injectNull(0.3),
                    resourceId.list().ofMaxSize(2).injectNull(0.5))
                .as((Object a, Object b, Object c, Object d) -> Arrays.asList(a, b, c, d)))
        .as((where, what) -> spec(where, what));
  }

  @SuppressWarnings("unchecked")
  private static ObjectNode spec(List<String> where, List<Object> what) {
    ObjectNode spec = JSON.createObjectNode();
    putIfSet(spec, "subscriptionId", where.get(0));
    putIfSet(spec, "resourceGroup", where.get(1));
    putIfSet(spec, "azureName", where.get(2));
    putIfSet(spec, "location", where.get(3));
    putIfSet(spec, "isolationScope", (String) what.get(0));
    if (what.get(1) != null) {
      spec.set("tags", (ObjectNode) what.get(1));
    }
    if (what.get(2) != null) {
      spec.putArray("roleAssignments").addAll((List<ObjectNode>) what.get(2));
    }
    if (what.get(3) != null) {
      ArrayNode assignees = spec.putArray("assignees");
      ((List<String>) what.get(3)).forEach(id -> assignees.addObject().put("resourceId", id));
    }
    return spec;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
