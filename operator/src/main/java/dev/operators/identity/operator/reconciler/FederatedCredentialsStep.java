package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredentialPort;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import dev.operators.identity.operator.reconciler.FederatedCredentialPlan.Entry;
import dev.operators.identity.operator.reconciler.FederatedCredentialPlan.Kind;
import dev.operators.identity.operator.reconciler.FederatedCredentialPlan.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the identity's federated credentials exactly the declared ones: list them, plan ({@link
 * FederatedCredentialPlan}, pure), then write one at a time. A write that meets another writer (409
 * ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity) or throttling stops the
 * pass's writes: the rest wait for the next pass, shown as Pending.
 */
final class FederatedCredentialsStep {

  /** The pass's result: the condition, and one status entry per declared credential. */
  record Outcome(PartResult part, List<FederatedCredentialStatus> entries) {}

  private final FederatedCredentialPort credentials;
  private final EventRecorder events;

  FederatedCredentialsStep(FederatedCredentialPort credentials, EventRecorder events) {
    this.credentials = credentials;
    this.events = events;
  }

  /**
   * {@code derived}: the credentials of workload identity's ServiceAccounts, after the declared;
   * {@code principalId}: the identity's principal, which a recent listing must be of; {@code
   * exists} false while the identity is only planned (nothing to list yet).
   */
  Outcome reconcile(
      UserAssignedIdentity resource,
      IdentityRef identity,
      String principalId,
      boolean exists,
      List<FederatedCredentialSpec> derived,
      Writes writes) {
    List<FederatedCredentialSpec> declared =
        new ArrayList<>(resource.getSpec().effectiveFederatedCredentials());
    declared.addAll(derived);
    boolean showExpressions = declared.stream().anyMatch(FederatedCredentialsStep::flexible);
    List<FederatedCredential> existing = List.of();
    Optional<Failure> listing = Optional.empty();
    FederatedCredentialPlan plan;
    try {
      if (exists) {
        existing = credentials.listRecent(identity, principalId, showExpressions);
      }
      plan = FederatedCredentialPlan.decide(declared, existing, listing);
      if (plan.writes().stream().anyMatch(Write.Delete.class::isInstance)) {
        // A delete is decided on a fresh listing only, never on a recent one alone.
        existing = credentials.list(identity, showExpressions);
        plan = FederatedCredentialPlan.decide(declared, existing, listing);
      }
    } catch (AzureRequestException e) {
      listing = Optional.of(AzureFailures.classify(e));
      plan = FederatedCredentialPlan.decide(declared, List.of(), listing);
    }
    List<FederatedCredentialStatus> entries = new ArrayList<>();
    for (Entry entry : plan.entries()) {
      FederatedCredentialStatus status = entry(declared.get(entry.index()), entry);
      if (listing.isPresent() && listing.get().passes()) {
        status.setState(State.Pending);
      }
      entries.add(status);
    }
    Optional<Duration> retry = listing.flatMap(Failure::retry);
    List<String> problems = new ArrayList<>();
    listing.ifPresent(f -> problems.add("listing failed: " + f.message()));
    Optional<Failure> stopped = Optional.empty();
    for (Write write : plan.writes()) {
      if (stopped.isPresent()) {
        waiting(entries, write, stopped.get());
        continue;
      }
      if (!permitted(write, writes, entries)) {
        continue;
      }
      try {
        apply(resource, identity, write, entries);
      } catch (AzureRequestException e) {
        Failure failure = AzureFailures.classify(e);
        failed(entries, write, failure, problems);
        if (failure.passes()) {
          stopped = Optional.of(failure);
          retry = PartResult.longestWait(retry, failure.retry());
        }
      }
    }
    return new Outcome(summary(entries, problems, retry), entries);
  }

  /** Asks before a write; an entry whose write is only planned says so. */
  private static boolean permitted(
      Write write, Writes writes, List<FederatedCredentialStatus> entries) {
    if (write instanceof Write.Put put) {
      boolean made =
          writes.permit(
              put.create() ? "Create" : "Update",
              "FederatedCredential",
              put.credential().name(),
              put.create()
                  ? "declared, missing in Azure"
                  : "its issuer, subject, audiences or expression differ from the spec");
      if (!made) {
        FederatedCredentialStatus entry = entries.get(put.index());
        entry.setState(State.Planned);
        entry.setMessage("planned, not written");
      }
      return made;
    }
    FederatedCredential gone = ((Write.Delete) write).existing();
    return writes.permit(
        "Delete", "FederatedCredential", gone.name(), "not declared in spec.federatedCredentials");
  }

