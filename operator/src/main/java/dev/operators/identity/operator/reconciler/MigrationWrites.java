package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.DirectoryStatus;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.MigrationIdentity;
import dev.operators.identity.api.v1alpha1.MigrationStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureLocations;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RegionPort;
import dev.operators.identity.operator.migration.MigrationActs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The act place of a migration ({@link MigrationActs}): every read and write a migration makes,
 * through the reconciler's own steps given the target's reference and principal instead of the
 * identity in use. Azure failures become pending (they pass) or refused outcomes, never thrown.
 */
final class MigrationWrites implements MigrationActs {

  private static final String RESOURCE_GROUP_NOT_FOUND = "ResourceGroupNotFound";

  private final IdentityPort identities;
  private final RegionPort regions;
  private final AssigneePort assigneePort;
  private final Ownership ownership;
  private final AssigneesStep assignees;
  private final ServiceAccountsStep serviceAccounts;
  private final ExportStep export;
  private final FederatedCredentialsStep credentials;
  private final IdentityTeardown teardown;
  private final List<Grant> grants;

  MigrationWrites(
      IdentityPort identities,
      RegionPort regions,
      AssigneePort assigneePort,
      Ownership ownership,
      AssigneesStep assignees,
      ServiceAccountsStep serviceAccounts,
      ExportStep export,
      FederatedCredentialsStep credentials,
      IdentityTeardown teardown,
      List<Grant> grants) {
    this.identities = identities;
    this.regions = regions;
    this.assigneePort = assigneePort;
    this.ownership = ownership;
    this.assignees = assignees;
    this.serviceAccounts = serviceAccounts;
    this.export = export;
    this.credentials = credentials;
    this.teardown = teardown;
    this.grants = List.copyOf(grants);
  }

  /** Where the spec wants the identity. */
  static MigrationIdentity wanted(UserAssignedIdentity resource, IdentityRef ref) {
    return new MigrationIdentity(ref.resourceId(), resource.getSpec().getLocation());
  }

  @Override
  public Outcome check(UserAssignedIdentity resource, MigrationIdentity target, MigrationStatus m) {
    return guarded(
        () -> {
          IdentityRef ref = IdentityRef.parse(target.getResourceId());
          if (ref.sameResourceAs(m.getSource().getResourceId())) {
            return Outcome.refused(
                "the new place has the same resource ID as the identity in use ("
                    + ref
                    + "): a resource group holds one identity of a name and Azure cannot move one"
                    + " between regions, so set a new spec.azureName (such as "
                    + ref.name()
                    + "-"
                    + target.getLocation()
                    + ") together with spec.location");
          }
          if (!regions.regions(ref.subscriptionId()).contains(target.getLocation())) {
            return Outcome.refused(
                "spec.location '"
                    + target.getLocation()
                    + "' is not a region of subscription "
                    + ref.subscriptionId());
          }
          try {
            identities.list(ref.subscriptionId(), ref.resourceGroup());
          } catch (AzureRequestException e) {
            if (RESOURCE_GROUP_NOT_FOUND.equalsIgnoreCase(e.errorCode())) {
              return Outcome.refused(
                  "resource group "
                      + ref.resourceGroup()
                      + " does not exist in subscription "
                      + ref.subscriptionId()
                      + "; create it first");
            }
            throw e;
          }
          Optional<String> taken = notOurs(resource, ref, target);
          if (taken.isPresent()) {
            return Outcome.refused(taken.get());
          }
          return regionalRefusal(resource, target)
              .orElseGet(() -> Outcome.done("the target " + ref + " can be used"));
        });
  }

  @Override
  public Outcome create(UserAssignedIdentity resource, MigrationIdentity target) {
    return guarded(
        () -> {
          IdentityRef ref = IdentityRef.parse(target.getResourceId());
          Optional<String> taken = notOurs(resource, ref, target);
          if (taken.isPresent()) {
            return Outcome.refused(taken.get());
          }
          AzureIdentity created =
              identities.createOrReplace(
                  ref,
                  new DesiredIdentity(
                      target.getLocation(),
                      resource.getSpec().effectiveIsolationScope().orElse(IsolationScope.None),
                      ownership.desiredTags(resource)));
          target.setPrincipalId(created.principalId());
          target.setClientId(created.clientId());
          target.setTenantId(created.tenantId());
          return Outcome.done("created identity " + ref + " in " + created.location());
        });
  }

