package dev.operators.identity.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.operator.policy.PolicyCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Policies and namespace labels in memory; {@code unreadable} makes every read fail. */
final class InMemoryPolicies implements PolicyCatalog {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  final List<IdentityPolicy> policies = new CopyOnWriteArrayList<>();
  final Map<String, Map<String, String>> labels = new ConcurrentHashMap<>();
  volatile boolean unreadable;

  /** Adds a policy written as flow YAML: {@code {namespaces: [team-orders], ...}}. */
  IdentityPolicy add(String name, String spec) {
    try {
      IdentityPolicy policy =
          YAML.readValue(
              "{apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy, metadata:"
                  + " {name: "
                  + name
                  + "}, spec: "
                  + spec
                  + "}",
              IdentityPolicy.class);
      policies.add(policy);
      return policy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<IdentityPolicy> policies() {
    if (unreadable) {
      throw new IllegalStateException("cannot read IdentityPolicies (HTTP 503)");
    }
    return List.copyOf(policies);
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    if (unreadable) {
      throw new IllegalStateException("cannot read namespace " + namespace + " (HTTP 503)");
    }
    return labels.getOrDefault(namespace, Map.of());
  }
}
