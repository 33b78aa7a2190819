package dev.operators.identity.operator.azure.sdk;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.AppRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.ServicePrincipalCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DirectoryPort;
import dev.operators.identity.operator.config.AzureCloud;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * {@link DirectoryPort} on the Microsoft Graph SDK for Java (v1.0), with the operator's
 * azure-identity credential for the cloud's Graph scope and base URL. The SDK's own retries are
 * off: a throttled or failed call becomes an {@link AzureRequestException} carrying {@code
 * Retry-After}, and the reconciler comes back later instead of waiting inside a pass.
 */
public final class SdkDirectoryAdapter implements DirectoryPort {

  /** Graph's answer to a membership that exists already (400 Request_BadRequest). */
  static final String ALREADY_EXISTS = "already exist";

  private final GraphServiceClient graph;
  private final String directoryObjects;

  SdkDirectoryAdapter(GraphServiceClient graph, String baseUrl) {
    this.graph = graph;
    this.directoryObjects = baseUrl + "/directoryObjects/";
  }

  /** The adapter for the SDK's cloud and credential. */
  static SdkDirectoryAdapter connect(AzureSdk sdk) {
    if (sdk.credential() == null) {
      throw new IllegalStateException("Microsoft Graph needs the operator's credential");
    }
    return connect(sdk.cloud(), sdk.credential(), sdk.caCertificateFile());
  }

