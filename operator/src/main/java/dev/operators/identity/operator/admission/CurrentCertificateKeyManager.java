package dev.operators.identity.operator.admission;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves whatever certificate {@code source} gives at each TLS handshake, so a renewed certificate
 * (cert-manager rotating its Secret, the operator renewing its own) is used from the next
 * connection on without a restart. Each certificate is known by an alias of its serial number, so a
 * handshake that picked one gets its chain and key even if a renewal lands in between.
 */
final class CurrentCertificateKeyManager extends X509ExtendedKeyManager {

  private static final int REMEMBERED = 4;

  private final Supplier<ServingCertificate> source;
  private final Map<String, ServingCertificate> byAlias =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ServingCertificate> eldest) {
          return size() > REMEMBERED;
        }
      };

  CurrentCertificateKeyManager(Supplier<ServingCertificate> source) {
    this.source = source;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return currentAlias(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return currentAlias(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = currentAlias(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public synchronized X509Certificate[] getCertificateChain(String alias) {
    ServingCertificate certificate = byAlias.get(alias);
    return certificate == null ? null : certificate.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public synchronized PrivateKey getPrivateKey(String alias) {
    ServingCertificate certificate = byAlias.get(alias);
    return certificate == null ? null : certificate.key();
  }

  /** The current certificate's alias, when its key is of the type the handshake can use. */
  private synchronized String currentAlias(String keyType) {
    ServingCertificate current = source.get();
    if (current == null || !current.key().getAlgorithm().equals(keyType)) {
      return null;
    }
    String alias = "webhook-" + current.leaf().getSerialNumber().toString(16);
    byAlias.put(alias, current);
    return alias;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
