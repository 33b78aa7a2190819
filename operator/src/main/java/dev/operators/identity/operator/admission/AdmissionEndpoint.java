package dev.operators.identity.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.operators.identity.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validating admission webhook over HTTPS (the JDK's server, as the health endpoint): {@code
 * /validate-userassignedidentity} and {@code /validate-identitypolicy} take an AdmissionReview v1
 * and answer what {@link AdmissionDecision} says. The certificate is cert-manager's, mounted and
 * reread when it rotates, or one the operator generates ({@link GeneratedCertificates}).
 */
public final class AdmissionEndpoint implements AutoCloseable {

  public static final String IDENTITY_PATH = "/validate-userassignedidentity";
  public static final String POLICY_PATH = "/validate-identitypolicy";

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionEndpoint.class);

  /** The API server's own request limit: no review is larger. */
  private static final int MAX_BODY = 3 * 1024 * 1024;

  private final HttpsServer server;
  private final ExecutorService executor;
  private final AutoCloseable certificates;

  private AdmissionEndpoint(HttpsServer server, ExecutorService executor, AutoCloseable certs) {
    this.server = server;
    this.executor = executor;
    this.certificates = certs;
  }

  /** Serves {@code decision} as {@code config} says, with its certificate from either source. */
  public static AdmissionEndpoint start(
      OperatorConfig.Webhook config, KubernetesClient client, AdmissionDecision decision)
      throws IOException {
    if (config.certDir() != null) {
      return serve(config.port(), MountedCertificate.in(config.certDir()), decision, () -> {});
    }
    String namespace =
        Optional.ofNullable(config.namespace())
            .or(() -> Optional.ofNullable(client.getNamespace()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "OPERATOR_NAMESPACE is needed for the webhook's generated certificate"
                            + " (or mount one with OPERATOR_WEBHOOK_CERT_DIR, or set"
                            + " OPERATOR_WEBHOOK_PORT=0)"));
    GeneratedCertificates generated =
        GeneratedCertificates.start(client, config.name(), namespace, Clock.systemUTC());
    return serve(config.port(), generated, decision, generated);
  }

  /** Serves on {@code port} (0: any free one) with the certificate {@code source} gives. */
  static AdmissionEndpoint serve(
      int port,
      Supplier<ServingCertificate> source,
      AdmissionDecision decision,
      AutoCloseable certificates)
      throws IOException {
    SSLContext tls;
    try {
      tls = SSLContext.getInstance("TLS");
      tls.init(new KeyManager[] {new CurrentCertificateKeyManager(source)}, null, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for the webhook", e);
    }
    HttpsServer server = HttpsServer.create(new InetSocketAddress(port), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(IDENTITY_PATH, exchange -> review(exchange, decision));
    server.createContext(POLICY_PATH, exchange -> review(exchange, decision));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "admission-webhook");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    LOG.info("admission webhook serving on port {}", server.getAddress().getPort());
    return new AdmissionEndpoint(server, executor, certificates);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void review(HttpExchange exchange, AdmissionDecision decision) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain; charset=utf-8", "POST an AdmissionReview\n");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY);
      }
      send(
          exchange,
          200,
          "application/json",
          answer(new String(body, StandardCharsets.UTF_8), decision));
    } catch (RuntimeException e) {
      LOG.error("admission review failed", e);
      send(exchange, 500, "text/plain; charset=utf-8", "the webhook failed; see its log\n");
    }
  }

  /** The AdmissionReview answering {@code json}; one that cannot be read is denied, by uid. */
  static String answer(String json, AdmissionDecision decision) {
    AdmissionRequest request = null;
    String uid = "";
    try {
      JsonNode tree = AdmissionDecision.SERIALIZATION.unmarshal(json, JsonNode.class);
      uid = tree.path("request").path("uid").asText("");
      request =
          AdmissionDecision.SERIALIZATION.convertValue(tree, AdmissionReview.class).getRequest();
    } catch (IllegalArgumentException | KubernetesClientException e) {
      LOG.warn("unreadable admission review: {}", e.getMessage());
    }
    AdmissionResponse response =
        request == null
            ? AdmissionDecision.denied(
                uid, 400, "BadRequest", "the admission review cannot be read")
            : decision.decide(request);
    return AdmissionDecision.SERIALIZATION.asJson(
        new AdmissionReviewBuilder()
            .withApiVersion("admission.k8s.io/v1")
            .withKind("AdmissionReview")
            .withResponse(response)
            .build());
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      certificates.close();
    } catch (Exception e) {
      LOG.warn("could not stop the webhook certificate checks: {}", e.getMessage());
    }
  }
}