  /** The adapter for the cloud's Graph endpoint, trusting the extra CA certificate if any. */
  static SdkDirectoryAdapter connect(AzureCloud cloud, TokenCredential credential, Path caFile) {
    String host = URI.create(cloud.graphEndpoint()).getHost();
    var auth =
        new AzureIdentityAuthenticationProvider(
            credential, new String[] {host}, cloud.graphScope());
    X509TrustManager trust = AzureSdk.trustManager(caFile);
    OkHttpClient http;
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
      http =
          GraphClientFactory.create(
                  new RequestOption[] {new RetryHandlerOption((d, n, req, resp) -> false, 0, 0)})
              .sslSocketFactory(tls.getSocketFactory(), trust)
              .connectTimeout(Duration.ofSeconds(10))
              .readTimeout(Duration.ofSeconds(60))
              .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for Microsoft Graph", e);
    }
    GraphServiceClient client = new GraphServiceClient(auth, http);
    client.getRequestAdapter().setBaseUrl(cloud.graphBaseUrl());
    return new SdkDirectoryAdapter(client, cloud.graphBaseUrl());
  }

  @Override
  public Optional<Principal> principal(String principalId) {
    var sp = graph.servicePrincipals().byServicePrincipalId(principalId);
    try {
      List<Group> groups = new ArrayList<>();
      DirectoryObjectCollectionResponse page = call("list memberOf", () -> sp.memberOf().get());
      while (page != null) {
        for (DirectoryObject o : page.getValue()) {
          if (o instanceof com.microsoft.graph.models.Group g) {
            groups.add(group(g));
          }
        }
        String next = page.getOdataNextLink();
        page = next == null ? null : call("list memberOf", () -> sp.memberOf().withUrl(next).get());
      }
      List<AppRoleGrant> roles = new ArrayList<>();
      AppRoleAssignmentCollectionResponse assignments =
          call("list appRoleAssignments", () -> sp.appRoleAssignments().get());
      while (assignments != null) {
        assignments.getValue().forEach(a -> roles.add(grant(a)));
        String next = assignments.getOdataNextLink();
        assignments =
            next == null
                ? null
                : call(
                    "list appRoleAssignments", () -> sp.appRoleAssignments().withUrl(next).get());
      }
      return Optional.of(new Principal(principalId, groups, roles));
    } catch (AzureRequestException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<Group> group(String groupId) {
    try {
      return Optional.of(group(call("get group", () -> graph.groups().byGroupId(groupId).get())));
    } catch (AzureRequestException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<ResourceApp> resourceApp(String appId) {
    ServicePrincipalCollectionResponse found =
        call(
            "find service principal",
            () ->
                graph
                    .servicePrincipals()
                    .get(c -> c.queryParameters.filter = "appId eq '" + appId + "'"));
    List<ServicePrincipal> matches = found.getValue();
    if (matches.size() != 1) {
      return Optional.empty();
    }
    ServicePrincipal sp = matches.get(0);
    List<AppRole> roles = new ArrayList<>();
    if (sp.getAppRoles() != null) {
      sp.getAppRoles().forEach(r -> roles.add(new AppRole(r.getId().toString(), r.getValue())));
    }
    return Optional.of(new ResourceApp(sp.getId(), sp.getAppId(), sp.getDisplayName(), roles));
  }

  @Override
  public void addMember(String groupId, String principalId) {
    ReferenceCreate reference = new ReferenceCreate();
    reference.setOdataId(directoryObjects + principalId);
    try {
      call(
          "add group member",
          () -> {
            graph.groups().byGroupId(groupId).members().ref().post(reference);
            return null;
          });
    } catch (AzureRequestException e) {
      if (e.statusCode() != 400 || !String.valueOf(e.azureMessage()).contains(ALREADY_EXISTS)) {
        throw e;
      }
    }
  }

  @Override
  public void removeMember(String groupId, String principalId) {
    try {
      call(
          "remove group member",
          () -> {
            graph
                .groups()
                .byGroupId(groupId)
                .members()
                .byDirectoryObjectId(principalId)
                .ref()
                .delete();
            return null;
          });
    } catch (AzureRequestException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  @Override
  public AppRoleGrant assignAppRole(String principalId, String resourceId, String appRoleId) {
    AppRoleAssignment body = new AppRoleAssignment();
    body.setPrincipalId(UUID.fromString(principalId));
    body.setResourceId(UUID.fromString(resourceId));
    body.setAppRoleId(UUID.fromString(appRoleId));
    try {
      return grant(
          call(
              "assign app role",
              () ->
                  graph
                      .servicePrincipals()
                      .byServicePrincipalId(resourceId)
                      .appRoleAssignedTo()
                      .post(body)));
    } catch (AzureRequestException e) {
      if (e.statusCode() != 400 || !String.valueOf(e.azureMessage()).contains("already exists")) {
        throw e;
      }
      // Granted before (by a pass that crashed before it recorded it): that one.
      return principal(principalId).stream()
          .flatMap(p -> p.appRoles().stream())
          .filter(
              g ->
                  g.resourceId().equalsIgnoreCase(resourceId)
                      && g.appRoleId().equalsIgnoreCase(appRoleId))
          .findFirst()
          .orElseThrow(() -> e);
    }
  }

  @Override
  public void removeAppRole(String resourceId, String assignmentId) {
    try {
      call(
          "remove app role assignment",
          () -> {
            graph
                .servicePrincipals()
                .byServicePrincipalId(resourceId)
                .appRoleAssignedTo()
                .byAppRoleAssignmentId(assignmentId)
                .delete();
            return null;
          });
    } catch (AzureRequestException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  private static Group group(com.microsoft.graph.models.Group g) {
    return new Group(g.getId(), g.getDisplayName(), Boolean.TRUE.equals(g.getIsAssignableToRole()));
  }

  private static AppRoleGrant grant(AppRoleAssignment a) {
    return new AppRoleGrant(a.getId(), a.getResourceId().toString(), a.getAppRoleId().toString());
  }

  /** Runs one Graph call; Graph's errors become {@link AzureRequestException}s. */
  private static <T> T call(String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (ODataError e) {
      var error = e.getError();
      return failWith(
          operation,
          e,
          error == null ? "Unknown" : error.getCode(),
          error == null ? e.getMessage() : error.getMessage());
    } catch (ApiException e) {
      return failWith(operation, e, "Unknown", e.getMessage());
    } catch (RuntimeException e) {
      throw AzureErrors.translate("Microsoft Graph: " + operation, e);
    }
  }

  private static <T> T failWith(String operation, ApiException e, String code, String message) {
    throw new AzureRequestException(
        "Microsoft Graph: " + operation,
        e.getResponseStatusCode(),
        code,
        message,
        first(e, "request-id"),
        Optional.ofNullable(first(e, "Retry-After"))
            .flatMap(SdkDirectoryAdapter::seconds)
            .orElse(null),
        e);
  }

  private static String first(ApiException e, String header) {
    Set<String> values = e.getResponseHeaders() == null ? null : e.getResponseHeaders().get(header);
    return values == null || values.isEmpty() ? null : values.iterator().next();
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
