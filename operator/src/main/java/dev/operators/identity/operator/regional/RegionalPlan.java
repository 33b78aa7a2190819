package dev.operators.identity.operator.regional;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySetSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.AzureLocations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the set's regional identities must become, decided from the spec, the regions Azure reports
 * for the assignees, and the identities the set has. Pure: the reconciler carries it out.
 *
 * <p>A region is wanted while it has an assignee, is listed in {@code regions}, or is the region of
 * the workload identity. A wanted region without an identity gets one (created with its assignees:
 * the identity's own reconciler creates it in Azure first, then attaches); one whose identity
 * differs from the template (a template change, a hand edit) is updated. A region no longer wanted
 * is first given no assignees (its identity detaches them), then deleted once its status shows
 * nothing attached. An assignee whose region is unknown (the resource is missing, Azure could not
 * be read) stays with the identity that has it, so nothing is detached or deleted on a guess.
 *
 * @param regions one step per region, by region name
 * @param placed each placed assignee's region, by resource ID as declared
 * @param unplaced assignees with no region known and no identity holding them
 */
record RegionalPlan(List<RegionStep> regions, Map<String, String> placed, List<String> unplaced) {

  enum Action {
    /** No identity yet: create it. */
    CREATE,
    /** The identity differs from what the template makes of it: overwrite its spec. */
    UPDATE,
    /** The identity is as it must be. */
    KEEP,
    /** The region is no longer wanted: remove its assignees first. */
    DETACH,
    /** Its assignees were removed; the identity is still detaching them. */
    AWAIT_DETACH,
    /** Nothing is attached any more: delete the identity. */
    DELETE,
    /** The identity is being deleted already. */
    DELETING
  }

  /**
   * @param child the existing identity, null for {@link Action#CREATE}
   * @param spec the spec the identity must have (for a leaving region: the template's, without
   *     assignees)
   */
  record RegionStep(
      String region, Action action, UserAssignedIdentity child, UserAssignedIdentitySpec spec) {

    boolean leaving() {
      return action == Action.DETACH
          || action == Action.AWAIT_DETACH
          || action == Action.DELETE
          || action == Action.DELETING;
    }

    int assigneeCount() {
      return spec.effectiveAssignees().size();
    }
  }

  static RegionalPlan decide(
      RegionalIdentitySet set,
      Map<String, String> observedRegions,
      List<UserAssignedIdentity> children) {
    RegionalIdentitySetSpec spec = set.getSpec();
    Map<String, UserAssignedIdentity> byRegion = new TreeMap<>();
    for (UserAssignedIdentity child : children) {
      byRegion.putIfAbsent(regionOf(child), child);
    }
    Map<String, String> placed = new LinkedHashMap<>();
    List<String> unplaced = new ArrayList<>();
    for (AssigneeSpec assignee : spec.effectiveAssignees()) {
      String id = assignee.getResourceId();
      Optional<String> region =
          Optional.ofNullable(observedRegions.get(id))
              .map(AzureLocations::normalize)
              .filter(r -> !r.isEmpty())
              .or(() -> holder(byRegion, id));
      region.ifPresentOrElse(r -> placed.put(id, r), () -> unplaced.add(id));
    }
    TreeSet<String> wanted = new TreeSet<>(placed.values());
    spec.effectiveRegions().forEach(r -> wanted.add(AzureLocations.normalize(r)));
    Optional.ofNullable(spec.getTemplate().getWorkloadIdentity())
        .map(w -> w.getRegion())
        .filter(Objects::nonNull)
        .ifPresent(r -> wanted.add(AzureLocations.normalize(r)));

    List<RegionStep> steps = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>(wanted);
    all.addAll(byRegion.keySet());
    for (String region : all) {
      UserAssignedIdentity child = byRegion.get(region);
      List<String> assignees =
          placed.entrySet().stream()
              .filter(e -> e.getValue().equals(region))
              .map(Map.Entry::getKey)
              .toList();
      UserAssignedIdentitySpec desired = ChildSpecs.of(spec.getTemplate(), region, assignees);
      steps.add(
          new RegionStep(
              region, action(region, wanted.contains(region), child, desired), child, desired));
    }
    return new RegionalPlan(List.copyOf(steps), Map.copyOf(placed), List.copyOf(unplaced));
  }

  private static Action action(
      String region, boolean wanted, UserAssignedIdentity child, UserAssignedIdentitySpec desired) {
    if (child != null && child.getMetadata().getDeletionTimestamp() != null) {
      return Action.DELETING;
    }
    if (wanted) {
      return child == null
          ? Action.CREATE
          : ChildSpecs.matches(desired, child.getSpec()) && labelled(child, region)
              ? Action.KEEP
              : Action.UPDATE;
    }
    if (!child.getSpec().effectiveAssignees().isEmpty()
        || !ChildSpecs.matches(desired, child.getSpec())) {
      return Action.DETACH;
    }
    return detached(child) ? Action.DELETE : Action.AWAIT_DETACH;
  }

  /**
   * The identity's own reconciler has seen the spec without assignees and lists none: a removed
   * assignee whose detach did not happen yet stays listed in its status.
   */
  static boolean detached(UserAssignedIdentity child) {
    var status = child.getStatus();
    return status != null
        && Objects.equals(status.getObservedGeneration(), child.getMetadata().getGeneration())
        && status.getAssignees().isEmpty();
  }

  private static boolean labelled(UserAssignedIdentity child, String region) {
    var labels = child.getMetadata().getLabels();
    return labels != null && region.equals(labels.get(RegionalIdentitySet.REGION_LABEL));
  }

  /** A regional identity's region: its label, else its location. */
  static String regionOf(UserAssignedIdentity child) {
    var labels = child.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(RegionalIdentitySet.REGION_LABEL);
    return AzureLocations.normalize(
        label != null ? label : child.getSpec() == null ? null : child.getSpec().getLocation());
  }

  /** The region of the identity that lists the assignee now (resource IDs ignore case). */
  private static Optional<String> holder(Map<String, UserAssignedIdentity> byRegion, String id) {
    return byRegion.entrySet().stream()
        .filter(
            e ->
                e.getValue().getSpec() != null
                    && e.getValue().getSpec().effectiveAssignees().stream()
                        .anyMatch(a -> id.equalsIgnoreCase(a.getResourceId())))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
