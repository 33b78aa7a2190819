package dev.operators.identity.emulator.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure's built-in role definitions, loaded from {@code /emulator/builtin-roles.json}: names, GUIDs
 * (the same in every tenant) and descriptions transcribed from Microsoft's built-in roles reference
 * (MicrosoftDocs/azure-docs, articles/role-based-access-control/built-in-roles.md).
 */
final class BuiltInRoles {
  static final String RESOURCE = "/emulator/builtin-roles.json";

  /** One built-in role; permissions are empty lists where the data file gives none. */
  record BuiltInRole(
      String name,
      String id,
      String description,
      List<String> actions,
      List<String> notActions,
      List<String> dataActions,
      List<String> notDataActions) {}

  private static final BuiltInRoles INSTANCE = load();

  private final Map<String, BuiltInRole> byId;

  private BuiltInRoles(List<BuiltInRole> roles) {
    Map<String, BuiltInRole> map = new LinkedHashMap<>();
    roles.forEach(r -> map.put(r.id().toLowerCase(Locale.ROOT), r));
    this.byId = map;
  }

  static BuiltInRoles get() {
    return INSTANCE;
  }

  List<BuiltInRole> all() {
    return List.copyOf(byId.values());
  }

  Optional<BuiltInRole> byId(String guid) {
    return Optional.ofNullable(byId.get(guid.toLowerCase(Locale.ROOT)));
  }

  /** Role names compare case-insensitively, as the {@code roleName eq} filter does. */
  Optional<BuiltInRole> byName(String name) {
    return byId.values().stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
  }

  private static BuiltInRoles load() {
    try (InputStream in = BuiltInRoles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<BuiltInRole> roles = new ArrayList<>();
      for (JsonNode r : root.path("roles")) {
        roles.add(
            new BuiltInRole(
                r.path("name").asText(),
                r.path("id").asText(),
                r.path("description").asText(),
                strings(r.path("actions")),
                strings(r.path("notActions")),
                strings(r.path("dataActions")),
                strings(r.path("notDataActions"))));
      }
      return new BuiltInRoles(roles);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return List.copyOf(list);
  }
}
