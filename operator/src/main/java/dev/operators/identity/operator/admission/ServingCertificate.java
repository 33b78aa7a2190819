package dev.operators.identity.operator.admission;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What the webhook serves: a certificate (with any intermediates) and its private key. */
record ServingCertificate(List<X509Certificate> chain, PrivateKey key) {

  private static final int DNS_NAME = 2;

  ServingCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
  }

  /** From the PEM of {@code tls.crt} and {@code tls.key}. */
  static ServingCertificate fromPem(String certificates, String key)
      throws GeneralSecurityException {
    return new ServingCertificate(Pem.certificates(certificates), Pem.privateKey(key));
  }

  X509Certificate leaf() {
    return chain.get(0);
  }

  /** Whether it names {@code dnsName} and stays valid for at least {@code margin} from now. */
  boolean servesFor(String dnsName, Instant now, Duration margin) {
    return leaf().getNotAfter().toInstant().isAfter(now.plus(margin))
        && dnsNames(leaf()).contains(dnsName);
  }

  static List<String> dnsNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names =
          Optional.ofNullable(certificate.getSubjectAlternativeNames()).orElse(List.of());
      return names.stream()
          .filter(n -> n.get(0) instanceof Integer type && type == DNS_NAME)
          .map(n -> (String) n.get(1))
          .toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }
}
