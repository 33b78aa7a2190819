package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.identity.operator.CannedResponse;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.HostileIds;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.config.AzureCloud;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeTry;
import reactor.core.publisher.Mono;

/**
 * Role resolution input (a role name, a role definition GUID or a full role definition ID, from a
 * spec) through the SDK adapter: a name travels only inside its own encoded {@code $filter}, quoted
 * as OData quotes it, and resolves only to a role of that very name whatever Azure lists; a GUID or
 * ID is sent only once parsed, as the path of the role definition itself. Nothing but {@link
 * AzureRequestException} escapes. The HTTP client records every request and answers like ARM.
 */
class RoleResolutionPropertiesTest {

  private static final String SCOPE =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data";
  private static final Pattern GUID =
      Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpHeaders JSON_TYPE =
      new HttpHeaders().set("Content-Type", "application/json");

  private final List<HttpRequest> sent = new ArrayList<>();
  private final SdkAuthorizationAdapter authorization;

  RoleResolutionPropertiesTest() {
    HttpClient recorder =
        request -> {
          synchronized (sent) {
            sent.add(request);
          }
          return Mono.just(answer(request));
        };
    AzureSdk sdk =
        AzureSdk.on(
            AzureCloud.custom("https://management.example/", "https://login.example/"),
            "11111111-2222-3333-4444-555555555555",
            new HttpPipelineBuilder().httpClient(recorder).build());
    authorization = new SdkAuthorizationAdapter(sdk, "00000000-0000-0000-0000-000000000001");
  }

  @BeforeTry
  void nothingSentYet() {
    synchronized (sent) {
      sent.clear();
    }
  }

  @Property(tries = 200)
  void aRoleNameTravelsOnlyInsideItsEncodedFilterAndResolvesOnlyToItself(
      @ForAll("roles") String name, @ForAll("scopes") String scope) {
    // An unpaired surrogate never comes from an API server (JSON decoding replaces it) and the
    // spec validator refuses it: azure-core's query escaping throws IllegalStateException on it.
    Assume.that(wellFormed(name));
    Optional<RoleDefinition> found;
    try {
      found = authorization.findByName(scope, name);
    } catch (AzureRequestException refused) {
      assertThat(refused.statusCode()).as(refused.getMessage()).isEqualTo(-1);
      assertThat(ArmId.isValid(scope, ArmId.Shape.AZURE_SCOPE)).isFalse();
      assertThat(requests()).isEmpty();
      return;
    }
    URI uri = URI.create(requests().get(0).getUrl().toString());
    assertThat(requests()).hasSize(1);
    assertThat(decoded(uri.getRawPath()))
        .isEqualToIgnoringCase(scope + "/providers/Microsoft.Authorization/roleDefinitions");
    Map<String, String> query = query(uri);
    assertThat(query.keySet()).containsExactlyInAnyOrder("api-version", "$filter");
    assertThat(query.get("$filter")).isEqualTo("roleName eq '" + name.replace("'", "''") + "'");
    assertThat(odataLiteral(query.get("$filter"))).isEqualTo(name);
    assertThat(found).isPresent();
    assertThat(found.get().roleName()).isEqualTo(name);
  }

  @Property(tries = 200)
  void aRoleGuidOrIdIsSentOnlyOnceParsedAsThePathOfTheDefinition(
      @ForAll("roles") String guidOrId, @ForAll("scopes") String scope) {
    boolean guid = GUID.matcher(guidOrId).matches();
    try {
      authorization.findById(scope, guidOrId);
    } catch (AzureRequestException refused) {
      assertThat(refused.statusCode()).as(refused.getMessage()).isEqualTo(-1);
      assertThat(requests()).isEmpty();
      return;
    }
    List<HttpRequest> requests = requests();
    assertThat(requests).hasSize(1);
    URI uri = URI.create(requests.get(0).getUrl().toString());
    String path = decoded(uri.getRawPath());
    if (guid) {
      assertThat(path)
          .isEqualToIgnoringCase(
              scope + "/providers/Microsoft.Authorization/roleDefinitions/" + guidOrId);
    } else {
      ArmId.parse(guidOrId, ArmId.Shape.ROLE_DEFINITION);
      assertThat(path).isEqualTo(guidOrId);
    }
    assertThat(query(uri).keySet()).containsExactly("api-version");
  }

  @Provide
  Arbitrary<String> roles() {
    return HostileIds.roles();
  }

  @Provide
  Arbitrary<String> scopes() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(SCOPE)),
        Tuple.of(
            1, Arbitraries.just("/providers/Microsoft.Management/managementGroups/mg-platform")),
        Tuple.of(2, HostileIds.scopes()));
  }

  private List<HttpRequest> requests() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** A path as ARM reads it: '+' is a plus sign. */
  private static String decoded(String raw) {
    return URLDecoder.decode(
        raw.replaceFirst("^//", "/").replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Query parameters as ARM reads them: form-decoded, so a bare '+' is a space. */
  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      String previous =
          params.put(
              URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      assertThat(previous).as("parameter %s sent twice in %s", kv[0], uri).isNull();
    }
    return params;
  }

  /** No unpaired surrogate. */
  static boolean wellFormed(String text) {
    return text.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE);
  }

  /** The one string literal of {@code roleName eq '...'}, read as OData reads it. */
  private static String odataLiteral(String filter) {
    assertThat(filter).startsWith("roleName eq '").endsWith("'");
    String body = filter.substring("roleName eq '".length(), filter.length() - 1);
    assertThat(body.replace("''", "")).as("a lone quote would end the literal").doesNotContain("'");
    return body.replace("''", "'");
  }

  /**
   * ARM's answers: a role definition list holds Owner, the role that was asked for and one named
   * like it with more after it; a role definition read answers 404; anything else 500.
   */
  private static HttpResponse answer(HttpRequest request) {
    URI uri = URI.create(request.getUrl().toString());
    String path = decoded(uri.getRawPath());
    if (path.endsWith("/roleDefinitions") && uri.getRawQuery().contains("filter")) {
      String asked = odataLiteral(query(uri).get("$filter"));
      return new CannedResponse(
          request,
          200,
          JSON_TYPE,
          "{\"value\":["
              + definition("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner")
              + ","
              + definition("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", asked + " Copy")
              + ","
              + definition(HostileIds.ROLE_GUID, asked)
              + "]}");
    }
    if (path.contains("/roleDefinitions/")) {
      return new CannedResponse(
          request,
          404,
          JSON_TYPE,
          "{\"error\":{\"code\":\"RoleDefinitionDoesNotExist\",\"message\":\"none\"}}");
    }
    return new CannedResponse(
        request,
        500,
        JSON_TYPE,
        "{\"error\":{\"code\":\"Unexpected\",\"message\":\"" + path + "\"}}");
  }

  private static String definition(String guid, String name) {
    try {
      return "{\"id\":\"/providers/Microsoft.Authorization/roleDefinitions/"
          + guid
          + "\",\"name\":\""
          + guid
          + "\",\"properties\":{\"roleName\":"
          + JSON.writeValueAsString(name)
          + "}}";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
