package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AssignmentRestrictionPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Identities' assignment restrictions in memory (none set: any resource). */
final class InMemoryRestrictions implements AssignmentRestrictionPort {

  final Map<String, List<String>> byIdentity = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();

  List<String> of(IdentityRef identity) {
    return byIdentity.getOrDefault(identity.resourceId().toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public List<String> restrictions(IdentityRef identity) {
    calls.add("get " + identity.name());
    return of(identity);
  }

  @Override
  public void setRestrictions(IdentityRef identity, List<String> providers) {
    calls.add("set " + identity.name());
    byIdentity.put(identity.resourceId().toLowerCase(Locale.ROOT), List.copyOf(providers));
  }
}
