package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A tiny admission webhook for tests: the JDK's HTTPS server on 127.0.0.1 with a self-signed
 * certificate for the names given (BouncyCastle), answering each AdmissionReview with what {@link
 * #answer} says and recording what it received (the request line and the review).
 */
final class TestWebhookServer implements AutoCloseable {

  /** What was received: the request URI (with its query) and the AdmissionReview. */
  record Received(String uri, JsonNode review) {}

  /** An HTTP answer: status and body. */
  record Reply(int status, String body) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpsServer server;
  private final String caBundle;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<JsonNode, Reply> answer = TestWebhookServer::allow;

  /** A server whose certificate is valid for {@code dnsNames} and 127.0.0.1. */
  TestWebhookServer(String... dnsNames) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X509Certificate certificate = selfSigned(keys, dnsNames);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "test".toCharArray();
    store.setKeyEntry("webhook", keys.getPrivate(), password, new X509Certificate[] {certificate});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, new SecureRandom());
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    this.caBundle = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            JsonNode review = MAPPER.readTree(exchange.getRequestBody());
            received.add(new Received(exchange.getRequestURI().toString(), review));
            Reply reply = answer.apply(review);
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } catch (IOException | RuntimeException e) {
            // the client went away (a timeout): nothing to answer
          }
        });
    server.start();
  }

  private static X509Certificate selfSigned(KeyPair keys, String... dnsNames) throws Exception {
    X500Name subject = new X500Name("CN=test-webhook");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    for (String name : dnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, name));
    }
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(names.toArray(GeneralName[]::new)));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  /** The base64 PEM of the server's certificate, for {@code clientConfig.caBundle}. */
  String caBundle() {
    return caBundle;
  }

  /** {@code https://127.0.0.1:PORT/PATH}. */
  String url(String path) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  /** From now on, answers each review with {@code answer}. */
  void answer(Function<JsonNode, Reply> answer) {
    this.answer = answer;
  }

  /** The reviews received since the last {@link #reset}. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** Forgets what was received and allows everything again. */
  void reset() {
    received.clear();
    answer = TestWebhookServer::allow;
  }

  /** {@code allowed: true} for the review's uid. */
  static Reply allow(JsonNode review) {
    return response(review, "\"allowed\": true");
  }

  /** An AdmissionReview response to {@code review} with {@code fields} (JSON members). */
  static Reply response(JsonNode review, String fields) {
    return new Reply(
        200,
        """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "response": {"uid": "%s", %s}}"""
            .formatted(review.path("request").path("uid").asText(), fields));
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
