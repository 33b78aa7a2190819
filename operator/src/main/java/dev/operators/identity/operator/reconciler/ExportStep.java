package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes the identity's IDs in the ConfigMap {@code spec.exportTo.configMap} names: created
 * owned by the resource, kept in sync, never one that belongs to someone else; the previous one is
 * deleted when the name changes or the export goes.
 */
final class ExportStep {

  /** The pass's result: the condition, and the ConfigMap now published (if any). */
  record Outcome(PartResult part, Optional<String> exported) {}

  private static final Duration RETRY = Duration.ofSeconds(5);

  private final ConfigMapPort configMaps;
  private final EventRecorder events;

  ExportStep(ConfigMapPort configMaps, EventRecorder events) {
    this.configMaps = configMaps;
    this.events = events;
  }

  /** What the ConfigMap holds: identifiers only, never a credential. */
  static Map<String, String> data(UserAssignedIdentityStatus identity) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("clientId", identity.getClientId());
    data.put("principalId", identity.getPrincipalId());
    data.put("tenantId", identity.getTenantId());
    data.put("resourceId", identity.getResourceId());
    data.put(
        "name", identity.getResourceId().substring(identity.getResourceId().lastIndexOf('/') + 1));
    return data;
  }

  /** A write only planned: the ConfigMap published before (if any) stays the one recorded. */
  private static Outcome planned(String name, Optional<String> previous) {
    return new Outcome(
        PartResult.ready("ExportPlanned", "ConfigMap " + name + " is planned, not written"),
        previous);
  }

  Outcome reconcile(
      UserAssignedIdentity resource, UserAssignedIdentityStatus identity, Writes writes) {
    String namespace = resource.getMetadata().getNamespace();
    String uid = resource.getMetadata().getUid();
    Optional<String> wanted = resource.getSpec().exportConfigMap();
    Optional<String> previous = Optional.ofNullable(identity.getExportedConfigMap());
    try {
      if (previous.isPresent() && !previous.equals(wanted)) {
        Optional<ConfigMapPort.Found> old = configMaps.find(namespace, previous.get());
        if (old.flatMap(ConfigMapPort.Found::ownerUid).filter(uid::equals).isPresent()
            && writes.permit(
                "Delete",
                "ConfigMap",
                namespace + "/" + previous.get(),
                "spec.exportTo no longer names it")) {
          configMaps.delete(namespace, previous.get());
          events.normal(resource, "ExportDeleted", "Deleted ConfigMap " + previous.get());
        }
      }
      if (wanted.isEmpty()) {
        return new Outcome(
            PartResult.ready("NothingExported", "No export declared"), Optional.empty());
      }
      String name = wanted.get();
      Map<String, String> data = data(identity);
      Optional<ConfigMapPort.Found> found = configMaps.find(namespace, name);
      if (found.isEmpty()) {
        if (!writes.permit(
            "Create", "ConfigMap", namespace + "/" + name, "publish the identity's IDs")) {
          return planned(name, previous);
        }
        configMaps.create(namespace, name, data, resource);
        events.normal(resource, "Exported", "Published the identity's IDs in ConfigMap " + name);
      } else if (found.get().ownerUid().filter(uid::equals).isEmpty()) {
        return new Outcome(
            PartResult.failed(
                "ExportConflict",
                "ConfigMap "
                    + name
                    + " exists and does not belong to this resource; it is left as it is: choose"
                    + " another spec.exportTo.configMap.name"),
            Optional.empty());
      } else if (!Objects.equals(found.get().data(), data)) {
        if (!writes.permit(
            "Update", "ConfigMap", namespace + "/" + name, "the identity's IDs changed")) {
          return planned(name, previous);
        }
        configMaps.replaceData(namespace, name, data);
      }
      return new Outcome(
          PartResult.ready("Exported", "The identity's IDs are in ConfigMap " + name), wanted);
    } catch (KubernetesClientException e) {
      return new Outcome(
          PartResult.retrying(
              "ExportPending", "writing the ConfigMap failed: " + e.getMessage(), RETRY),
          previous);
    }
  }
}
