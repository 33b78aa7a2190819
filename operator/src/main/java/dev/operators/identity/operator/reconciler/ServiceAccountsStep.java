package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.reconciler.ServiceAccountPlan.Account;
import dev.operators.identity.operator.reconciler.ServiceAccountPlan.Action;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Wires workload identity's ServiceAccounts: read each once, plan ({@link ServiceAccountPlan},
 * pure), then write the annotations {@code azure.workload.identity/client-id} and {@code
 * tenant-id}; a ServiceAccount annotated for another identity is reported, never overwritten.
 */
final class ServiceAccountsStep {

  /** The pass's result: the condition and one status entry per declared ServiceAccount. */
  record Outcome(PartResult part, List<ServiceAccountStatus> entries) {}

  private static final Duration RETRY = Duration.ofSeconds(5);

  private final ServiceAccountPort accounts;
  private final EventRecorder events;
  private final Optional<String> issuer;

  ServiceAccountsStep(ServiceAccountPort accounts, EventRecorder events, Optional<String> issuer) {
    this.accounts = accounts;
    this.events = events;
    this.issuer = issuer;
  }

  Outcome reconcile(
      UserAssignedIdentity resource, UserAssignedIdentityStatus identity, Writes writes) {
    Map<Account, Optional<Map<String, String>>> observed = new HashMap<>();
    Map<Account, String> unreadable = new LinkedHashMap<>();
    for (Account account : accountsOf(resource, identity.getServiceAccounts())) {
      try {
        observed.put(account, accounts.annotations(account.namespace(), account.name()));
      } catch (KubernetesClientException e) {
        unreadable.put(account, e.getMessage());
      }
    }
    Optional<Duration> retry = Optional.empty();
    List<ServiceAccountStatus> entries = new ArrayList<>();
    Map<String, String> ours =
        Map.of(
            AzureNameRules.CLIENT_ID_ANNOTATION, identity.getClientId(),
            AzureNameRules.TENANT_ID_ANNOTATION, identity.getTenantId());
    for (Action action :
        ServiceAccountPlan.decide(
            resource,
            identity.getServiceAccounts(),
            observed,
            identity.getClientId(),
            identity.getTenantId(),
            issuer)) {
      Account account = action.account();
      ServiceAccountStatus entry = entry(account);
      String failure = unreadable.get(account);
      if (failure == null) {
        try {
          act(resource, action, entry, ours, writes);
        } catch (KubernetesClientException e) {
          failure = e.getMessage();
        }
      }
      if (failure != null) {
        entry.setState(State.Failed);
        entry.setMessage("reading or writing the ServiceAccount failed: " + failure);
        retry = Optional.of(RETRY);
      }
      if (action.declared()
          || entry.getState() == State.Failed
          || entry.getState() == State.Planned) {
        entries.add(entry);
      }
    }
    return new Outcome(summary(entries, retry), entries);
  }

  /**
   * On deletion: removes the identity's annotations from every ServiceAccount that still carries
   * its client ID (created ones go with the resource, by their owner reference).
   */
  void release(UserAssignedIdentity resource, String clientId) {
    List<ServiceAccountStatus> recorded =
        resource.getStatus() == null ? List.of() : resource.getStatus().getServiceAccounts();
    for (Account account : accountsOf(resource, recorded)) {
      String holder =
          accounts
              .annotations(account.namespace(), account.name())
              .map(a -> a.get(AzureNameRules.CLIENT_ID_ANNOTATION))
              .orElse(null);
      if (clientId != null && clientId.equalsIgnoreCase(holder)) {
        accounts.annotate(account.namespace(), account.name(), removal());
        events.normal(
            resource,
            "ServiceAccountReleased",
            "Removed the identity's annotations from ServiceAccount " + account.name());
      }
    }
  }

