package dev.operators.identity.e2e.kube;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * POSTs an AdmissionReview to a webhook as the API server's webhook client does: HTTPS only, the
 * server certificate verified against {@code caBundle} (the JDK's trust store when it is empty) and
 * for the host the configuration names ({@code NAME.NAMESPACE.svc} for a Service, which {@link
 * WebhookServiceResolver} maps to an address), {@code ?timeout=Ns} on the URL and the whole call
 * bounded by that timeout. Failures are described in the words of Go's HTTP client, which is what a
 * real API server's message quotes. Vert.x (which Fabric8's mock server runs on) is the client, on
 * its own instance: it connects to one address while verifying another name.
 */
final class WebhookClient implements AutoCloseable {

  /** An answer with its HTTP status. */
  record Answer(int status, String body) {}

  /** A failure to call the webhook, worded as the API server words it. */
  static final class CallFailure extends Exception {
    CallFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final WebhookServiceResolver resolver;
  private Vertx vertx;

  WebhookClient(WebhookServiceResolver resolver) {
    this.resolver = resolver;
  }

  /** POSTs {@code body}; the answer, or why there is none. */
  Answer post(WebhookClientConfig config, int timeoutSeconds, String body) throws CallFailure {
    Target target = target(config, timeoutSeconds);
    String shown = "failed to call webhook: Post \"" + target.url() + "\": ";
    HttpClientOptions options =
        new HttpClientOptions()
            .setSsl(true)
            .setVerifyHost(true)
            .setForceSni(true)
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setConnectTimeout(timeoutSeconds * 1000);
    String ca = config.getCaBundle();
    if (ca != null && !ca.isEmpty()) {
      try {
        options.setTrustOptions(
            new PemTrustOptions().addCertValue(Buffer.buffer(Base64.getDecoder().decode(ca))));
      } catch (IllegalArgumentException e) {
        throw new CallFailure(
            "could not get REST client: unable to load root certificates: " + e.getMessage());
      }
    }
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(target.host())
            .setPort(target.port())
            .setURI(target.pathAndQuery())
            .setTimeout(timeoutSeconds * 1000L)
            .putHeader("Content-Type", "application/json")
            .putHeader("Accept", "application/json, */*");
    if (target.address() != null) {
      request.setServer(
          SocketAddress.inetSocketAddress(
              target.address().getPort(), target.address().getHostString()));
    }
    HttpClient client = vertx().createHttpClient(options);
    try {
      Future<Answer> answer =
          client
              .request(request)
              .compose(r -> r.send(Buffer.buffer(body)))
              .compose(r -> r.body().map(b -> new Answer(r.statusCode(), b.toString())));
      return answer.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new CallFailure(shown + "context deadline exceeded");
    } catch (ExecutionException e) {
      throw new CallFailure(shown + goError(e.getCause(), target));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailure(shown + "context canceled");
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Vert.x refuses trust material it cannot read when the client connects
      throw new CallFailure(
          "could not get REST client: unable to load root certificates: " + e.getMessage());
    } finally {
      client.close();
    }
  }

  private record Target(
      String url, String host, int port, String pathAndQuery, InetSocketAddress address) {}

  private Target target(WebhookClientConfig config, int timeoutSeconds) throws CallFailure {
    String timeout = "timeout=" + timeoutSeconds + "s";
    ServiceReference service = config.getService();
    if (service != null) {
      int port = service.getPort() == null ? 443 : service.getPort();
      String host = service.getName() + "." + service.getNamespace() + ".svc";
      String path = service.getPath() == null ? "/" : service.getPath();
      String pathAndQuery = path + "?" + timeout;
      InetSocketAddress address = resolver.resolve(service.getNamespace(), service.getName(), port);
      String url = "https://" + host + ":" + port + pathAndQuery;
      if (address == null) {
        throw new CallFailure(
            "failed to call webhook: Post \""
                + url
                + "\": service \""
                + service.getNamespace()
                + "/"
                + service.getName()
                + "\" port "
                + port
                + " has no address: the embedded Kubernetes API has no cluster network (give"
                + " EmbeddedKubernetes.builder().webhookServiceResolver one)");
      }
      return new Target(url, host, port, pathAndQuery, address);
    }
    try {
      URI uri = new URI(config.getUrl());
      int port = uri.getPort() < 0 ? 443 : uri.getPort();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String query = uri.getRawQuery() == null ? timeout : uri.getRawQuery() + "&" + timeout;
      String url = "https://" + uri.getRawAuthority() + path + "?" + query;
      return new Target(url, uri.getHost(), port, path + "?" + query, null);
    } catch (URISyntaxException e) {
      throw new CallFailure("could not get REST client: " + e.getMessage());
    }
  }

  /** What Go's HTTP client says for the same failure. */
  private static String goError(Throwable error, Target target) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        String address =
            target.address() == null
                ? target.host() + ":" + target.port()
                : target.address().getHostString() + ":" + target.address().getPort();
        return "dial tcp " + address + ": connect: connection refused";
      }
      if (t instanceof CertificateException) {
        String message = String.valueOf(t.getMessage());
        if (message.contains("subject alternative") || message.contains("No name matching")) {
          return "tls: failed to verify certificate: x509: certificate is not valid for "
              + target.host();
        }
        return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
      }
    }
    if (error instanceof SSLException) {
      return "remote error: tls: " + error.getMessage();
    }
    return String.valueOf(error.getMessage());
  }

  private synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    }
    return vertx;
  }

  @Override
  public synchronized void close() {
    if (vertx != null) {
      vertx.close();
      vertx = null;
    }
  }
}
