package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Entra's token endpoint and ARM's token checks, on the wire. */
class EmulatorAuthTest extends EmulatorWireFixture {

  private String listPath() {
    return "/subscriptions/" + wire.sub() + "/resourcegroups?api-version=" + EmulatorWire.RG_API;
  }

  @Test
  void tokenEndpointIssuesABearerJwt() {
    Reply reply =
        wire.form(
            "/" + emulator.tenantId() + "/oauth2/v2.0/token",
            "grant_type=client_credentials&client_id="
                + emulator.clientId()
                + "&client_secret="
                + emulator.clientSecret()
                + "&scope=openid+profile+offline_access+https%3A%2F%2Fmanagement.azure.com%2F.default");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("token_type").asText()).isEqualTo("Bearer");
    assertThat(reply.body().path("expires_in").asLong()).isEqualTo(3600);
    assertThat(reply.body().path("ext_expires_in").asLong()).isEqualTo(3600);
    String[] parts = reply.body().path("access_token").asText().split("\\.");
    assertThat(parts).hasSize(3);
    // Shaped like an Entra ID v1 app token: RS256, key and thumbprint ids, the app's claims.
    JsonNode header = EmulatorWire.parse(new String(Base64.getUrlDecoder().decode(parts[0])));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    assertThat(header.path("kid").asText()).isNotBlank().isEqualTo(header.path("x5t").asText());
    JsonNode claims = EmulatorWire.parse(new String(Base64.getUrlDecoder().decode(parts[1])));
    assertThat(claims.path("aud").asText()).isEqualTo("https://management.azure.com/");
    assertThat(claims.path("iss").asText())
        .isEqualTo("https://sts.windows.net/" + emulator.tenantId() + "/");
    assertThat(claims.path("tid").asText()).isEqualTo(emulator.tenantId());
    assertThat(claims.path("appid").asText()).isEqualTo(emulator.clientId());
    assertThat(claims.path("oid").asText()).isEqualTo(emulator.clientObjectId());
    assertThat(claims.path("sub").asText()).isEqualTo(emulator.clientObjectId());
    assertThat(claims.path("ver").asText()).isEqualTo("1.0");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
    assertThat(claims.path("nbf").asLong()).isEqualTo(claims.path("iat").asLong());
  }

  @Test
  void openIdMetadataAndKeys() {
    Reply metadata =
        wire.control(
            "GET", "/" + emulator.tenantId() + "/v2.0/.well-known/openid-configuration", null);
    assertThat(metadata.status()).isEqualTo(200);
    assertThat(metadata.body().path("token_endpoint").asText())
        .isEqualTo(emulator.baseUrl() + "/" + emulator.tenantId() + "/oauth2/v2.0/token");
    String jwksUri = metadata.body().path("jwks_uri").asText();
    Reply keys =
        wire.control("GET", jwksUri.substring(emulator.baseUrl().toString().length()), null);
    assertThat(keys.body().path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
  }

  @Test
  void wrongSecretUnknownClientAndUnknownTenant() {
    Reply badSecret =
        wire.form(
            "/" + emulator.tenantId() + "/oauth2/v2.0/token",
            "grant_type=client_credentials&client_id="
                + emulator.clientId()
                + "&client_secret=nope&scope=https%3A%2F%2Fmanagement.azure.com%2F.default");
    assertThat(badSecret.status()).isEqualTo(401);
    assertThat(badSecret.body().path("error").asText()).isEqualTo("invalid_client");
    assertThat(badSecret.body().path("error_description").asText()).startsWith("AADSTS7000215:");
    assertThat(badSecret.body().path("error_codes").get(0).asInt()).isEqualTo(7000215);

    Reply unknownClient =
        wire.form(
            "/" + emulator.tenantId() + "/oauth2/v2.0/token",
            "grant_type=client_credentials&client_id=11111111-2222-3333-4444-555555555555"
                + "&client_secret=x&scope=https%3A%2F%2Fmanagement.azure.com%2F.default");
    assertThat(unknownClient.status()).isEqualTo(400);
    assertThat(unknownClient.body().path("error").asText()).isEqualTo("unauthorized_client");
    assertThat(unknownClient.body().path("error_description").asText()).startsWith("AADSTS700016:");

    Reply unknownTenant =
        wire.form(
            "/99999999-0000-0000-0000-000000000000/oauth2/v2.0/token",
            "grant_type=client_credentials&client_id=" + emulator.clientId());
    assertThat(unknownTenant.status()).isEqualTo(400);
    assertThat(unknownTenant.body().path("error_description").asText()).startsWith("AADSTS90002:");
  }

  @Test
  void missingAuthorizationHeader() {
    Reply reply = wire.armWithAuth("GET", listPath(), null, null);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.code()).isEqualTo("AuthenticationFailed");
    assertThat(reply.header("WWW-Authenticate"))
        .startsWith("Bearer authorization_uri=")
        .contains("error=\"invalid_token\"");
    assertThat(reply.header("x-ms-request-id")).isNotBlank();
  }

  @Test
  void notABearerHeader() {
    Reply reply = wire.armWithAuth("GET", listPath(), null, "Basic dXNlcjpwYXNz");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.code()).isEqualTo("AuthenticationFailedInvalidHeader");
  }

  @Test
  void garbageAndForgedTokens() {
    assertThat(wire.armWithAuth("GET", listPath(), null, "Bearer garbage").code())
        .isEqualTo("InvalidAuthenticationToken");
    String token = wire.token();
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
    Reply reply = wire.armWithAuth("GET", listPath(), null, "Bearer " + forged);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.code()).isEqualTo("InvalidAuthenticationToken");
    // A character outside base64url inside the signature makes the token invalid, even though a
    // lenient decoder would skip it and find the signature intact.
    String junk =
        token.substring(0, token.lastIndexOf('.') + 1)
            + "!"
            + token.substring(token.lastIndexOf('.') + 1);
    assertThat(wire.armWithAuth("GET", listPath(), null, "Bearer " + junk).code())
        .isEqualTo("InvalidAuthenticationToken");
  }

  @Test
  void wrongAudience() {
    String token =
        emulator.issueAccessToken(
            emulator.tenantId(), "https://vault.azure.net", Duration.ofMinutes(5));
    Reply reply = wire.armWithAuth("GET", listPath(), null, "Bearer " + token);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.code()).isEqualTo("InvalidAuthenticationTokenAudience");
    assertThat(reply.message()).contains("'https://vault.azure.net'");
  }

  @Test
  void otherTenant() {
    String token =
        emulator.issueAccessToken(
            "11111111-1111-1111-1111-111111111111",
            "https://management.azure.com/",
            Duration.ofMinutes(5));
    Reply reply = wire.armWithAuth("GET", listPath(), null, "Bearer " + token);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.code()).isEqualTo("InvalidAuthenticationTokenTenant");
  }

  @Test
  void expiredToken() {
    String token =
        emulator.issueAccessToken(
            emulator.tenantId(), "https://management.azure.com/", Duration.ofMinutes(-1));
    Reply reply = wire.armWithAuth("GET", listPath(), null, "Bearer " + token);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.code()).isEqualTo("ExpiredAuthenticationToken");
    assertThat(reply.message()).startsWith("The access token expiry UTC time '");
  }

  @Test
  void emulatorBaseUrlIsAnAcceptedAudience() {
    String token =
        emulator.issueAccessToken(
            emulator.tenantId(), emulator.baseUrl().toString(), Duration.ofMinutes(5));
    assertThat(wire.armWithAuth("GET", listPath(), null, "Bearer " + token).status())
        .isEqualTo(200);
  }

  @Test
  void unknownSubscription() {
    Reply reply =
        wire.arm(
            "GET",
            "/subscriptions/12345678-0000-0000-0000-000000000000/resourcegroups?api-version="
                + EmulatorWire.RG_API,
            null);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.code()).isEqualTo("SubscriptionNotFound");
    assertThat(reply.message())
        .isEqualTo("The subscription '12345678-0000-0000-0000-000000000000' could not be found.");
  }
}
