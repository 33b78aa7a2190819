package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.resources.StoredResource;
import java.util.List;

/**
 * Serves one resource-provider type (e.g. Microsoft.ManagedIdentity/userAssignedIdentities). The
 * router has already authenticated, throttled, checked the api-version against {@link
 * #apiVersions()} and checked that the resource group exists.
 */
public interface ResourceTypeHandler {
  String namespace();

  String type();

  List<String> apiVersions();

  ArmResponse handle(ArmRequest request, ResourceRoute route);

  /** Out-of-band upsert (control API), validated like a PUT with the newest api-version. */
  StoredResource seed(ResourceRoute route, com.fasterxml.jackson.databind.JsonNode body);

  /** The resource as the newest api-version returns it. */
  com.fasterxml.jackson.databind.node.ObjectNode render(StoredResource resource);
}
