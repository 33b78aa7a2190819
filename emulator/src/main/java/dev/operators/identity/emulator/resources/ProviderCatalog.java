package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resource-provider metadata ({@code GET /subscriptions/{s}/providers[/{namespace}]}, Microsoft.
 * Resources "Providers_Get"/"Providers_List", specification/resources/resource-manager/
 * Microsoft.Resources/stable/2025-04-01/resources.json): {@code {id, namespace, registrationState,
 * registrationPolicy, resourceTypes:[{resourceType, locations, apiVersions, capabilities}]}},
 * locations as display names ("East US"), api-versions newest first. Loaded from {@code
 * /emulator/providers.json}; for types another emulator handler serves, that handler's list is
 * used, so that the advertised versions are exactly the accepted ones.
 */
final class ProviderCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode data;
  private final Map<String, String> displayNames = new LinkedHashMap<>();

  ProviderCatalog() {
    try (InputStream in = ProviderCatalog.class.getResourceAsStream("/emulator/providers.json")) {
      if (in == null) {
        throw new IllegalStateException("missing resource /emulator/providers.json");
      }
      data = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    data.path("locationDisplayNames")
        .fields()
        .forEachRemaining(e -> displayNames.put(e.getKey(), e.getValue().asText()));
  }

  /** "eastus" → "East US" (the name itself when unknown). */
  String displayName(String location) {
    return displayNames.getOrDefault(location, location);
  }

  /** The api-versions listed for a type in the data file, newest first (empty if none). */
  List<String> listedApiVersions(String namespace, String resourceType) {
    return typeNode(namespace, resourceType)
        .map(
            t -> {
              List<String> versions = new ArrayList<>();
              t.path("apiVersions").forEach(v -> versions.add(v.asText()));
              return versions;
            })
        .orElse(List.of());
  }

  private Optional<JsonNode> providerNode(String namespace) {
    for (JsonNode p : data.path("providers")) {
      if (p.path("namespace").asText().equalsIgnoreCase(namespace)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private Optional<JsonNode> typeNode(String namespace, String resourceType) {
    return providerNode(namespace)
        .flatMap(
            p -> {
              for (JsonNode t : p.path("resourceTypes")) {
                if (t.path("resourceType").asText().equalsIgnoreCase(resourceType)) {
                  return Optional.of(t);
                }
              }
              return Optional.empty();
            });
  }

  /** GET /subscriptions/{s}/providers/{namespace}; 404 InvalidResourceNamespace if unknown. */
  ObjectNode provider(AssigneeHost host, String subscriptionId, String namespace) {
    JsonNode p =
        providerNode(namespace)
            .orElseThrow(
                () ->
                    new AssigneeError(
                        404,
                        "InvalidResourceNamespace",
                        "The resource namespace '" + namespace + "' is invalid."));
    return render(host, subscriptionId, p);
  }

  /** GET /subscriptions/{s}/providers. */
  ObjectNode providers(AssigneeHost host, String subscriptionId) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode value = page.putArray("value");
    data.path("providers").forEach(p -> value.add(render(host, subscriptionId, p)));
    return page;
  }

  private ObjectNode render(AssigneeHost host, String subscriptionId, JsonNode p) {
    String namespace = p.path("namespace").asText();
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", "/subscriptions/" + subscriptionId + "/providers/" + namespace);
    doc.put("namespace", namespace);
    ArrayNode types = doc.putArray("resourceTypes");
    for (JsonNode t : p.path("resourceTypes")) {
      String type = t.path("resourceType").asText();
      ObjectNode out = types.addObject();
      out.put("resourceType", type);
      ArrayNode locations = out.putArray("locations");
      if (t.path("regional").asBoolean(true)) {
        host.locations().forEach(l -> locations.add(displayName(l)));
      }
      ArrayNode versions = out.putArray("apiVersions");
      apiVersions(host, namespace, type).forEach(versions::add);
      out.put("capabilities", t.path("capabilities").asText("None"));
    }
    doc.put("registrationState", "Registered");
    doc.put("registrationPolicy", "RegistrationRequired");
    return doc;
  }

  /** What a type accepts, newest first: the serving handler's list, else the data file's. */
  List<String> apiVersions(AssigneeHost host, String namespace, String type) {
    Optional<List<String>> served = host.servedApiVersions(namespace + "/" + type);
    if (served.isPresent() && !served.get().isEmpty()) {
      List<String> sorted = new ArrayList<>(served.get());
      sorted.sort(Comparator.comparing((String v) -> v.toLowerCase(Locale.ROOT)).reversed());
      return sorted;
    }
    return listedApiVersions(namespace, type);
  }
}
