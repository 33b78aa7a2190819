package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Resources with identity blocks, in memory, with ARM's add/remove semantics. */
final class InMemoryAssignees implements AssigneePort {

  final Map<String, AssigneeResource> resources = new ConcurrentHashMap<>();
  final List<String> calls = new ArrayList<>();
  private final Map<String, AzureRequestException> failOn = new ConcurrentHashMap<>();

  AssigneeResource add(
      String id, String type, String location, String identityType, String... userAssigned) {
    AssigneeResource r =
        new AssigneeResource(id, type, location, identityType, List.of(userAssigned));
    resources.put(id.toLowerCase(Locale.ROOT), r);
    return r;
  }

  AssigneeResource get(String id) {
    return resources.get(id.toLowerCase(Locale.ROOT));
  }

  /** Fails the next call of this kind ("find", "attach", "detach"). */
  void failOn(String kind, AzureRequestException e) {
    failOn.put(kind, e);
  }

  List<String> writes() {
    return calls.stream().filter(c -> !c.startsWith("find")).toList();
  }

  @Override
  public Optional<AssigneeResource> find(String resourceId) {
    call("find", resourceId);
    return Optional.ofNullable(get(resourceId));
  }

  @Override
  public AssigneeResource attach(String resourceId, String identityId) {
    call("attach", resourceId);
    AssigneeResource r = get(resourceId);
    List<String> ids = new ArrayList<>(r.userAssignedIdentityIds());
    if (!r.carries(identityId)) {
      ids.add(identityId);
    }
    return replace(r, IdentityTypes.withUserAssigned(r.identityType(), r.type()), ids);
  }

  @Override
  public AssigneeResource detach(String resourceId, String identityId) {
    call("detach", resourceId);
    AssigneeResource r = get(resourceId);
    List<String> ids = new ArrayList<>(r.userAssignedIdentityIds());
    ids.removeIf(id -> id.equalsIgnoreCase(identityId));
    return replace(r, IdentityTypes.afterRemoval(r.identityType(), ids.size(), r.type()), ids);
  }

  private AssigneeResource replace(AssigneeResource r, String type, List<String> ids) {
    AssigneeResource updated = new AssigneeResource(r.id(), r.type(), r.location(), type, ids);
    resources.put(r.id().toLowerCase(Locale.ROOT), updated);
    return updated;
  }

  private void call(String kind, String resourceId) {
    calls.add(kind + " " + resourceId);
    AzureRequestException e = failOn.remove(kind);
    if (e != null) {
      throw e;
    }
  }
}
