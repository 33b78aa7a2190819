package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzureIdentity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who owns an identity in Azure. The operator tags every identity it creates with the cluster,
 * namespace and name of its resource; it acts only on identities carrying its own tags.
 */
final class Ownership {

  static final String CLUSTER_TAG = AzureNameRules.OWNER_TAG_PREFIX + "cluster";
  static final String NAMESPACE_TAG = AzureNameRules.OWNER_TAG_PREFIX + "namespace";
  static final String NAME_TAG = AzureNameRules.OWNER_TAG_PREFIX + "name";

  enum Verdict {
    /** Carries this resource's tags, or is the very identity this resource created. */
    OWNED,
    /** Carries no ownership tags: taken over only with the adoption annotation. */
    UNOWNED,
    /** Tagged for another cluster or resource: never touched. */
    OWNED_BY_OTHER
  }

  /** The reasons of an identity refused because it is not this resource's. */
  static final java.util.Set<String> REFUSALS = java.util.Set.of("NotOwned", "OwnedByAnother");

  private final String clusterName;

  Ownership(String clusterName) {
    this.clusterName = clusterName;
  }

  /** The ownership tags for a resource. */
  Map<String, String> ownerTags(UserAssignedIdentity resource) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(CLUSTER_TAG, clusterName);
    tags.put(NAMESPACE_TAG, resource.getMetadata().getNamespace());
    tags.put(NAME_TAG, resource.getMetadata().getName());
    return tags;
  }

  /** Whether two tag sets are the same once the ownership tags are set aside. */
  static boolean sameBesidesOwnership(Map<String, String> a, Map<String, String> b) {
    return withoutOwnership(a).equals(withoutOwnership(b));
  }

  private static Map<String, String> withoutOwnership(Map<String, String> tags) {
    Map<String, String> rest = new LinkedHashMap<>(tags);
    rest.keySet().removeAll(java.util.List.of(CLUSTER_TAG, NAMESPACE_TAG, NAME_TAG));
    return rest;
  }

  /** The user's tags plus the ownership tags: exactly what Azure should hold. */
  Map<String, String> desiredTags(UserAssignedIdentity resource) {
    Map<String, String> tags = new LinkedHashMap<>(resource.getSpec().effectiveTags());
    tags.putAll(ownerTags(resource));
    return tags;
  }

  /**
   * Judges an existing identity. {@code knownPrincipalId} is the principal this resource recorded
   * in its status: an identity with that principal is the one the operator created, even if someone
   * removed its tags (which are then restored).
   */
  Verdict judge(
      UserAssignedIdentity resource, AzureIdentity existing, UserAssignedIdentityStatus status) {
    String knownPrincipalId = knownPrincipal(status);
    Map<String, String> ours = ownerTags(resource);
    for (var tag : ours.entrySet()) {
      String value = existing.tags().get(tag.getKey());
      if (value != null && !value.equals(tag.getValue())) {
        return Verdict.OWNED_BY_OTHER;
      }
    }
    boolean allOwnerTags = ours.keySet().stream().allMatch(existing.tags()::containsKey);
    if (allOwnerTags) {
      return Verdict.OWNED;
    }
    if (knownPrincipalId != null && Objects.equals(knownPrincipalId, existing.principalId())) {
      return Verdict.OWNED;
    }
    return Verdict.UNOWNED;
  }

  /**
   * The principal this resource recorded for an identity it manages: none while status shows a plan
   * (Observe, Plan, an adoption waiting for approval), as the identity recorded then was only read,
   * never taken over.
   */
  static String knownPrincipal(UserAssignedIdentityStatus status) {
    return status == null || status.getPlan() != null ? null : status.getPrincipalId();
  }

  /** Describes the owner recorded in an identity's tags, for messages. */
  static String describeOwner(AzureIdentity existing) {
    return "cluster '"
        + existing.tags().getOrDefault(CLUSTER_TAG, "?")
        + "', namespace '"
        + existing.tags().getOrDefault(NAMESPACE_TAG, "?")
        + "', name '"
        + existing.tags().getOrDefault(NAME_TAG, "?")
        + "'";
  }
}
