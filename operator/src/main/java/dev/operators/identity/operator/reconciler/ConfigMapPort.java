package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.Map;
import java.util.Optional;

/** ConfigMaps the operator publishes identities' IDs in. */
public interface ConfigMapPort {

  /** A ConfigMap as far as exports go: its data, and the UID of its controlling owner (if any). */
  record Found(Map<String, String> data, Optional<String> ownerUid) {}

  Optional<Found> find(String namespace, String name);

  /** Creates the ConfigMap with this data, owned by {@code owner} (deleted with it). */
  void create(String namespace, String name, Map<String, String> data, UserAssignedIdentity owner);

  /** Replaces the ConfigMap's data. */
  void replaceData(String namespace, String name, Map<String, String> data);

  void delete(String namespace, String name);
}