  /** Every ServiceAccount the resource names now or named before, each once. */
  private static List<Account> accountsOf(
      UserAssignedIdentity resource, List<ServiceAccountStatus> recorded) {
    Set<Account> all = new LinkedHashSet<>(ServiceAccountPlan.declared(resource));
    recorded.forEach(p -> all.add(new Account(p.getNamespace(), p.getName())));
    return List.copyOf(all);
  }

  private static Map<String, String> removal() {
    Map<String, String> removal = new HashMap<>();
    removal.put(AzureNameRules.CLIENT_ID_ANNOTATION, null);
    removal.put(AzureNameRules.TENANT_ID_ANNOTATION, null);
    return removal;
  }

  private void act(
      UserAssignedIdentity resource,
      Action action,
      ServiceAccountStatus entry,
      Map<String, String> ours,
      Writes writes) {
    Account account = action.account();
    if (!permitted(action, writes)) {
      // Kept in status either way: a release only planned must still be made by a later pass.
      missing(
          entry,
          State.Planned,
          action.declared()
              ? "planned, not written"
              : "no longer declared; the release of its annotations is planned, not made");
      return;
    }
    switch (action.kind()) {
      case KEEP -> entry.setState(State.Annotated);
      case ANNOTATE -> {
        accounts.annotate(account.namespace(), account.name(), ours);
        entry.setState(State.Annotated);
        events.normal(
            resource,
            "ServiceAccountAnnotated",
            "Annotated ServiceAccount " + account.name() + " with the identity's client ID");
      }
      case CREATE -> {
        accounts.create(account.namespace(), account.name(), ours, resource);
        entry.setState(State.Annotated);
        events.normal(
            resource,
            "ServiceAccountCreated",
            "Created ServiceAccount " + account.name() + " for the identity");
      }
      case UNANNOTATE -> {
        accounts.annotate(account.namespace(), account.name(), removal());
        events.normal(
            resource,
            "ServiceAccountReleased",
            "Removed the identity's annotations from ServiceAccount "
                + account.name()
                + ": no longer in spec.workloadIdentity");
      }
      case MISSING -> missing(entry, State.Missing, action.message());
      case CONFLICT -> missing(entry, State.Conflict, action.message());
      case REFUSE -> missing(entry, State.Refused, action.message());
    }
  }

  /** Asks before a write of the ServiceAccount; true for actions that write nothing. */
  private static boolean permitted(Action action, Writes writes) {
    String target = action.account().namespace() + "/" + action.account().name();
    return switch (action.kind()) {
      case ANNOTATE ->
          writes.permit(
              "Annotate", "ServiceAccount", target, "set the identity's client and tenant IDs");
      case CREATE ->
          writes.permit(
              "Create", "ServiceAccount", target, "declared with create: true, does not exist");
      case UNANNOTATE ->
          writes.permit(
              "Release",
              "ServiceAccount",
              target,
              "no longer in spec.workloadIdentity: remove the identity's annotations");
      default -> true;
    };
  }

  private static void missing(ServiceAccountStatus entry, State state, String message) {
    entry.setState(state);
    entry.setMessage(message);
  }

  private static ServiceAccountStatus entry(Account account) {
    ServiceAccountStatus entry = new ServiceAccountStatus();
    entry.setNamespace(account.namespace());
    entry.setName(account.name());
    return entry;
  }

  private static PartResult summary(List<ServiceAccountStatus> entries, Optional<Duration> retry) {
    List<String> problems = new ArrayList<>();
    for (ServiceAccountStatus e : entries) {
      if (e.getState() != State.Annotated) {
        problems.add(
            e.getState() + " " + e.getNamespace() + "/" + e.getName() + ": " + e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      return PartResult.ready("Wired", entries.size() + " ServiceAccount(s) carry the identity");
    }
    String message = String.join("; ", problems);
    return retry
        .map(r -> PartResult.retrying("WorkloadIdentityPending", message, r))
        .orElseGet(() -> PartResult.failed("WorkloadIdentityNotReady", message));
  }
}
