package dev.operators.identity.operator.admission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate and key mounted from a Secret (cert-manager's: {@code tls.crt}, {@code tls.key}),
 * read again whenever the files change: the kubelet swaps a Secret volume's files atomically when
 * cert-manager renews it, and the next handshake serves the new certificate. A pair that cannot be
 * read leaves the previous one in service.
 */
final class MountedCertificate implements Supplier<ServingCertificate> {

  private static final Logger LOG = LoggerFactory.getLogger(MountedCertificate.class);

  private final Path certificateFile;
  private final Path keyFile;
  private byte[] certificateBytes = new byte[0];
  private byte[] keyBytes = new byte[0];
  private ServingCertificate current;

  private MountedCertificate(Path dir) {
    this.certificateFile = dir.resolve("tls.crt");
    this.keyFile = dir.resolve("tls.key");
  }

  /** Reads {@code tls.crt} and {@code tls.key} in {@code dir}; throws when they cannot be read. */
  static MountedCertificate in(Path dir) {
    MountedCertificate mounted = new MountedCertificate(dir);
    try {
      mounted.reload();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "the webhook certificate in "
              + dir
              + " (tls.crt, tls.key; OPERATOR_WEBHOOK_CERT_DIR) cannot be read: "
              + e.getMessage(),
          e);
    }
    return mounted;
  }

  @Override
  public synchronized ServingCertificate get() {
    try {
      reload();
    } catch (IOException | GeneralSecurityException e) {
      LOG.warn(
          "the webhook certificate in {} cannot be read, serving the previous one: {}",
          certificateFile.getParent(),
          e.getMessage());
    }
    return current;
  }

  private void reload() throws IOException, GeneralSecurityException {
    byte[] certificate = Files.readAllBytes(certificateFile);
    byte[] key = Files.readAllBytes(keyFile);
    if (Arrays.equals(certificate, certificateBytes) && Arrays.equals(key, keyBytes)) {
      return;
    }
    current =
        ServingCertificate.fromPem(
            new String(certificate, StandardCharsets.US_ASCII),
            new String(key, StandardCharsets.US_ASCII));
    certificateBytes = certificate;
    keyBytes = key;
    LOG.info(
        "serving the webhook certificate from {}, valid until {}",
        certificateFile.getParent(),
        current.leaf().getNotAfter().toInstant());
  }
}