  /**
   * Reads the identity's credentials afresh and names every declared one Azure does not hold as
   * declared (empty: all are there); writes nothing. A migration's read-back of the new identity.
   */
  List<String> unverified(
      UserAssignedIdentity resource, IdentityRef identity, List<FederatedCredentialSpec> derived) {
    List<FederatedCredentialSpec> declared =
        new ArrayList<>(resource.getSpec().effectiveFederatedCredentials());
    declared.addAll(derived);
    List<FederatedCredential> existing =
        credentials.list(identity, declared.stream().anyMatch(FederatedCredentialsStep::flexible));
    FederatedCredentialPlan plan =
        FederatedCredentialPlan.decide(declared, existing, Optional.empty());
    List<String> missing = new ArrayList<>();
    for (Write write : plan.writes()) {
      if (write instanceof Write.Put put) {
        missing.add("federated credential " + put.credential().name());
      }
    }
    return missing;
  }

  /** Deletes every credential of the identity (a migration's old or abandoned identity). */
  void deleteAll(UserAssignedIdentity resource, IdentityRef identity) {
    for (FederatedCredential credential : credentials.list(identity, true)) {
      credentials.delete(identity, credential.name());
      events.normal(
          resource,
          "FederatedCredentialDeleted",
          "Deleted federated credential " + credential.name() + " of " + identity);
    }
  }

  private void apply(
      UserAssignedIdentity resource,
      IdentityRef identity,
      Write write,
      List<FederatedCredentialStatus> entries) {
    if (write instanceof Write.Put put) {
      credentials.put(identity, put.credential());
      FederatedCredentialStatus entry = entries.get(put.index());
      entry.setState(State.Ready);
      entry.setMessage(null);
      events.normal(
          resource,
          put.create() ? "FederatedCredentialCreated" : "FederatedCredentialUpdated",
          (put.create() ? "Created" : "Updated")
              + " federated credential "
              + put.credential().name()
              + " (issuer "
              + put.credential().issuer()
              + ", "
              + put.credential().trusts()
              + ")");
    } else {
      FederatedCredential gone = ((Write.Delete) write).existing();
      credentials.delete(identity, gone.name());
      events.normal(
          resource,
          "FederatedCredentialDeleted",
          "Deleted federated credential "
              + gone.name()
              + " (issuer "
              + gone.issuer()
              + ", "
              + gone.trusts()
              + "): not declared in spec.federatedCredentials");
    }
  }

  private static void failed(
      List<FederatedCredentialStatus> entries,
      Write write,
      Failure failure,
      List<String> problems) {
    if (write instanceof Write.Put put) {
      FederatedCredentialStatus entry = entries.get(put.index());
      entry.setState(failure.passes() ? State.Pending : State.Failed);
      entry.setMessage(failure.message());
    } else {
      problems.add(
          "could not delete "
              + ((Write.Delete) write).existing().name()
              + ": "
              + failure.message());
    }
  }

  /** A write left for the next pass, after an earlier one met a failure that passes. */
  private static void waiting(
      List<FederatedCredentialStatus> entries, Write write, Failure earlier) {
    if (write instanceof Write.Put put) {
      FederatedCredentialStatus entry = entries.get(put.index());
      entry.setState(State.Pending);
      entry.setMessage("waits for an earlier write of this identity: " + earlier.message());
    }
  }

  private static FederatedCredentialStatus entry(FederatedCredentialSpec spec, Entry planned) {
    FederatedCredentialStatus entry = new FederatedCredentialStatus();
    entry.setName(planned.name());
    entry.setIssuer(spec.getIssuer());
    entry.setSubject(spec.getSubject());
    if (spec.getClaimsMatchingExpression() != null) {
      entry.setClaimsMatchingExpression(spec.getClaimsMatchingExpression().getValue());
    }
    if (planned.kind() == Kind.KEEP) {
      entry.setState(State.Ready);
    } else if (planned.kind() == Kind.REFUSE) {
      entry.setState(State.Failed);
      entry.setMessage(planned.message());
    }
    return entry;
  }

  /**
   * A credential with a claims-matching expression: the listing must then use an api-version that
   * shows expressions, or it could never see the credential as declared.
   */
  private static boolean flexible(FederatedCredentialSpec spec) {
    return spec.getClaimsMatchingExpression() != null;
  }

  private static PartResult summary(
      List<FederatedCredentialStatus> entries, List<String> problems, Optional<Duration> retry) {
    List<String> all = new ArrayList<>();
    for (FederatedCredentialStatus e : entries) {
      if (e.getState() != State.Ready) {
        all.add(e.getState() + " " + e.getName() + ": " + e.getMessage());
      }
    }
    all.addAll(problems);
    if (all.isEmpty()) {
      return PartResult.ready(
          "CredentialsInPlace", entries.size() + " federated credential(s) in place, none other");
    }
    String message = String.join("; ", all);
    return retry
        .map(r -> PartResult.retrying("FederatedCredentialsPending", message, r))
        .orElseGet(() -> PartResult.failed("FederatedCredentialsFailed", message));
  }
}
