package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.entra.TokenService;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * ARM's bearer-token check: every ARM request needs a valid token from the emulator's tenant for an
 * ARM audience. Failures are 401s with ARM's codes and a {@code WWW-Authenticate} challenge.
 */
final class ArmAuthenticator {
  private static final DateTimeFormatter ARM_TIME =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

  private final TokenService tokens;
  private final String tenantId;
  private final String authorizationUri;

  ArmAuthenticator(TokenService tokens, String tenantId, String authorityBase) {
    this.tokens = tokens;
    this.tenantId = tenantId;
    this.authorizationUri = authorityBase + "/";
  }

  /** Returns the caller's object id; throws a 401 {@link ArmException} otherwise. */
  String authenticate(ArmRequest request) {
    String header = request.header("Authorization");
    if (header == null || header.isBlank()) {
      throw unauthorized(
          "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.",
          "The authentication failed because of missing 'Authorization' header.");
    }
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
      throw unauthorized(
          "AuthenticationFailedInvalidHeader",
          "Authentication failed. The 'Authorization' header is provided in an invalid format.",
          "The authentication failed because of invalid 'Authorization' header format.");
    }
    TokenService.VerifiedToken claims =
        tokens
            .verify(parts[1].trim())
            .orElseThrow(
                () ->
                    unauthorized(
                        "InvalidAuthenticationToken",
                        "The access token is invalid.",
                        "The access token is invalid."));
    String audience = claims.audience();
    if (audience == null || !tokens.isArmAudience(audience)) {
      String allowed =
          tokens.armAudiences().stream().map(a -> "'" + a + "'").collect(Collectors.joining(","));
      throw unauthorized(
          "InvalidAuthenticationTokenAudience",
          "The access token has been obtained for wrong audience or resource '"
              + audience
              + "'. It should exactly match with one of the allowed audiences "
              + allowed
              + ".",
          "The access token has been obtained for wrong audience or resource '" + audience + "'.");
    }
    String issuer = claims.issuer();
    String tid = claims.tenantId();
    if (!tenantId.equalsIgnoreCase(tid) || !TokenService.issuer(tenantId).equals(issuer)) {
      throw unauthorized(
          "InvalidAuthenticationTokenTenant",
          "The access token is from the wrong issuer '"
              + issuer
              + "'. It must match the tenant '"
              + TokenService.issuer(tenantId)
              + "' associated with this subscription. Please use the authority (URL) '"
              + authorizationUri
              + tenantId
              + "' to get the token. Note, if the subscription is transferred to another tenant"
              + " there is no impact to the services, but information about new tenant could take"
              + " time to propagate (up to an hour). If you just transferred your subscription and"
              + " see this error message, please try back later.",
          "The access token is from the wrong issuer.");
    }
    Instant now = tokens.now();
    Instant expiry = claims.expiry();
    if (!expiry.isAfter(now)) {
      throw unauthorized(
          "ExpiredAuthenticationToken",
          "The access token expiry UTC time '"
              + ARM_TIME.format(expiry)
              + "' is earlier than current UTC time '"
              + ARM_TIME.format(now)
              + "'.",
          "The access token has expired.");
    }
    Instant notBefore = claims.notBefore();
    if (notBefore.isAfter(now.plusSeconds(300))) {
      throw unauthorized(
          "InvalidAuthenticationToken",
          "The access token is not yet valid.",
          "The access token is not yet valid.");
    }
    return claims.objectId();
  }

  private ArmException unauthorized(String code, String message, String description) {
    return new ArmException(401, code, message)
        .header(
            "WWW-Authenticate",
            "Bearer authorization_uri=\""
                + authorizationUri
                + "\", error=\"invalid_token\", error_description=\""
                + description
                + "\"");
  }
}
