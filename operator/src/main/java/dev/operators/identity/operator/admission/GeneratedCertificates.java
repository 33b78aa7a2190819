package dev.operators.identity.operator.admission;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's certificate when cert-manager does not provide one. A CA and a serving certificate
 * for {@code NAME.NAMESPACE.svc} live in the Secret {@code NAME} of the operator's namespace, so
 * every replica serves the same; the first replica creates it (by name only: a replica that loses
 * the race reads the winner's). The CA goes into the caBundle of the ValidatingWebhookConfiguration
 * {@code NAME}. Checked at start and every ten minutes: a serving certificate within 90 days of its
 * end is renewed under the same CA (the caBundle stays); a CA within a year of its end, or a Secret
 * that cannot be read, is replaced whole and the caBundle patched.
 */
final class GeneratedCertificates implements Supplier<ServingCertificate>, AutoCloseable {

  static final Duration CHECK_EVERY = Duration.ofMinutes(10);
  static final Duration RENEW_SERVING_BEFORE = Duration.ofDays(90);
  static final Duration RENEW_CA_BEFORE = Duration.ofDays(365);
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedCertificates.class);
  private static final int ATTEMPTS = 3;

  /** What the Secret holds. */
  record Stored(CertificateAuthority ca, ServingCertificate serving) {

    Map<String, String> data() {
      return Map.of(
          "ca.crt", base64(Pem.encode(List.of(ca.certificate()))),
          "ca.key", base64(Pem.encode(ca.key())),
          "tls.crt", base64(Pem.encode(serving.chain())),
          "tls.key", base64(Pem.encode(serving.key())));
    }

    static Optional<Stored> read(Secret secret) {
      Map<String, String> data = Optional.ofNullable(secret.getData()).orElse(Map.of());
      try {
        return Optional.of(
            new Stored(
                new CertificateAuthority(
                    Pem.certificates(text(data, "ca.crt")).get(0),
                    Pem.privateKey(text(data, "ca.key"))),
                ServingCertificate.fromPem(text(data, "tls.crt"), text(data, "tls.key"))));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    private static String text(Map<String, String> data, String key) {
      return new String(
          Base64.getDecoder().decode(Optional.ofNullable(data.get(key)).orElse("")),
          StandardCharsets.US_ASCII);
    }
  }

  private final KubernetesClient client;
  private final String name;
  private final String namespace;
  private final Clock clock;
  private final ScheduledExecutorService checks;
  private volatile ServingCertificate current;
  private volatile Stored stored;

  private GeneratedCertificates(
      KubernetesClient client, String name, String namespace, Clock clock) {
    this.client = client;
    this.name = name;
    this.namespace = namespace;
    this.clock = clock;
    this.checks =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "webhook-certificate");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Ensures the Secret and the caBundle, then checks them every ten minutes. */
  static GeneratedCertificates start(
      KubernetesClient client, String name, String namespace, Clock clock) {
    GeneratedCertificates certificates = new GeneratedCertificates(client, name, namespace, clock);
    certificates.check();
    certificates.checks.scheduleWithFixedDelay(
        certificates::checkQuietly,
        CHECK_EVERY.toSeconds(),
        CHECK_EVERY.toSeconds(),
        TimeUnit.SECONDS);
    return certificates;
  }

  @Override
  public ServingCertificate get() {
    return current;
  }

  /** The CA's certificate (PEM): what the webhook configuration's caBundle holds. */
  String caPem() {
    return Pem.encode(List.of(stored.ca().certificate()));
  }

  String dnsName() {
    return name + "." + namespace + ".svc";
  }

  /** The Secret made current (created, renewed), then the caBundle made to match it. */
  void check() {
    stored = ensureSecret();
    current = stored.serving();
    patchCaBundle(caPem());
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not check the webhook certificate Secret {}/{}: {}",
          namespace,
          name,
          e.getMessage());
    }
  }

  private Stored ensureSecret() {
    var secrets = client.secrets().inNamespace(namespace);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Secret secret = secrets.withName(name).get();
      Optional<Stored> read = Optional.ofNullable(secret).flatMap(Stored::read);
      Stored wanted = wanted(read);
      if (read.isPresent() && wanted == read.get()) {
        return wanted;
      }
      try {
        if (secret == null) {
          secrets.resource(secretWith(wanted)).create();
        } else {
          secret.setData(wanted.data());
          secret.setType("kubernetes.io/tls");
          secrets.resource(secret).update();
        }
        LOG.info(
            "webhook certificate for {} written to Secret {}/{}, valid until {}",
            dnsName(),
            namespace,
            name,
            wanted.serving().leaf().getNotAfter().toInstant());
        return wanted;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Another replica wrote it first: use theirs.
      }
    }
    throw new IllegalStateException(
        "the webhook certificate Secret " + namespace + "/" + name + " keeps changing under us");
  }

  /** What the Secret should hold: {@code read} itself when nothing needs renewing. */
  private Stored wanted(Optional<Stored> read) {
    Instant now = clock.instant();
    List<String> dnsNames = List.of(dnsName(), dnsName() + ".cluster.local");
    try {
      if (read.isPresent()
          && read.get()
              .ca()
              .certificate()
              .getNotAfter()
              .toInstant()
              .isAfter(now.plus(RENEW_CA_BEFORE))) {
        if (read.get().serving().servesFor(dnsName(), now, RENEW_SERVING_BEFORE)) {
          return read.get();
        }
        return new Stored(read.get().ca(), read.get().ca().issue(dnsNames, now));
      }
      CertificateAuthority ca = CertificateAuthority.create(name, now);
      return new Stored(ca, ca.issue(dnsNames, now));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot generate the webhook certificate: " + e.getMessage(), e);
    }
  }

  private Secret secretWith(Stored wanted) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", "azure-identity-operator")
        .addToLabels("app.kubernetes.io/component", "webhook")
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(wanted.data())
        .build();
  }

  /** Every webhook of the configuration {@code NAME} trusts {@code caPem}; absent: warned. */
  private void patchCaBundle(String caPem) {
    String bundle = base64(caPem);
    Resource<ValidatingWebhookConfiguration> configuration =
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name);
    ValidatingWebhookConfiguration found = configuration.get();
    if (found == null) {
      LOG.warn(
          "ValidatingWebhookConfiguration {} not found: nothing calls the webhook, so policy is"
              + " enforced by the reconciler only",
          name);
      return;
    }
    if (found.getWebhooks().stream()
        .allMatch(w -> bundle.equals(w.getClientConfig().getCaBundle()))) {
      return;
    }
    configuration.edit(
        c -> {
          c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(bundle));
          return c;
        });
    LOG.info("caBundle of ValidatingWebhookConfiguration {} set to the webhook's CA", name);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
