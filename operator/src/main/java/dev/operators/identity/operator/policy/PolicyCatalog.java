package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import java.util.List;
import java.util.Map;

/** The cluster's policies and its namespaces' labels, as the policy gate reads them. */
public interface PolicyCatalog {

  /** Every IdentityPolicy; throws when they cannot be read (the gate then decides nothing). */
  List<IdentityPolicy> policies();

  /** The namespace's labels; empty when it does not exist; throws when they cannot be read. */
  Map<String, String> namespaceLabels(String namespace);
}
