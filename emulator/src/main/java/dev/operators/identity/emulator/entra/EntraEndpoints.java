package dev.operators.identity.emulator.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Microsoft Entra ID endpoints MSAL uses for the client-credentials flow: OpenID metadata (v1
 * and v2), JWKS and the token endpoints ({@code oauth2/v2.0/token} with {@code scope}, {@code
 * oauth2/token} with {@code resource}).
 */
public final class EntraEndpoints {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private static final java.util.Set<String> RESERVED_SCOPES =
      java.util.Set.of("openid", "profile", "offline_access", "email");

  private final EmulatorConfig config;
  private final TokenService tokens;
  private final URI baseUrl;

  public EntraEndpoints(EmulatorConfig config, TokenService tokens, URI baseUrl) {
    this.config = config;
    this.tokens = tokens;
    this.baseUrl = baseUrl;
  }

  /** Answers an Entra request; {@code segments} is the path split on '/'. */
  public ArmResponse handle(
      String method, List<String> segments, byte[] body, String correlationId) {
    if (segments.isEmpty()) {
      return notFound();
    }
    String tenant = segments.get(0);
    String rest = String.join("/", segments.subList(1, segments.size())).toLowerCase(Locale.ROOT);
    boolean knownTenant =
        tenant.equalsIgnoreCase(config.tenantId())
            || tenant.equalsIgnoreCase("common")
            || tenant.equalsIgnoreCase("organizations");
    switch (rest) {
      case "v2.0/.well-known/openid-configuration":
      case ".well-known/openid-configuration":
        if (!knownTenant) {
          return tenantNotFound(tenant, correlationId);
        }
        return ArmResponse.of(200, metadata(tenantForMetadata(tenant), rest.startsWith("v2.0")));
      case "discovery/v2.0/keys":
      case "discovery/keys":
        return ArmResponse.of(200, tokens.jwks());
      case "oauth2/v2.0/token":
      case "oauth2/token":
        if (!"POST".equals(method)) {
          return error(
              405,
              "invalid_request",
              900561,
              "AADSTS900561: The endpoint only accepts"
                  + " POST requests. Received a "
                  + method
                  + " request.",
              correlationId);
        }
        if (!knownTenant || !tenant.equalsIgnoreCase(config.tenantId())) {
          return tenantNotFound(tenant, correlationId);
        }
        return token(
            ArmRequest.parseQuery(new String(body, StandardCharsets.UTF_8)),
            rest.contains("v2.0"),
            correlationId);
      default:
        return notFound();
    }
  }

  private String tenantForMetadata(String tenant) {
    return tenant.equalsIgnoreCase(config.tenantId()) ? config.tenantId() : "{tenantid}";
  }

  private ObjectNode metadata(String tenant, boolean v2) {
    String authority = baseUrl + "/" + tenant;
    ObjectNode doc = Json.object();
    if (v2) {
      doc.put("token_endpoint", authority + "/oauth2/v2.0/token");
      doc.putArray("token_endpoint_auth_methods_supported")
          .add("client_secret_post")
          .add("private_key_jwt")
          .add("client_secret_basic");
      doc.put("jwks_uri", authority + "/discovery/v2.0/keys");
      doc.putArray("response_modes_supported").add("query").add("fragment").add("form_post");
      doc.putArray("subject_types_supported").add("pairwise");
      doc.putArray("id_token_signing_alg_values_supported").add("RS256");
      doc.putArray("response_types_supported")
          .add("code")
          .add("id_token")
          .add("code id_token")
          .add("id_token token");
      doc.putArray("scopes_supported")
          .add("openid")
          .add("profile")
          .add("email")
          .add("offline_access");
      doc.put("issuer", baseUrl + "/" + tenant + "/v2.0");
      doc.put("request_uri_parameter_supported", false);
      doc.put("authorization_endpoint", authority + "/oauth2/v2.0/authorize");
      doc.put("device_authorization_endpoint", authority + "/oauth2/v2.0/devicecode");
      doc.put("end_session_endpoint", authority + "/oauth2/v2.0/logout");
      doc.put("tenant_region_scope", "NA");
      doc.put("cloud_instance_name", baseUrl.getAuthority());
      doc.put("cloud_graph_host_name", "graph.windows.net");
      doc.put("msgraph_host", "graph.microsoft.com");
    } else {
      doc.put("token_endpoint", authority + "/oauth2/token");
      doc.putArray("token_endpoint_auth_methods_supported")
          .add("client_secret_post")
          .add("private_key_jwt")
          .add("client_secret_basic");
      doc.put("jwks_uri", authority + "/discovery/keys");
      doc.putArray("response_modes_supported").add("query").add("fragment").add("form_post");
      doc.putArray("subject_types_supported").add("pairwise");
      doc.putArray("id_token_signing_alg_values_supported").add("RS256");
      doc.put("issuer", TokenService.issuer(tenant));
      doc.put("authorization_endpoint", authority + "/oauth2/authorize");
      doc.put("tenant_region_scope", "NA");
      doc.put("cloud_instance_name", baseUrl.getAuthority());
    }
    return doc;
  }

