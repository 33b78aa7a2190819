package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Optional;

/**
 * Which namespaces a policy selects and its rules. An absent or empty list leaves that rule open,
 * except where the secure default needs an explicit allowance (privileged roles, subscription and
 * management-group scopes, ServiceAccounts of other namespaces).
 */
@JsonClassDescription(
    "The namespaces selected (by name, or by label selector: {} selects every namespace) and the"
        + " rules for what their resources may declare. An absent or empty list leaves its rule"
        + " open, except that privileged roles, subscription or management-group scopes and"
        + " ServiceAccounts of other namespaces are refused unless the policy names them.")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IdentityPolicySpec {

  @JsonPropertyDescription(
      "Namespaces selected by their labels (matchLabels, matchExpressions); {} selects all.")
  private LabelSelector namespaceSelector;

  @JsonPropertyDescription("Namespaces selected by name (in addition to the selector).")
  @Size(max = 256)
  @ItemMaxLength(63)
  private List<String> namespaces;

  @JsonPropertyDescription("Where identities may be.")
  private IdentityRules identities;

  @JsonPropertyDescription("What role assignments may grant, and where.")
  private RoleAssignmentRules roleAssignments;

  @JsonPropertyDescription(
      "What identities may be attached to (seed 002: whoever runs code on a resource gets all"
          + " of its identities' permissions).")
  private AssigneeRules assignees;

  @JsonPropertyDescription("Which ServiceAccounts and token issuers an identity may trust.")
  private WorkloadIdentityRules workloadIdentity;

  @JsonPropertyDescription(
      "What deleting a selected namespace does to the Azure identities of its resources: Orphan"
          + " leaves them, Delete deletes them as a resource deletion would. Unset: the"
          + " operator's namespace deletion policy. Several policies: Orphan wins.")
  @SchemaFrom(type = DeletionPolicy.class)
  private String namespaceDeletionPolicy;

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public List<String> getNamespaces() {
    return PolicyLists.of(namespaces);
  }

  public IdentityRules getIdentities() {
    return identities == null ? new IdentityRules() : identities;
  }

  public RoleAssignmentRules getRoleAssignments() {
    return roleAssignments == null ? new RoleAssignmentRules() : roleAssignments;
  }

  public AssigneeRules getAssignees() {
    return assignees == null ? new AssigneeRules() : assignees;
  }

  public WorkloadIdentityRules getWorkloadIdentity() {
    return workloadIdentity == null ? new WorkloadIdentityRules() : workloadIdentity;
  }

  public String getNamespaceDeletionPolicy() {
    return namespaceDeletionPolicy;
  }

  /** The namespace deletion policy, when it is set and one of the names. */
  public Optional<DeletionPolicy> effectiveNamespaceDeletionPolicy() {
    return namespaceDeletionPolicy == null
        ? Optional.empty()
        : EnumNames.parse(DeletionPolicy.class, namespaceDeletionPolicy, DeletionPolicy.Orphan);
  }

  /** Rules for the identities themselves. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class IdentityRules {
    @JsonPropertyDescription("Subscription IDs identities may be created in.")
    @Size(max = 256)
    @ItemMaxLength(36)
    private List<String> subscriptions;

    @JsonPropertyDescription(
        "Resource group names identities may be created in (case-insensitive); a trailing *"
            + " matches any suffix (rg-orders-*).")
    @Size(max = 256)
    @ItemMaxLength(91)
    private List<String> resourceGroups;

    @JsonPropertyDescription("Azure regions identities may be created in (eastus, westeurope).")
    @Size(max = 128)
    @ItemMaxLength(50)
    private List<String> locations;

    @JsonPropertyDescription("Whether identities must declare isolationScope: Regional (seed 000).")
    private Boolean requireRegionalIsolation;

    public List<String> getSubscriptions() {
      return PolicyLists.of(subscriptions);
    }

    public List<String> getResourceGroups() {
      return PolicyLists.of(resourceGroups);
    }

    public List<String> getLocations() {
      return PolicyLists.of(locations);
    }

    public boolean requiresRegionalIsolation() {
      return Boolean.TRUE.equals(requireRegionalIsolation);
    }

    public Boolean getRequireRegionalIsolation() {
      return requireRegionalIsolation;
    }
  }

  /** Rules for role assignments. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RoleAssignmentRules {
    @JsonPropertyDescription(
        "ARM scopes role assignments may be at or below (whole path segments, case-insensitive)."
            + " A subscription or management-group scope needs an entry that covers it.")
    @Size(max = 256)
    @ItemMaxLength(AzureNameRules.MAX_ID_LENGTH)
    private List<String> scopePrefixes;

    @JsonPropertyDescription(
        "Roles that may be assigned, by name or role definition GUID; empty: any role that is not"
            + " privileged. A privileged role (Owner, User Access Administrator, Role Based Access"
            + " Control Administrator, or one whose actions include Microsoft.Authorization"
            + " writes or *) must be named here.")
    @Size(max = 256)
    @ItemMaxLength(512)
    private List<String> allowedRoles;

    @JsonPropertyDescription("Roles that may never be assigned, by name or role definition GUID.")
    @Size(max = 256)
    @ItemMaxLength(512)
    private List<String> deniedRoles;

    @JsonPropertyDescription("The most role assignments one identity may declare.")
    @io.fabric8.generator.annotation.Min(0)
    private Integer maxPerIdentity;

    public List<String> getScopePrefixes() {
      return PolicyLists.of(scopePrefixes);
    }

    public List<String> getAllowedRoles() {
      return PolicyLists.of(allowedRoles);
    }

    public List<String> getDeniedRoles() {
      return PolicyLists.of(deniedRoles);
    }

    public Integer getMaxPerIdentity() {
      return maxPerIdentity;
    }
  }

  /** Rules for what identities may be attached to. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AssigneeRules {
    @JsonPropertyDescription(
        "ARM ID prefixes of resources identities may be attached to (whole path segments,"
            + " case-insensitive), such as a resource group's ID.")
    @Size(max = 256)
    @ItemMaxLength(AzureNameRules.MAX_ID_LENGTH)
    private List<String> resourceIdPrefixes;

    @JsonPropertyDescription(
        "Resource types identities may be attached to (Microsoft.Web/sites,"
            + " Microsoft.Compute/virtualMachines), case-insensitive.")
    @Size(max = 128)
    @ItemMaxLength(256)
    private List<String> resourceTypes;

    public List<String> getResourceIdPrefixes() {
      return PolicyLists.of(resourceIdPrefixes);
    }

    public List<String> getResourceTypes() {
      return PolicyLists.of(resourceTypes);
    }
  }

  /** Rules for workload identity. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WorkloadIdentityRules {
    @JsonPropertyDescription(
        "Namespaces whose ServiceAccounts an identity may trust besides its own namespace's"
            + " (spec.workloadIdentity.serviceAccounts[].namespace).")
    @Size(max = 256)
    @ItemMaxLength(63)
    private List<String> serviceAccountNamespaces;

    @JsonPropertyDescription(
        "Issuers spec.federatedCredentials may trust, matched exactly (a trailing slash"
            + " matters); empty: any.")
    @Size(max = 64)
    @ItemMaxLength(600)
    private List<String> issuers;

    public List<String> getServiceAccountNamespaces() {
      return PolicyLists.of(serviceAccountNamespaces);
    }

    public List<String> getIssuers() {
      return PolicyLists.of(issuers);
    }
  }
}
