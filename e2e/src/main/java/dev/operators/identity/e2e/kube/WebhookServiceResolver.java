package dev.operators.identity.e2e.kube;

import java.net.InetSocketAddress;

/**
 * Where a webhook's {@code clientConfig.service} is reached: the embedded API has no cluster
 * network, so a test or local run says which address serves the Service {@code namespace/name} on
 * {@code port}. The server's certificate is still verified for the Service's DNS name, {@code
 * NAME.NAMESPACE.svc}, as a real API server verifies it.
 *
 * <pre>{@code
 * EmbeddedKubernetes.builder()
 *     .webhookServiceResolver((namespace, name, port) ->
 *         name.equals("identity-webhook") ? new InetSocketAddress("127.0.0.1", 9443) : null)
 * }</pre>
 */
@FunctionalInterface
public interface WebhookServiceResolver {

  /** Resolves nothing: every Service reference fails to connect. */
  WebhookServiceResolver NONE = (namespace, name, port) -> null;

  /** The address that serves {@code namespace/name:port}; null when there is none. */
  InetSocketAddress resolve(String namespace, String name, int port);
}
