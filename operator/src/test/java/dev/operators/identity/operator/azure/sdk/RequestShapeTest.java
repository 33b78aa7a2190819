package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.operator.CannedResponse;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.HostileIds;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.config.AzureCloud;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import reactor.core.publisher.Mono;

/**
 * Whatever a spec holds, the SDK adapters send only requests of the expected shape: a path of the
 * strict ARM grammar ending in the operation's own suffix, and no query but the api-version and the
 * adapter's own $filter. A refused value is an {@link AzureRequestException}, never another
 * exception. The HTTP client records every request and answers like ARM for a missing resource.
 */
class RequestShapeTest {

  private static final String GUID = AzureNameRules.GUID;
  private static final String SCOPE = AzureNameRules.SCOPE_PATH;
  private static final String AUTH = "/providers/Microsoft\\.Authorization/";
  private static final Pattern EXPECTED_PATH =
      Pattern.compile(
          "^("
              + SCOPE
              + "?"
              + AUTH
              + "(roleDefinitions|roleAssignments)(/"
              + GUID
              + ")?"
              + "|/subscriptions/"
              + GUID
              + "/providers/"
              + AzureNameRules.NAMESPACE
              + "|"
              + AzureNameRules.RESOURCE_ID.substring(1, AzureNameRules.RESOURCE_ID.length() - 1)
              + ")$",
          Pattern.CASE_INSENSITIVE);
  private static final String PRINCIPAL = "9d0c2a4e-0000-4000-8000-000000000001";
  private static final String ROLE_ID =
      "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7";

  private static final HttpHeaders JSON = new HttpHeaders().set("Content-Type", "application/json");

  private final List<HttpRequest> sent = new ArrayList<>();
  private final SdkAuthorizationAdapter authorization;
  private final SdkAssigneeAdapter assignees;

  RequestShapeTest() {
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
    assignees = new SdkAssigneeAdapter(sdk, Clock.systemUTC());
  }

  @Property(tries = 300)
  void roleAssignmentCallsSendOnlyExpectedRequests(
      @ForAll("scopes") String scope, @ForAll("scopes") String role) {
    call(() -> authorization.findByName(scope, role));
    call(() -> authorization.findById(scope, role));
    call(() -> authorization.findById(scope, "acdd72a7-3385-48ef-bd42-f606fba81ae7"));
    call(() -> authorization.listForPrincipal(scope, PRINCIPAL));
    call(
        () ->
            authorization.create(
                new NewRoleAssignment(
                    scope,
                    "0b7c6a8e-1d2f-4c3b-9a8d-7e6f5a4b3c2d",
                    ROLE_ID,
                    PRINCIPAL,
                    role,
                    null,
                    null)));
    call(() -> authorization.delete(scope));
    assertEverySentRequestHasTheExpectedShape();
  }

  @Property(tries = 300)
  void assigneeCallsSendOnlyExpectedRequests(@ForAll("resourceIds") String resourceId) {
    call(() -> assignees.find(resourceId));
    call(() -> assignees.attach(resourceId, resourceId));
    assertEverySentRequestHasTheExpectedShape();
  }

  @Provide
  Arbitrary<String> scopes() {
    return HostileIds.scopes();
  }

  @Provide
  Arbitrary<String> resourceIds() {
    return HostileIds.resourceIds();
  }

  private static void call(Runnable call) {
    try {
      call.run();
    } catch (AzureRequestException expected) {
      // refused before sending, or Azure's 404: both are what a caller handles
    }
  }

  private void assertEverySentRequestHasTheExpectedShape() {
    List<HttpRequest> requests;
    synchronized (sent) {
      requests = List.copyOf(sent);
      sent.clear();
    }
    for (HttpRequest request : requests) {
      URI uri = URI.create(request.getUrl().toString());
      assertThat(uri.getHost()).isEqualTo("management.example");
      assertThat(uri.getRawFragment()).isNull();
      String path = uri.getRawPath().replaceFirst("^//", "/");
      assertThat(path).as("raw path").matches("(/[A-Za-z0-9\\-_.()%]+)+");
      String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
      assertThat(EXPECTED_PATH.matcher(decoded).matches())
          .as("%s %s has the expected shape", request.getHttpMethod(), decoded)
          .isTrue();
      List<String> keys =
          Arrays.stream(uri.getRawQuery().split("&"))
              .map(pair -> URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8))
              .toList();
      assertThat(keys).as("query of %s", uri).containsOnlyOnce("api-version");
      assertThat(keys).as("query of %s", uri).isSubsetOf("api-version", "$filter");
    }
  }

  /** ARM's answers: provider metadata for provider reads, 404 ResourceNotFound otherwise. */
  private static HttpResponse answer(HttpRequest request) {
    String path = request.getUrl().getPath();
    if (path.matches("(?i)/subscriptions/[^/]+/providers/[^/]+")) {
      return new CannedResponse(
          request,
          200,
          JSON,
          "{\"namespace\":\"Microsoft.Web\",\"resourceTypes\":["
              + "{\"resourceType\":\"sites\",\"apiVersions\":[\"2024-11-01\"]},"
              + "{\"resourceType\":\"storageAccounts\",\"apiVersions\":[\"2025-01-01\"]}]}");
    }
    return new CannedResponse(
        request,
        404,
        JSON,
        "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"The resource was not found.\"}}");
  }
}
