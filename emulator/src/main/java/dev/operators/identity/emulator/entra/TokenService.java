package dev.operators.identity.emulator.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.operators.identity.emulator.http.Json;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Issues and verifies the emulator's access tokens with Nimbus JOSE+JWT: RS256 JWTs shaped like
 * Entra ID v1 app tokens ({@code iss https://sts.windows.net/{tenant}/}, {@code aud}, {@code tid},
 * {@code oid}, {@code appid}, {@code iat}/{@code nbf}/{@code exp}), signed with a key generated at
 * start and published as JWKS.
 */
public final class TokenService {
  static final List<String> ARM_AUDIENCES =
      List.of(
          "https://management.core.windows.net/",
          "https://management.core.windows.net",
          "https://management.azure.com/",
          "https://management.azure.com");

  /**
   * A JWS compact serialization: three base64url parts (padding tolerated, as Java's decoder does).
   * Nimbus decodes leniently, skipping characters outside the alphabet; checked first so that a
   * token with junk in its signature stays invalid.
   */
  private static final Pattern COMPACT =
      Pattern.compile("[A-Za-z0-9_-]*={0,2}\\.[A-Za-z0-9_-]*={0,2}\\.[A-Za-z0-9_-]*={0,2}");

  /** A token's claims once its signature is the emulator's: what ARM checks. */
  public record VerifiedToken(
      String audience,
      String issuer,
      String tenantId,
      Instant expiry,
      Instant notBefore,
      String objectId) {}

  private final RSAKey key;
  private final JWSSigner signer;
  private final JWSVerifier verifier;
  private final URI baseUrl;
  private final Clock clock;

  /** {@code clock}: when tokens are issued, and what ARM compares their expiry with. */
  @SuppressWarnings("deprecation") // x5t (SHA-1 thumbprint): Entra v1 tokens and keys carry it
  public TokenService(URI baseUrl, Clock clock) {
    this.baseUrl = baseUrl;
    this.clock = clock;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keyPair = generator.generateKeyPair();
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(keyPair.getPublic().getEncoded());
      Base64URL keyId = Base64URL.encode(digest);
      this.key =
          new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
              .privateKey(keyPair.getPrivate())
              .keyUse(KeyUse.SIGNATURE)
              .keyID(keyId.toString())
              .x509CertThumbprint(keyId)
              .build();
      this.signer = new RSASSASigner(key);
      this.verifier = new RSASSAVerifier(key.toRSAPublicKey());
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The emulator's clock's current instant. */
  public Instant now() {
    return clock.instant();
  }

  public static String issuer(String tenantId) {
    return "https://sts.windows.net/" + tenantId + "/";
  }

  /** The object id of the service principal of an application (stable per client id). */
  public static String servicePrincipalObjectId(String clientId) {
    return UUID.nameUUIDFromBytes(("sp:" + clientId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The audiences ARM accepts: Azure's own plus the emulator's base URL. */
  public List<String> armAudiences() {
    String base = baseUrl.toString();
    return java.util.stream.Stream.concat(
            ARM_AUDIENCES.stream(), List.of(base + "/", base).stream())
        .toList();
  }

  /** Microsoft Graph's audience (its tokens are refused by ARM, and ARM's by Graph). */
  public static final List<String> GRAPH_AUDIENCES =
      List.of("https://graph.microsoft.com", "https://graph.microsoft.com/");

  public static boolean isGraphAudience(String audience) {
    return audience != null && GRAPH_AUDIENCES.stream().anyMatch(a -> a.equalsIgnoreCase(audience));
  }

  public boolean isArmAudience(String audience) {
    return armAudiences().stream().anyMatch(a -> a.equalsIgnoreCase(audience));
  }

  @SuppressWarnings("deprecation") // x5t, as in the JWKS
  public String issue(String tenantId, String clientId, String audience, Duration lifetime) {
    Instant now = clock.instant();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(JOSEObjectType.JWT)
            .x509CertThumbprint(key.getX509CertThumbprint())
            .keyID(key.getKeyID())
            .build();
    String oid = servicePrincipalObjectId(clientId);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .audience(audience)
            .issuer(issuer(tenantId))
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .claim("aio", "emulator")
            .claim("appid", clientId)
            .claim("appidacr", "1")
            .claim("idp", issuer(tenantId))
            .claim("idtyp", "app")
            .claim("oid", oid)
            .subject(oid)
            .claim("tid", tenantId)
            .claim("uti", Base64URL.encode(uuidBytes()).toString())
            .claim("ver", "1.0")
            .build();
    SignedJWT token = new SignedJWT(header, claims);
    try {
      token.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return token.serialize();
  }

  private static byte[] uuidBytes() {
    UUID uuid = UUID.randomUUID();
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  /**
   * The claims of an RS256 token whose signature is the emulator's (a missing {@code exp} or {@code
   * nbf} reads as the epoch), or empty if it is not one.
   */
  public Optional<VerifiedToken> verify(String token) {
    if (!COMPACT.matcher(token).matches()) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      List<String> audience = claims.getAudience();
      return Optional.of(
          new VerifiedToken(
              audience.size() == 1 ? audience.get(0) : null,
              claims.getIssuer(),
              claims.getStringClaim("tid"),
              instant(claims.getExpirationTime()),
              instant(claims.getNotBeforeTime()),
              claims.getStringClaim("oid")));
    } catch (ParseException | JOSEException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  private static Instant instant(Date date) {
    return date == null ? Instant.EPOCH : date.toInstant();
  }

  /** The JSON Web Key Set with the signing key (its public part), as Entra publishes it. */
  ObjectNode jwks() {
    ObjectNode jwks = Json.object();
    ObjectNode jwk = jwks.putArray("keys").addObject();
    jwk.setAll((ObjectNode) Json.MAPPER.valueToTree(key.toPublicJWK().toJSONObject()));
    jwk.put("issuer", "https://login.microsoftonline.com/{tenantid}/v2.0");
    return jwks;
  }

  static String resourceOfScope(String scope) {
    String s = scope.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.endsWith("/.default")) {
      return s.substring(0, s.length() - "/.default".length());
    }
    if (lower.endsWith(".default")) {
      return s.substring(0, s.length() - ".default".length());
    }
    return s;
  }
}
