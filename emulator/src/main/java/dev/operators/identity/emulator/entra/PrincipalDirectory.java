package dev.operators.identity.emulator.entra;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory's principals as Microsoft.Authorization sees them: every managed identity's service
 * principal from the moment it was created until the identity is deleted (its role assignments
 * stay, pointing at a principal that no longer exists), and principals seeded through the control
 * API (users, groups, service principals) until removed there.
 */
public final class PrincipalDirectory {
  /** {@code type}: User, Group, ServicePrincipal, ForeignGroup or Device. */
  public record Principal(String objectId, String type, Instant createdAt) {}

  private final Map<String, Principal> principals = new ConcurrentHashMap<>();

  public void record(String objectId, String type, Instant createdAt) {
    principals.putIfAbsent(
        objectId.toLowerCase(Locale.ROOT), new Principal(objectId, type, createdAt));
  }

  /** Replaces any earlier entry (control API seeding). */
  public void put(String objectId, String type, Instant createdAt) {
    principals.put(objectId.toLowerCase(Locale.ROOT), new Principal(objectId, type, createdAt));
  }

  /** The principal deleted from the directory (its identity deleted, or by the control API). */
  public void remove(String objectId) {
    principals.remove(objectId.toLowerCase(Locale.ROOT));
  }

  public Optional<Principal> find(String objectId) {
    return Optional.ofNullable(principals.get(objectId.toLowerCase(Locale.ROOT)));
  }

  List<Principal> all() {
    return List.copyOf(principals.values());
  }

  public void clear() {
    principals.clear();
  }
}
