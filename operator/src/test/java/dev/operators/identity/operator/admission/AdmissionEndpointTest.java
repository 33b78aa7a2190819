package dev.operators.identity.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook over HTTPS with a mounted certificate (cert-manager's Secret): it answers reviews on
 * both paths, and serves a rotated certificate from the next connection on, without a restart.
 */
class AdmissionEndpointTest {

  static final String REVIEW =
      "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":"
          + "\"u1\",\"operation\":\"DELETE\",\"kind\":{\"group\":\"identity.operators.dev\","
          + "\"version\":\"v1alpha1\",\"kind\":\"UserAssignedIdentity\"}}}";

  @TempDir Path dir;

  @Test
  void answersReviewsAndServesARotatedCertificateFromTheNextConnectionOn() throws Exception {
    CertificateAuthority first = mount("first");
    try (AdmissionEndpoint endpoint =
        AdmissionEndpoint.serve(
            0, MountedCertificate.in(dir), AdmissionDecisionTest.DECISION, () -> {})) {
      for (String path : List.of(AdmissionEndpoint.IDENTITY_PATH, AdmissionEndpoint.POLICY_PATH)) {
        HttpResponse<String> answer = post(endpoint, path, first);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).contains("\"uid\":\"u1\"").contains("\"allowed\":true");
      }
      assertThat(
              client(first)
                  .send(
                      HttpRequest.newBuilder(url(endpoint, AdmissionEndpoint.IDENTITY_PATH))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(405);

      CertificateAuthority second = mount("second");

      assertThat(post(endpoint, AdmissionEndpoint.IDENTITY_PATH, second).statusCode())
          .isEqualTo(200);
      assertThatThrownBy(() -> post(endpoint, AdmissionEndpoint.IDENTITY_PATH, first))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aGarbledRotationKeepsThePreviousCertificateInService() throws Exception {
    CertificateAuthority ca = mount("only");
    try (AdmissionEndpoint endpoint =
        AdmissionEndpoint.serve(
            0, MountedCertificate.in(dir), AdmissionDecisionTest.DECISION, () -> {})) {
      Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\ngarbage\n");

      assertThat(post(endpoint, AdmissionEndpoint.IDENTITY_PATH, ca).statusCode()).isEqualTo(200);
    }
  }

  /** Writes tls.crt and tls.key issued by a new CA for localhost, as the kubelet would. */
  private CertificateAuthority mount(String name) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(name, Instant.now());
    ServingCertificate serving = ca.issue(List.of("localhost"), Instant.now());
    Files.writeString(dir.resolve("tls.key"), Pem.encode(serving.key()));
    Files.writeString(dir.resolve("tls.crt"), Pem.encode(serving.chain()));
    return ca;
  }

  private static HttpResponse<String> post(
      AdmissionEndpoint endpoint, String path, CertificateAuthority trusted)
      throws IOException, InterruptedException {
    return client(trusted)
        .send(
            HttpRequest.newBuilder(url(endpoint, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REVIEW))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static URI url(AdmissionEndpoint endpoint, String path) {
    return URI.create("https://localhost:" + endpoint.port() + path);
  }

  /** A client trusting only {@code ca}, with no connection to reuse. */
  private static HttpClient client(CertificateAuthority ca) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(tls).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
