package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.operator.policy.PolicyDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * What the reconciler needs from the operator's configuration.
 *
 * @param clusterName this cluster's name in ownership tags
 * @param defaultSubscription subscription used when a resource names none
 * @param resyncPeriod how often each resource is compared with Azure
 * @param initialRetryDelay first delay after a failed Azure call, doubled on each further failure
 * @param maxRetryDelay longest delay between retries
 * @param cloudName the Azure cloud's name, for the table of services supporting managed identities
 * @param namespaceDeletionPolicy what a resource deleted with its namespace does in Azure
 * @param oidcIssuer the cluster's OIDC issuer, for workload identity ServiceAccounts (if any)
 * @param policyDefault what applies to a namespace no IdentityPolicy selects
 * @param dryRun no Azure call for any resource, as if each carried the paused annotation
 * @param allowRoleAssignableGroups whether identities may be added to role-assignable groups
 */
public record ReconcilerSettings(
    String clusterName,
    Optional<String> defaultSubscription,
    Duration resyncPeriod,
    Duration initialRetryDelay,
    Duration maxRetryDelay,
    String cloudName,
    DeletionPolicy namespaceDeletionPolicy,
    Optional<String> oidcIssuer,
    PolicyDefault policyDefault,
    boolean dryRun,
    boolean allowRoleAssignableGroups) {}