  private ArmResponse token(Map<String, String> form, boolean v2, String correlationId) {
    String grantType = form.get("grant_type");
    if (grantType == null) {
      return error(
          400,
          "invalid_request",
          900144,
          "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
          correlationId);
    }
    if (!"client_credentials".equals(grantType)) {
      return error(
          400,
          "unsupported_grant_type",
          70003,
          "AADSTS70003: The app requested an unsupported grant type '" + grantType + "'.",
          correlationId);
    }
    String clientId = form.get("client_id");
    if (clientId == null || clientId.isEmpty()) {
      return error(
          400,
          "invalid_request",
          900144,
          "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
          correlationId);
    }
    if (!clientId.equalsIgnoreCase(config.clientId())) {
      return error(
          400,
          "unauthorized_client",
          700016,
          "AADSTS700016: Application with identifier '"
              + clientId
              + "' was not found in the"
              + " directory '"
              + config.tenantId()
              + "'. This can happen if the application has"
              + " not been installed by the administrator of the tenant or consented to by any"
              + " user in the tenant. You may have sent your authentication request to the wrong"
              + " tenant.",
          correlationId);
    }
    String secret = form.get("client_secret");
    if (secret == null || secret.isEmpty()) {
      return error(
          401,
          "invalid_client",
          7000216,
          "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the"
              + " 'client_credentials' grant type.",
          correlationId);
    }
    if (!secret.equals(config.clientSecret())) {
      return error(
          401,
          "invalid_client",
          7000215,
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the"
              + " request is the client secret value, not the client secret ID, for a secret added"
              + " to app '"
              + config.clientId()
              + "'.",
          correlationId);
    }
    String resource;
    if (v2) {
      String scope = form.get("scope");
      if (scope == null || scope.isBlank()) {
        return error(
            400,
            "invalid_request",
            90014,
            "AADSTS90014: The required field 'scope' is missing from the credential. Ensure that"
                + " you have all the necessary parameters for the login request.",
            correlationId);
      }
      // MSAL adds the reserved OIDC scopes; Entra ignores them for client credentials.
      String first =
          java.util.Arrays.stream(scope.trim().split("\\s+"))
              .filter(sc -> !RESERVED_SCOPES.contains(sc.toLowerCase(Locale.ROOT)))
              .findFirst()
              .orElse("");
      if (!first.toLowerCase(Locale.ROOT).endsWith(".default")) {
        return error(
            400,
            "invalid_scope",
            1002012,
            "AADSTS1002012: The provided value for scope "
                + scope
                + " is not valid. Client"
                + " credential flows must have a scope value with /.default suffixed to the"
                + " resource identifier (application ID URI).",
            correlationId);
      }
      resource = TokenService.resourceOfScope(first);
    } else {
      resource = form.getOrDefault("resource", "");
    }
    if (!tokens.isArmAudience(resource)
        && !tokens.isArmAudience(resource + "/")
        && !TokenService.isGraphAudience(resource)) {
      return error(
          400,
          "invalid_resource",
          500011,
          "AADSTS500011: The resource principal named "
              + resource
              + " was not found in the"
              + " tenant named "
              + config.tenantId()
              + ". This can happen if the application has"
              + " not been installed by the administrator of the tenant or consented to by any user"
              + " in the tenant. You might have sent your authentication request to the wrong"
              + " tenant.",
          correlationId);
    }
    // Entra v1 tokens carry the resource as requested, with the trailing slash of the scope.
    String audience = resource.endsWith("/") ? resource : resource + "/";
    String accessToken =
        tokens.issue(config.tenantId(), clientId, audience, config.tokenLifetime());
    long expiresIn = Math.max(0, config.tokenLifetime().toSeconds());
    ObjectNode body = Json.object();
    body.put("token_type", "Bearer");
    body.put("expires_in", expiresIn);
    body.put("ext_expires_in", expiresIn);
    if (!v2) {
      long now = config.clock().instant().getEpochSecond();
      body.put("expires_on", Long.toString(now + expiresIn));
      body.put("not_before", Long.toString(now));
      body.put("resource", resource);
    }
    body.put("access_token", accessToken);
    return ArmResponse.of(200, body);
  }

  private ArmResponse tenantNotFound(String tenant, String correlationId) {
    return error(
        400,
        "invalid_request",
        90002,
        "AADSTS90002: Tenant '"
            + tenant
            + "' not found. Check to make sure you have the correct"
            + " tenant ID and are signing into the correct cloud. Check with your subscription"
            + " administrator, this may happen if there are no active subscriptions for the"
            + " tenant.",
        correlationId);
  }

  private static ArmResponse notFound() {
    ObjectNode body = Json.object();
    body.put("error", "not_found");
    body.put("error_description", "The requested Entra ID endpoint is not emulated.");
    return ArmResponse.of(404, body);
  }

  private ArmResponse error(
      int status, String error, int code, String description, String correlationId) {
    Instant now = config.clock().instant();
    String traceId = UUID.randomUUID().toString();
    ObjectNode body = Json.object();
    body.put("error", error);
    body.put(
        "error_description",
        description
            + " Trace ID: "
            + traceId
            + " Correlation ID: "
            + correlationId
            + " Timestamp: "
            + TIMESTAMP.format(now));
    body.putArray("error_codes").add(code);
    body.put("timestamp", TIMESTAMP.format(now));
    body.put("trace_id", traceId);
    body.put("correlation_id", correlationId);
    body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
    ArmResponse response = ArmResponse.of(status, body);
    response.errorCode = error;
    return response;
  }
}