  @Override
  public List<Grant> grants() {
    return grants;
  }

  @Override
  public Outcome attach(UserAssignedIdentity resource, MigrationStatus m) {
    return guarded(
        () -> {
          UserAssignedIdentityStatus view = view(resource, m.getTarget());
          view.setAssignees(m.getAssignees());
          var attached = assignees.reconcile(resource, view, Optional.empty(), Writes.make());
          m.setAssignees(attached.entries());
          Outcome rest =
              switchWorkloads(resource, m.getTarget(), m.getSource().getClientId(), "attached");
          return attached.part().ready() ? rest : asOutcome(attached.part());
        });
  }

  @Override
  public Outcome verifyAttachments(UserAssignedIdentity resource, MigrationIdentity target) {
    return guarded(
        () -> {
          List<String> missing = new ArrayList<>();
          List<String> ids =
              resource.getSpec().effectiveAssignees().stream()
                  .map(AssigneeSpec::getResourceId)
                  .toList();
          for (String id : ids) {
            Optional<AssigneeResource> found = assigneePort.find(id);
            if (found.isEmpty() || !found.get().carries(target.getResourceId())) {
              missing.add(id);
            }
          }
          return missing.isEmpty()
              ? Outcome.done("attached to " + ids.size() + " resource(s)")
              : Outcome.pending(
                  "not yet attached to " + String.join(", ", missing), AssigneesStep.POLL);
        });
  }

  @Override
  public Outcome retire(UserAssignedIdentity resource, MigrationIdentity source) {
    return guarded(() -> remove(resource, source, "the old identity"));
  }

  @Override
  public Outcome discard(
      UserAssignedIdentity resource, MigrationIdentity abandoned, MigrationIdentity serving) {
    return guarded(
        () -> {
          Outcome back =
              switchWorkloads(resource, serving, abandoned.getClientId(), "back on the source");
          if (back.state() != Outcome.State.DONE) {
            return back;
          }
          return remove(resource, abandoned, "the abandoned identity");
        });
  }

  @Override
  public List<String> manualSteps(UserAssignedIdentity resource) {
    DirectoryStatus directory =
        resource.getStatus() == null ? null : resource.getStatus().getDirectory();
    if (resource.getSpec().getDirectory() == null || directory == null) {
      // Without spec.directory the operator does not read the directory: a person copies them.
      return List.of(
          "Copy the old principal's group memberships and app role assignments to the new one"
              + " (declare them in spec.directory to have them copied): az rest --url"
              + " https://graph.microsoft.com/v1.0/servicePrincipals/OLD/memberOf lists the groups");
    }
    // The declared ones are granted to the new principal; the undeclared ones the old principal
    // holds (reported in status.directory) are for a person to copy, or to declare.
    List<String> steps = new ArrayList<>();
    for (DirectoryStatus.Entry entry : directory.getGroups()) {
      if (entry.getState() == DirectoryStatus.State.Undeclared) {
        steps.add(
            "Add the new principal to group "
                + entry.getGroupId()
                + " (the old one is a member, not declared in spec.directory.groups)");
      }
    }
    for (DirectoryStatus.Entry entry : directory.getAppRoles()) {
      if (entry.getState() == DirectoryStatus.State.Undeclared) {
        steps.add(
            "Grant the new principal app role "
                + entry.getAppRole()
                + " of "
                + entry.getResource()
                + " (the old one holds it, not declared in spec.directory.appRoles)");
      }
    }
    return steps;
  }

