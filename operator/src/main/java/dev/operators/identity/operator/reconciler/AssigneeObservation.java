package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The assignees as read from Azure once in a pass: each resource, its absence, or the failure. */
final class AssigneeObservation {

  private final Map<String, Optional<AssigneeResource>> found = new LinkedHashMap<>();
  private final Map<String, Failure> failures = new LinkedHashMap<>();

  /** Reads each resource once (IDs compare case-insensitively). */
  static AssigneeObservation read(AssigneePort assignees, Collection<String> resourceIds) {
    return read(assignees::find, resourceIds);
  }

  /** Reads each resource once with {@code reader} (a shared listing, or afresh). */
  static AssigneeObservation read(
      Function<String, Optional<AssigneeResource>> reader, Collection<String> resourceIds) {
    AssigneeObservation observation = new AssigneeObservation();
    for (String resourceId : resourceIds) {
      String key = AssigneePlan.key(resourceId);
      if (observation.found.containsKey(key) || observation.failures.containsKey(key)) {
        continue;
      }
      try {
        observation.found.put(key, reader.apply(resourceId));
      } catch (AzureRequestException e) {
        observation.failures.put(key, AzureFailures.classify(e));
      }
    }
    return observation;
  }

  /** Adds what is not read yet. */
  AssigneeObservation andRead(AssigneePort assignees, Collection<String> resourceIds) {
    return andRead(assignees::find, resourceIds);
  }

  /** Adds what is not read yet, read with {@code reader}. */
  AssigneeObservation andRead(
      Function<String, Optional<AssigneeResource>> reader, Collection<String> resourceIds) {
    AssigneeObservation more =
        read(
            reader,
            resourceIds.stream()
                .filter(
                    id ->
                        !found.containsKey(AssigneePlan.key(id))
                            && !failures.containsKey(AssigneePlan.key(id)))
                .toList());
    more.found.forEach(found::putIfAbsent);
    more.failures.forEach(failures::putIfAbsent);
    return this;
  }

  Optional<AssigneeResource> resource(String resourceId) {
    return found.getOrDefault(AssigneePlan.key(resourceId), Optional.empty());
  }

  Optional<Failure> failure(String resourceId) {
    return Optional.ofNullable(failures.get(AssigneePlan.key(resourceId)));
  }

  /** Every resource that exists, in the order read. */
  List<AssigneeResource> existing() {
    return found.values().stream().flatMap(Optional::stream).toList();
  }

  /** The first failure, to report when the observation itself is what a decision needs. */
  Optional<Failure> anyFailure() {
    return failures.values().stream().findFirst();
  }
}
