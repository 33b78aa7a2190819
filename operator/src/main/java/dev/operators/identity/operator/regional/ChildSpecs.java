package dev.operators.identity.operator.regional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.ExportSpec;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.RegionalFederatedCredential;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.RegionalIdentityTemplate;
import dev.operators.identity.api.v1alpha1.RegionalWorkloadIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.reconciler.OwnerReferences;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The spec of a region's identity, from the set's template: the template's fields, the region as
 * location, isolation scope Regional, the region's assignees; the credentials scoped to the region
 * or to none; the ServiceAccounts only in their region; names in Azure and of the export ConfigMap
 * suffixed with the region (one resource group holds every region's identity). Defaults the API
 * server would add are written out, so that a child as stored equals the spec computed for it.
 */
final class ChildSpecs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChildSpecs() {}

  static UserAssignedIdentitySpec of(
      RegionalIdentityTemplate template, String region, List<String> assignees) {
    UserAssignedIdentitySpec spec = new UserAssignedIdentitySpec();
    spec.setSubscriptionId(template.getSubscriptionId());
    spec.setResourceGroup(template.getResourceGroup());
    spec.setAzureName(suffixed(template.getAzureName(), region));
    spec.setLocation(region);
    spec.setIsolationScope(IsolationScope.Regional.name());
    spec.setTags(template.getTags());
    spec.setRoleAssignments(template.getRoleAssignments());
    spec.setFederatedCredentials(
        template.getFederatedCredentials() == null
            ? null
            : template.getFederatedCredentials().stream()
                .filter(Objects::nonNull)
                .filter(credential -> credential.appliesTo(region))
                .map(RegionalFederatedCredential::credential)
                .toList());
    spec.setWorkloadIdentity(
        Optional.ofNullable(template.getWorkloadIdentity())
            .filter(workload -> region.equals(workload.getRegion()))
            .map(RegionalWorkloadIdentity::workloadIdentity)
            .orElse(null));
    spec.setExportTo(export(template.getExportTo(), region));
    spec.setAssignmentRestrictions(template.getAssignmentRestrictions());
    spec.setAssignees(assignees.stream().map(AssigneeSpec::new).toList());
    spec.setDeletionPolicy(
        template.getDeletionPolicy() == null
            ? DeletionPolicy.Delete.name()
            : template.getDeletionPolicy());
    return spec;
  }

  /**
   * Whether the identity's spec is the one computed for it. An empty list or object and an absent
   * one say the same (a patch or an API server may turn one into the other).
   */
  static boolean matches(UserAssignedIdentitySpec desired, UserAssignedIdentitySpec actual) {
    return actual != null
        && withoutEmpties(JSON.valueToTree(desired))
            .equals(withoutEmpties(JSON.valueToTree(actual)));
  }

  private static JsonNode withoutEmpties(JsonNode node) {
    if (node.isObject()) {
      ObjectNode kept = JSON.createObjectNode();
      node.fields()
          .forEachRemaining(
              field -> {
                JsonNode value = withoutEmpties(field.getValue());
                if (!value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
                  kept.set(field.getKey(), value);
                }
              });
      return kept;
    }
    if (node.isArray()) {
      ArrayNode kept = JSON.createArrayNode();
      node.forEach(item -> kept.add(withoutEmpties(item)));
      return kept;
    }
    return node;
  }

  /** The regional identity as the set creates it: named, labelled and owned by the set. */
  static UserAssignedIdentity resource(
      RegionalIdentitySet set, String region, UserAssignedIdentitySpec spec) {
    UserAssignedIdentity child = new UserAssignedIdentity();
    child.setMetadata(
        new ObjectMetaBuilder()
            .withName(set.childName(region))
            .withNamespace(set.getMetadata().getNamespace())
            .withLabels(labels(set, region))
            .withOwnerReferences(OwnerReferences.blockingControlledBy(set))
            .build());
    child.setSpec(spec);
    return child;
  }

  /**
   * The set's own labels (so a shard's label selector that selects the set selects its regional
   * identities too), and which set and region the identity is.
   */
  static Map<String, String> labels(RegionalIdentitySet set, String region) {
    Map<String, String> labels = new java.util.TreeMap<>();
    if (set.getMetadata().getLabels() != null) {
      labels.putAll(set.getMetadata().getLabels());
    }
    labels.put(RegionalIdentitySet.SET_LABEL, set.getMetadata().getName());
    labels.put(RegionalIdentitySet.REGION_LABEL, region);
    return labels;
  }

  private static String suffixed(String name, String region) {
    return name == null || name.isBlank() ? null : name + "-" + region;
  }

  private static ExportSpec export(ExportSpec export, String region) {
    if (export == null || export.getConfigMap() == null) {
      return export;
    }
    ExportSpec regional = new ExportSpec();
    regional.setConfigMap(
        new ExportSpec.ConfigMapTarget(suffixed(export.getConfigMap().getName(), region)));
    return regional;
  }
}
