package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AssigneeChange;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityTypes;
import dev.operators.identity.operator.azure.PendingOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Resources with identity blocks, in memory, with ARM's add/remove semantics. */
final class InMemoryAssignees implements AssigneePort {

  final Map<String, AssigneeResource> resources = new ConcurrentHashMap<>();
  final List<String> calls = new ArrayList<>();
  private final Map<String, AzureRequestException> failOn = new ConcurrentHashMap<>();
  private final Map<String, Runnable> open = new LinkedHashMap<>();
  private final Map<String, AzureRequestException> failed = new ConcurrentHashMap<>();
  private volatile boolean holding;

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
    return calls.stream().filter(c -> !c.startsWith("find") && !c.startsWith("check")).toList();
  }

  @Override
  public Optional<AssigneeResource> find(String resourceId) {
    call("find", resourceId);
    return Optional.ofNullable(get(resourceId));
  }

  @Override
  public List<AssigneeResource> listCarryingUserAssignedIdentities(String subscriptionId) {
    call("list", subscriptionId);
    String prefix = ("/subscriptions/" + subscriptionId + "/").toLowerCase(Locale.ROOT);
    return resources.values().stream()
        .filter(r -> r.id().toLowerCase(Locale.ROOT).startsWith(prefix))
        .filter(r -> !r.userAssignedIdentityIds().isEmpty())
        .toList();
  }

  /**
   * From now on, writes run as long-running operations that stay open until {@link
   * #completeOperations()} (or fail with {@code failure} when given).
   */
  void holdOperations() {
    holding = true;
  }

  /** Completes every open operation: the change happens, as Azure would apply it. */
  void completeOperations() {
    holding = false;
    open.values().forEach(Runnable::run);
    open.clear();
  }

  /** Fails every open operation as Azure would report it on the next check. */
  void failOperations(AzureRequestException failure) {
    holding = false;
    open.keySet().forEach(url -> failed.put(url, failure));
    open.clear();
  }

  @Override
  public AssigneeChange attach(String resourceId, String identityId) {
    call("attach", resourceId);
    return write(
        () -> {
          AssigneeResource r = get(resourceId);
          List<String> ids = new ArrayList<>(r.userAssignedIdentityIds());
          if (!r.carries(identityId)) {
            ids.add(identityId);
          }
          return replace(r, IdentityTypes.withUserAssigned(r.identityType(), r.type()), ids);
        });
  }

  @Override
  public AssigneeChange detach(String resourceId, String identityId) {
    call("detach", resourceId);
    return write(
        () -> {
          AssigneeResource r = get(resourceId);
          List<String> ids = new ArrayList<>(r.userAssignedIdentityIds());
          ids.removeIf(id -> id.equalsIgnoreCase(identityId));
          return replace(
              r, IdentityTypes.afterRemoval(r.identityType(), ids.size(), r.type()), ids);
        });
  }

  @Override
  public AssigneeChange check(String resourceId, PendingOperation operation) {
    call("check", resourceId);
    AzureRequestException failure = failed.remove(operation.pollUrl());
    if (failure != null) {
      throw failure;
    }
    if (open.containsKey(operation.pollUrl())) {
      return new AssigneeChange.Running(operation, Optional.of(Duration.ofSeconds(3)));
    }
    return new AssigneeChange.Done(get(resourceId));
  }

  private AssigneeChange write(Supplier<AssigneeResource> change) {
    if (!holding) {
      return new AssigneeChange.Done(change.get());
    }
    String url = "https://management.azure.com/operations/" + open.size() + "-" + System.nanoTime();
    open.put(url, change::get);
    return new AssigneeChange.Running(
        new PendingOperation(PendingOperation.ASYNC_OPERATION, url),
        Optional.of(Duration.ofSeconds(3)));
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