  /** Credentials, then attachments, role assignments and the identity, if it is ours. */
  private Outcome remove(UserAssignedIdentity resource, MigrationIdentity identity, String what) {
    IdentityRef ref = IdentityRef.parse(identity.getResourceId());
    Optional<AzureIdentity> found = identities.find(ref);
    boolean ours =
        found.isEmpty()
            || ownership.judge(resource, found.get(), identity.getPrincipalId())
                == Ownership.Verdict.OWNED;
    if (found.isPresent() && ours) {
      credentials.deleteAll(resource, ref);
    }
    // Not ours: the teardown leaves it in Azure, with its grants, and warns.
    Optional<Duration> running =
        teardown.deleteIdentity(resource, ref, identity.getPrincipalId(), List.of());
    if (running.isPresent()) {
      return Outcome.pending("Azure is still detaching " + what, running.get());
    }
    if (!ours) {
      return Outcome.done(
          "kept "
              + what
              + " "
              + ref
              + " in Azure: it is not this resource's to delete ("
              + Ownership.describeOwner(found.get())
              + ")");
    }
    return Outcome.done(
        found.isEmpty()
            ? what + " " + ref + " is gone"
            : "removed "
                + what
                + " "
                + ref
                + " with its credentials, role assignments and"
                + " attachments");
  }

  /** ServiceAccounts' client-id annotation and the export onto {@code to}. */
  private Outcome switchWorkloads(
      UserAssignedIdentity resource, MigrationIdentity to, String former, String done) {
    UserAssignedIdentityStatus view = view(resource, to);
    var accounts =
        serviceAccounts.reconcile(
            resource, view, former == null ? Set.of() : Set.of(former), Writes.make());
    if (!accounts.part().ready()) {
      return asOutcome(accounts.part());
    }
    var exported = export.reconcile(resource, view, Writes.make());
    if (!exported.part().ready()) {
      return asOutcome(exported.part());
    }
    return Outcome.done(done + "; ServiceAccounts and export use client ID " + to.getClientId());
  }

  /** The resource's status as if {@code identity} were the one in use. */
  private static UserAssignedIdentityStatus view(
      UserAssignedIdentity resource, MigrationIdentity identity) {
    UserAssignedIdentityStatus now =
        resource.getStatus() == null ? new UserAssignedIdentityStatus() : resource.getStatus();
    UserAssignedIdentityStatus view = new UserAssignedIdentityStatus();
    view.setResourceId(identity.getResourceId());
    view.setPrincipalId(identity.getPrincipalId());
    view.setClientId(identity.getClientId());
    view.setTenantId(identity.getTenantId());
    view.setLocation(identity.getLocation());
    view.setIsolationScope(
        resource.getSpec().effectiveIsolationScope().orElse(IsolationScope.None));
    view.setServiceAccounts(now.getServiceAccounts());
    view.setExportedConfigMap(now.getExportedConfigMap());
    return view;
  }

  private Optional<String> notOurs(
      UserAssignedIdentity resource, IdentityRef ref, MigrationIdentity target) {
    Optional<AzureIdentity> existing = identities.find(ref);
    if (existing.isEmpty()
        || ownership.judge(resource, existing.get(), target.getPrincipalId())
            == Ownership.Verdict.OWNED) {
      return Optional.empty();
    }
    return Optional.of(
        "identity "
            + ref
            + " already exists and is not this resource's ("
            + Ownership.describeOwner(existing.get())
            + "): choose another spec.azureName");
  }

  /** A Regional identity may only be used in its region: every assignee must be there. */
  private Optional<Outcome> regionalRefusal(
      UserAssignedIdentity resource, MigrationIdentity target) {
    if (resource.getSpec().effectiveIsolationScope().orElse(null) != IsolationScope.Regional) {
      return Optional.empty();
    }
    AssigneeObservation observed = assignees.observeDeclared(resource);
    if (observed.anyFailure().isPresent()) {
      return Optional.of(asOutcome(observed.anyFailure().get().asPart()));
    }
    List<String> outside =
        RegionalIsolation.outside(
            AzureLocations.normalize(target.getLocation()), observed.existing());
    if (outside.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Outcome.refused(
            "regional isolation: the identity is Regional and these assignees are not in "
                + target.getLocation()
                + ": "
                + String.join(", ", outside)
                + "; they could not use the new identity. Remove them from spec.assignees or"
                + " keep isolationScope None"));
  }

  static Outcome asOutcome(PartResult part) {
    if (part.ready()) {
      return Outcome.done(part.message());
    }
    return part.retryAfter()
        .map(r -> Outcome.pending(part.message(), r))
        .orElseGet(() -> Outcome.refused(part.message()));
  }

  static Outcome guarded(Supplier<Outcome> step) {
    try {
      return step.get();
    } catch (AzureRequestException e) {
      return asOutcome(PartResult.azureFailure(e));
    }
  }
}
