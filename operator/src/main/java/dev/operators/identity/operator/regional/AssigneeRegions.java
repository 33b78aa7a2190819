package dev.operators.identity.operator.regional;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureLocations;
import dev.operators.identity.operator.azure.AzureRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The region of each assignee, as Azure reports it on the resource (never guessed from its ID): one
 * GET per assignee through the assignee port.
 *
 * @param regions the region of each resource Azure reported with one, by resource ID as declared
 * @param unknown why the region of the others is unknown, by resource ID
 * @param azureFailed whether a read failed (throttled, unreachable): worth trying again soon
 */
record AssigneeRegions(
    Map<String, String> regions, Map<String, String> unknown, boolean azureFailed) {

  static AssigneeRegions read(AssigneePort azure, List<AssigneeSpec> assignees) {
    Map<String, String> regions = new LinkedHashMap<>();
    Map<String, String> unknown = new LinkedHashMap<>();
    boolean failed = false;
    for (AssigneeSpec assignee : assignees) {
      String id = assignee.getResourceId();
      try {
        Optional<String> region =
            azure
                .find(id)
                .map(AssigneeResource::location)
                .map(AzureLocations::normalize)
                .filter(location -> !location.isEmpty());
        if (region.isPresent()) {
          regions.put(id, region.get());
        } else {
          unknown.put(id, "Azure has no such resource, or reports it without a region");
        }
      } catch (AzureRequestException e) {
        failed = true;
        unknown.put(id, e.getMessage());
      }
    }
    return new AssigneeRegions(Map.copyOf(regions), Map.copyOf(unknown), failed);
  }
}
