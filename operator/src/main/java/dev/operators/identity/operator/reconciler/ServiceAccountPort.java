package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.Map;
import java.util.Optional;

/** The Kubernetes ServiceAccounts of workload identity: read, create, annotate. */
public interface ServiceAccountPort {

  /** A ServiceAccount's annotations, or empty when it does not exist. */
  Optional<Map<String, String>> annotations(String namespace, String name);

  /** Creates the ServiceAccount with these annotations, owned by {@code owner}. */
  void create(
      String namespace, String name, Map<String, String> annotations, UserAssignedIdentity owner);

  /** Sets these annotations; a null value removes the annotation. Others are left alone. */
  void annotate(String namespace, String name, Map<String, String> annotations);
}
