package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What workload identity's ServiceAccount wiring does, decided from what was read (pure): for each
 * declared ServiceAccount, annotate, keep, create, or why not (missing, annotated for another
 * identity, no issuer); another namespace is the policy's to allow, before this; for each one no
 * longer declared that still names this identity, remove the annotations. Also the federated
 * credentials the declared ServiceAccounts need.
 */
final class ServiceAccountPlan {

  /** A ServiceAccount's namespace and name. */
  record Account(String namespace, String name) {
    String subject() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }
  }

  enum Kind {
    KEEP,
    ANNOTATE,
    CREATE,
    MISSING,
    CONFLICT,
    REFUSE,
    UNANNOTATE
  }

  /** What to do for one ServiceAccount; {@code declared} false for one that left the spec. */
  record Action(Account account, Kind kind, boolean declared, String message) {}

  private ServiceAccountPlan() {}

  /** The declared ServiceAccounts, each in its namespace (this resource's by default). */
  static List<Account> declared(UserAssignedIdentity resource) {
    String own = resource.getMetadata().getNamespace();
    List<Account> accounts = new ArrayList<>();
    for (ServiceAccountSpec spec : resource.getSpec().effectiveServiceAccounts()) {
      accounts.add(
          new Account(spec.getNamespace() == null ? own : spec.getNamespace(), spec.getName()));
    }
    return accounts;
  }

  /**
   * The federated credentials of the declared ServiceAccounts (another namespace's only as the
   * policy allows, checked before), for the cluster's issuer (none without one: the wiring then
   * reports why).
   */
  static List<FederatedCredentialSpec> credentials(
      UserAssignedIdentity resource, Optional<String> issuer) {
    if (issuer.isEmpty()) {
      return List.of();
    }
    return declared(resource).stream()
        .map(a -> new FederatedCredentialSpec(issuer.get(), a.subject()))
        .toList();
  }

  static List<Action> decide(
      UserAssignedIdentity resource,
      List<ServiceAccountStatus> previous,
      Map<Account, Optional<Map<String, String>>> observed,
      String clientId,
      String tenantId,
      Optional<String> issuer) {
    return decide(resource, previous, observed, clientId, tenantId, issuer, Set.of());
  }

  /**
   * {@code former}: client IDs of this resource's other identities (a migration's source or
   * abandoned target), whose annotation is switched over instead of reported as a conflict.
   */
  static List<Action> decide(
      UserAssignedIdentity resource,
      List<ServiceAccountStatus> previous,
      Map<Account, Optional<Map<String, String>>> observed,
      String clientId,
      String tenantId,
      Optional<String> issuer,
      Set<String> former) {
    List<Account> accounts = declared(resource);
    List<ServiceAccountSpec> declaredSpecs = resource.getSpec().effectiveServiceAccounts();
    Map<Account, ServiceAccountSpec> specs = new LinkedHashMap<>();
    for (int i = 0; i < accounts.size(); i++) {
      specs.putIfAbsent(accounts.get(i), declaredSpecs.get(i));
    }
    List<Action> actions = new ArrayList<>();
    for (var declared : specs.entrySet()) {
      Account account = declared.getKey();
      if (issuer.isEmpty()) {
        actions.add(
            new Action(
                account,
                Kind.REFUSE,
                true,
                "the operator knows no OIDC issuer for this cluster: set OPERATOR_OIDC_ISSUER"
                    + " (Helm value oidcIssuer) to the cluster's issuer URL"));
        continue;
      }
      Optional<Map<String, String>> annotations = observed.getOrDefault(account, Optional.empty());
      if (annotations.isEmpty()) {
        actions.add(
            declared.getValue().creates()
                ? new Action(account, Kind.CREATE, true, null)
                : new Action(
                    account,
                    Kind.MISSING,
                    true,
                    "the ServiceAccount does not exist; it is annotated once it does (or set"
                        + " create: true)"));
        continue;
      }
      String holder = annotations.get().get(AzureNameRules.CLIENT_ID_ANNOTATION);
      if (holder != null
          && !holder.equalsIgnoreCase(clientId)
          && former.stream().noneMatch(holder::equalsIgnoreCase)) {
        actions.add(
            new Action(
                account,
                Kind.CONFLICT,
                true,
                "annotated for another identity (client ID "
                    + holder
                    + "); the annotation is left as it is"));
      } else if (clientId.equalsIgnoreCase(holder)
          && tenantId.equals(annotations.get().get(AzureNameRules.TENANT_ID_ANNOTATION))) {
        actions.add(new Action(account, Kind.KEEP, true, null));
      } else {
        actions.add(new Action(account, Kind.ANNOTATE, true, null));
      }
    }
    Set<Account> seen = new HashSet<>(specs.keySet());
    for (ServiceAccountStatus gone : previous) {
      Account account = new Account(gone.getNamespace(), gone.getName());
      if (!seen.add(account)) {
        continue;
      }
      String holder =
          observed
              .getOrDefault(account, Optional.empty())
              .map(a -> a.get(AzureNameRules.CLIENT_ID_ANNOTATION))
              .orElse(null);
      if (clientId.equalsIgnoreCase(holder)) {
        actions.add(new Action(account, Kind.UNANNOTATE, false, null));
      }
    }
    return actions;
  }
}
