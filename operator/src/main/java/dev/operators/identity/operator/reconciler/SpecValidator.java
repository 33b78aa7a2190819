package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.EnumNames;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconcile-time validation: every bound, pattern and enum of the CRD schema, checked again before
 * any Azure call. The schema refuses most bad input at apply time, but not everywhere (the local
 * run, a CRD older or newer than this operator, the default name from metadata.name, the default
 * subscription from the operator). Nothing reaches Azure unless this passes.
 */
public final class SpecValidator {

  private static final Logger LOG = LoggerFactory.getLogger(SpecValidator.class);

  private static final Pattern SUBSCRIPTION = Pattern.compile(AzureNameRules.SUBSCRIPTION_ID);
  private static final Pattern RESOURCE_GROUP = Pattern.compile(AzureNameRules.RESOURCE_GROUP);
  private static final Pattern IDENTITY_NAME = Pattern.compile(AzureNameRules.IDENTITY_NAME);
  private static final Pattern LOCATION = Pattern.compile(AzureNameRules.LOCATION);

  /** The outcome: where the identity lives, or every problem found. */
  public record Result(IdentityRef ref, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }

    public String message() {
      return String.join("; ", problems);
    }
  }

  private final Optional<String> defaultSubscription;

  public SpecValidator(Optional<String> defaultSubscription) {
    this.defaultSubscription = defaultSubscription;
  }

  public Result validate(UserAssignedIdentity resource) {
    UserAssignedIdentitySpec spec = resource.getSpec();
    if (spec == null) {
      return new Result(null, List.of("spec is missing"));
    }
    if (spec.readProblem().isPresent()) {
      return new Result(
          null,
          List.of(
              spec.readProblem().get()
                  + " (is the CRD newer than the operator? nothing was sent to Azure)"));
    }
    List<String> problems = new ArrayList<>();
    // Only an absent value means "the default": the CRD refuses an empty or blank one, and so
    // does this (an empty subscription or name is no way to ask for the default).
    String subscription = spec.getSubscriptionId();
    if (subscription == null) {
      subscription = defaultSubscription.orElse(null);
      if (subscription == null) {
        problems.add(
            "spec.subscriptionId is not set and the operator has no default subscription"
                + " (AZURE_SUBSCRIPTION_ID)");
      }
    } else if (!SUBSCRIPTION.matcher(subscription).matches()) {
      problems.add("spec.subscriptionId " + ArmId.quote(subscription) + " is not a GUID");
    }
    String group = spec.getResourceGroup();
    if (group == null || group.isBlank()) {
      problems.add("spec.resourceGroup is required");
    } else if (group.length() > AzureNameRules.MAX_RESOURCE_GROUP_LENGTH
        || !RESOURCE_GROUP.matcher(group).matches()) {
      problems.add(
          "spec.resourceGroup "
              + ArmId.quote(group)
              + " is not a valid resource group name: 1 to 90 letters, digits, underscores,"
              + " hyphens, periods and parentheses, not starting or ending with a period, no two"
              + " periods in a row");
    }
    String name =
        spec.getAzureName() == null ? resource.getMetadata().getName() : spec.getAzureName();
    if (name == null || !IDENTITY_NAME.matcher(name).matches()) {
      String source =
          spec.getAzureName() == null
              ? "metadata.name " + ArmId.quote(name) + " (used because spec.azureName is not set)"
              : "spec.azureName " + ArmId.quote(name);
      problems.add(
          source
              + " is not a valid identity name: 3 to 128 letters, digits, hyphens and"
              + " underscores, starting with a letter or digit"
              + (spec.getAzureName() == null
                  ? "; set spec.azureName"
                  : name.isBlank() ? "; remove spec.azureName to use metadata.name" : ""));
    }
    String location = spec.getLocation();
    if (location == null || location.isBlank()) {
      problems.add("spec.location is required");
    } else if (!LOCATION.matcher(location).matches()) {
      problems.add(
          "spec.location "
              + ArmId.quote(location)
              + " is not a region's programmatic name such as eastus or westeurope");
    }
    enumProblem(
            "spec.isolationScope",
            spec.getIsolationScope(),
            spec.effectiveIsolationScope(),
            IsolationScope.class)
        .ifPresent(problems::add);
    enumProblem(
            "spec.deletionPolicy",
            spec.getDeletionPolicy(),
            spec.effectiveDeletionPolicy(),
            DeletionPolicy.class)
        .ifPresent(problems::add);
    problems.addAll(SpecEntryRules.tagProblems(spec.getTags()));
    problems.addAll(SpecEntryRules.roleAssignmentProblems(spec.getRoleAssignments()));
    problems.addAll(FederatedCredentialEntryRules.problems(spec.getFederatedCredentials()));
    problems.addAll(
        SpecEntryRules.serviceAccountProblems(
            spec.effectiveServiceAccounts(), spec.effectiveFederatedCredentials().size()));
    problems.addAll(SpecEntryRules.assigneeProblems(spec.getAssignees()));
    IdentityRef ref = problems.isEmpty() ? new IdentityRef(subscription, group, name) : null;
    return new Result(ref, List.copyOf(problems));
  }

  /** An enum value that is not one of the names (a number is not read as an ordinal). */
  static Optional<String> enumProblem(
      String field, String raw, Optional<?> parsed, Class<? extends Enum<?>> type) {
    if (parsed.isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        field
            + " "
            + ArmId.quote(raw)
            + " is not one of "
            + EnumNames.names(type)
            + " (names are case-sensitive)");
  }

  /** Logs why the spec could not be read, if it could not (the status says so too). */
  static void logUnreadable(UserAssignedIdentity resource) {
    Optional.ofNullable(resource.getSpec())
        .flatMap(UserAssignedIdentitySpec::readProblem)
        .ifPresent(
            problem ->
                LOG.warn(
                    "unreadable spec namespace={} name={}: {}",
                    resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(),
                    problem));
  }
}
