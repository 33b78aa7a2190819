package dev.operators.identity.emulator.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.http.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Issues and verifies the emulator's access tokens: RS256 JWTs shaped like Entra ID v1 app tokens
 * ({@code iss https://sts.windows.net/{tenant}/}, {@code aud}, {@code tid}, {@code oid}, {@code
 * appid}, {@code iat}/{@code nbf}/{@code exp}), signed with a key generated at start and published
 * as JWKS.
 */
public final class TokenService {
  static final List<String> ARM_AUDIENCES =
      List.of(
          "https://management.core.windows.net/",
          "https://management.core.windows.net",
          "https://management.azure.com/",
          "https://management.azure.com");

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final KeyPair keyPair;
  private final String keyId;
  private final URI baseUrl;
  private final Clock clock;

  /** {@code clock}: when tokens are issued, and what ARM compares their expiry with. */
  public TokenService(URI baseUrl, Clock clock) {
    this.baseUrl = baseUrl;
    this.clock = clock;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.keyPair = generator.generateKeyPair();
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(keyPair.getPublic().getEncoded());
      this.keyId = B64.encodeToString(digest);
    } catch (GeneralSecurityException e) {
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

  public boolean isArmAudience(String audience) {
    return armAudiences().stream().anyMatch(a -> a.equalsIgnoreCase(audience));
  }

  public String issue(String tenantId, String clientId, String audience, Duration lifetime) {
    Instant now = clock.instant();
    ObjectNode header = Json.object().put("typ", "JWT").put("alg", "RS256");
    header.put("x5t", keyId).put("kid", keyId);
    String oid = servicePrincipalObjectId(clientId);
    ObjectNode claims = Json.object();
    claims.put("aud", audience);
    claims.put("iss", issuer(tenantId));
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    claims.put("aio", "emulator");
    claims.put("appid", clientId);
    claims.put("appidacr", "1");
    claims.put("idp", issuer(tenantId));
    claims.put("idtyp", "app");
    claims.put("oid", oid);
    claims.put("sub", oid);
    claims.put("tid", tenantId);
    claims.put("uti", B64.encodeToString(uuidBytes()));
    claims.put("ver", "1.0");
    String signingInput =
        B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(claims));
    return signingInput + "." + B64.encodeToString(sign(signingInput));
  }

  private static byte[] uuidBytes() {
    UUID uuid = UUID.randomUUID();
    return java.nio.ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private byte[] sign(String input) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keyPair.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims of a token whose signature is the emulator's, or {@code null} if it is not. */
  public JsonNode verifiedClaims(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonNode header = Json.MAPPER.readTree(B64D.decode(parts[0]));
      if (!"RS256".equals(Json.text(header, "alg"))) {
        return null;
      }
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initVerify(keyPair.getPublic());
      signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!signature.verify(B64D.decode(parts[2]))) {
        return null;
      }
      JsonNode claims = Json.MAPPER.readTree(B64D.decode(parts[1]));
      return claims != null && claims.isObject() ? claims : null;
    } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
      return null;
    }
  }

  /** The JSON Web Key Set with the signing key. */
  ObjectNode jwks() {
    RSAPublicKey key = (RSAPublicKey) keyPair.getPublic();
    ObjectNode jwks = Json.object();
    ObjectNode jwk = jwks.putArray("keys").addObject();
    jwk.put("kty", "RSA").put("use", "sig").put("kid", keyId).put("x5t", keyId);
    jwk.put("n", B64.encodeToString(unsigned(key.getModulus())));
    jwk.put("e", B64.encodeToString(unsigned(key.getPublicExponent())));
    jwk.put("issuer", "https://login.microsoftonline.com/{tenantid}/v2.0");
    return jwks;
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      return java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return bytes;
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
