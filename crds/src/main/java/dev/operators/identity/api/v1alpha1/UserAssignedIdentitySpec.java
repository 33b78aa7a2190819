package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import dev.operators.identity.api.ListMapKeys;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The desired state of one Azure user-assigned managed identity. */
@JsonClassDescription(
    "The identity as it must be in Azure: where it lives (subscription, resource group, name,"
        + " region), its isolation scope and tags, the complete set of its role assignments, the"
        + " resources it is attached to, and what deleting this resource does in Azure.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class UserAssignedIdentitySpec {

  /** Why the spec as written could not be read (set only by {@link TolerantSpecDeserializer}). */
  @JsonIgnore private String readProblem;

  /**
   * The spec as written, kept when it could not be read, so that it serialises back unchanged
   * (JOSDK clones resources through JSON, and a copy must stay unreadable, not become empty). Not
   * part of the schema (see the SchemaSwap on {@link UserAssignedIdentity}).
   */
  @JsonIgnore private Map<String, Object> unreadFields;

  @JsonPropertyDescription(
      "Azure subscription (a GUID) that holds the identity. Optional: the operator's default"
          + " subscription is used when it is omitted.")
  @Size(max = 36)
  @Pattern(AzureNameRules.SUBSCRIPTION_ID)
  private String subscriptionId;

  @JsonPropertyDescription(
      "Resource group that holds the identity; it must exist. 1 to 90 letters, digits,"
          + " underscores, hyphens, periods and parentheses, not ending with a period. Azure cannot"
          + " move an identity to another resource group: a change is reported, not applied.")
  @Required
  @Size(min = 1, max = AzureNameRules.MAX_RESOURCE_GROUP_LENGTH)
  @Pattern(AzureNameRules.RESOURCE_GROUP)
  private String resourceGroup;

  @JsonPropertyDescription(
      "Name of the identity in Azure. Optional: defaults to metadata.name. 3 to 128 letters,"
          + " digits, hyphens and underscores, starting with a letter or digit.")
  @Size(max = 128)
  @Pattern(AzureNameRules.IDENTITY_NAME)
  private String azureName;

  @JsonPropertyDescription(
      "Azure region of the identity, by its programmatic name (eastus, westeurope). Azure cannot"
          + " move an identity to another region: a change is reported, not applied.")
  @Required
  @Size(max = 50)
  @Pattern(AzureNameRules.LOCATION)
  private String location;

  @JsonPropertyDescription(
      "Isolation scope. None (default): the identity can be attached to resources in any region."
          + " Regional: only to resources in the identity's own region. Can be changed in place.")
  @Default("None")
  @SchemaFrom(type = IsolationScope.class)
  private String isolationScope;

  @JsonPropertyDescription(
      "Azure tags on the identity. At most 47 (Azure allows 50; the operator keeps 3 for"
          + " ownership). Names up to 512 characters without < > % & \\ ? /, values up to 256"
          + " characters; names starting with 'identity.operators.dev.' are reserved.")
  @ValidationRule(
      value = "self.all(k, !k.lowerAscii().startsWith('" + AzureNameRules.OWNER_TAG_PREFIX + "'))",
      message =
          "tag names starting with 'identity.operators.dev.' (in any case) are reserved for the"
              + " operator")
  @ValidationRule(
      value = "self.all(k, size(k) <= 512 && !k.matches('[<>%&\\\\\\\\?/]'))",
      message = "tag names must be at most 512 characters and contain none of < > % & \\ ? /")
  @Size(max = AzureNameRules.MAX_USER_TAGS)
  @ItemMaxLength(AzureNameRules.MAX_TAG_VALUE_LENGTH)
  private Map<String, String> tags;

  @JsonPropertyDescription(
      "The complete set of Azure role assignments of the identity. The operator creates what is"
          + " missing and deletes every other assignment of the identity's principal it can see"
          + " (in the identity's subscription and every subscription named here), so no stale"
          + " assignment is left behind.")
  @Size(max = AzureNameRules.MAX_ROLE_ASSIGNMENTS)
  @ListMapKeys({"role", "scope"})
  private List<RoleAssignmentSpec> roleAssignments;

  @JsonPropertyDescription(
      "The complete set of federated identity credentials of the identity (workload identity:"
          + " tokens of an OIDC issuer for a subject, exchanged for the identity's tokens). The"
          + " operator creates what is missing, updates what differs and deletes every other"
          + " credential of the identity. At most 20 (Azure's limit).")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIALS)
  private List<FederatedCredentialSpec> federatedCredentials;

  @JsonPropertyDescription(
      "AKS workload identity: the ServiceAccounts whose pods use the identity, each wired with a"
          + " federated credential and the workload identity annotations.")
  private WorkloadIdentitySpec workloadIdentity;

  @JsonPropertyDescription("Where the identity's IDs are published (a ConfigMap).")
  private ExportSpec exportTo;

  @JsonPropertyDescription(
      "Which kinds of resources the identity may be attached to (Azure's assignment"
          + " restrictions). Absent: Azure's setting is left as it is.")
  private AssignmentRestrictionsSpec assignmentRestrictions;

  @JsonPropertyDescription(
      "Azure resources the identity is attached to, through each resource's own identity block."
          + " Other identities on those resources are kept. With isolationScope Regional, only"
          + " resources in the identity's region are accepted. Removing an entry detaches the"
          + " identity.")
  @Size(max = AzureNameRules.MAX_ASSIGNEES)
  @ListMapKeys({"resourceId"})
  private List<AssigneeSpec> assignees;

  @JsonPropertyDescription(
      "What deleting this resource does in Azure. Delete (default): delete the identity. Orphan:"
          + " leave it in Azure and only remove the Kubernetes resource.")
  @Default("Delete")
  @SchemaFrom(type = DeletionPolicy.class)
  private String deletionPolicy;

  @JsonPropertyDescription(
      "What the operator may do in Azure. Manage: make Azure match the spec. Observe: read Azure"
          + " and report it, with what Manage would change, in status.plan; write nothing, and"
          + " delete nothing when this resource is deleted. Plan: list in status.plan every change"
          + " Manage would make, write nothing; switching to Manage applies exactly that plan if"
          + " Azure did not change meanwhile. Absent: Manage, except that the adoption of an"
          + " existing identity (annotation identity.operators.dev/adopt) first shows the grants"
          + " and attachments it would delete and waits for approval.")
  @SchemaFrom(type = ManagementPolicy.class)
  private String managementPolicy;

  /** A spec that carries only why it could not be read, and its fields as written. */
  static UserAssignedIdentitySpec unreadable(String problem, Map<String, Object> written) {
    UserAssignedIdentitySpec spec = new UserAssignedIdentitySpec();
    spec.readProblem = problem;
    spec.unreadFields = new LinkedHashMap<>(written);
    return spec;
  }

  /** The fields of an unreadable spec as written; nothing for a readable one. */
  @JsonAnyGetter
  Map<String, Object> unreadFields() {
    return unreadFields == null ? Map.of() : unreadFields;
  }

  /** Why the spec could not be read: a value of the wrong type. Empty for a readable spec. */
  public Optional<String> readProblem() {
    return Optional.ofNullable(readProblem);
  }

  public String getSubscriptionId() {
    return subscriptionId;
  }

  public void setSubscriptionId(String subscriptionId) {
    this.subscriptionId = subscriptionId;
  }

  public String getResourceGroup() {
    return resourceGroup;
  }

  public void setResourceGroup(String resourceGroup) {
    this.resourceGroup = resourceGroup;
  }

  public String getAzureName() {
    return azureName;
  }

  public void setAzureName(String azureName) {
    this.azureName = azureName;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  /**
   * The isolation scope as written. A string, not the enum, so that an unknown or numeric value (an
   * older operator meeting a newer CRD, a hand-written 1) is read and then refused by name instead
   * of failing the whole informer or being read as an ordinal.
   */
  public String getIsolationScope() {
    return isolationScope;
  }

  public void setIsolationScope(String isolationScope) {
    this.isolationScope = isolationScope;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags == null ? null : new LinkedHashMap<>(tags);
  }

  public List<FederatedCredentialSpec> getFederatedCredentials() {
    return federatedCredentials;
  }

  public void setFederatedCredentials(List<FederatedCredentialSpec> federatedCredentials) {
    this.federatedCredentials =
        federatedCredentials == null ? null : new ArrayList<>(federatedCredentials);
  }

  /** The declared federated credentials, nulls left out. */
  public List<FederatedCredentialSpec> effectiveFederatedCredentials() {
    return federatedCredentials == null
        ? List.of()
        : federatedCredentials.stream().filter(Objects::nonNull).toList();
  }

  public AssignmentRestrictionsSpec getAssignmentRestrictions() {
    return assignmentRestrictions;
  }

  public void setAssignmentRestrictions(AssignmentRestrictionsSpec assignmentRestrictions) {
    this.assignmentRestrictions = assignmentRestrictions;
  }

  /** The declared restrictions (empty list: any resource), or empty when none are declared. */
  public Optional<List<String>> declaredRestrictions() {
    return Optional.ofNullable(assignmentRestrictions)
        .map(AssignmentRestrictionsSpec::effectiveProviders);
  }

  public ExportSpec getExportTo() {
    return exportTo;
  }

  public void setExportTo(ExportSpec exportTo) {
    this.exportTo = exportTo;
  }

  /** The ConfigMap to publish the identity's IDs in, if one is declared. */
  public Optional<String> exportConfigMap() {
    return Optional.ofNullable(exportTo)
        .map(ExportSpec::getConfigMap)
        .map(ExportSpec.ConfigMapTarget::getName);
  }

  public WorkloadIdentitySpec getWorkloadIdentity() {
    return workloadIdentity;
  }

  public void setWorkloadIdentity(WorkloadIdentitySpec workloadIdentity) {
    this.workloadIdentity = workloadIdentity;
  }

  /** The declared ServiceAccounts, nulls left out. */
  public List<ServiceAccountSpec> effectiveServiceAccounts() {
    return workloadIdentity == null ? List.of() : workloadIdentity.effectiveServiceAccounts();
  }

  public List<RoleAssignmentSpec> getRoleAssignments() {
    return roleAssignments;
  }

  public void setRoleAssignments(List<RoleAssignmentSpec> roleAssignments) {
    this.roleAssignments = roleAssignments == null ? null : new ArrayList<>(roleAssignments);
  }

  /** The declared role assignments, never null, without null entries. */
  public List<RoleAssignmentSpec> effectiveRoleAssignments() {
    return roleAssignments == null
        ? List.of()
        : roleAssignments.stream().filter(Objects::nonNull).toList();
  }

  public List<AssigneeSpec> getAssignees() {
    return assignees;
  }

  public void setAssignees(List<AssigneeSpec> assignees) {
    this.assignees = assignees == null ? null : new ArrayList<>(assignees);
  }

  /** The declared assignees, never null, without null entries. */
  public List<AssigneeSpec> effectiveAssignees() {
    return assignees == null ? List.of() : assignees.stream().filter(Objects::nonNull).toList();
  }

  /** The deletion policy as written (a string for the reason given at the isolation scope). */
  public String getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(String deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public String getManagementPolicy() {
    return managementPolicy;
  }

  public void setManagementPolicy(String managementPolicy) {
    this.managementPolicy = managementPolicy;
  }

  /** The isolation scope with Azure's default applied; empty when the value is not a name. */
  public Optional<IsolationScope> effectiveIsolationScope() {
    return EnumNames.parse(IsolationScope.class, isolationScope, IsolationScope.None);
  }

  /** The deletion policy with the default applied; empty when the value is not a name. */
  public Optional<DeletionPolicy> effectiveDeletionPolicy() {
    return EnumNames.parse(DeletionPolicy.class, deletionPolicy, DeletionPolicy.Delete);
  }

  /** The tags, never null. */
  public Map<String, String> effectiveTags() {
    return tags == null ? Map.of() : tags;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof UserAssignedIdentitySpec other)) {
      return false;
    }
    return Objects.equals(subscriptionId, other.subscriptionId)
        && Objects.equals(resourceGroup, other.resourceGroup)
        && Objects.equals(azureName, other.azureName)
        && Objects.equals(location, other.location)
        && Objects.equals(isolationScope, other.isolationScope)
        && Objects.equals(tags, other.tags)
        && Objects.equals(roleAssignments, other.roleAssignments)
        && Objects.equals(federatedCredentials, other.federatedCredentials)
        && Objects.equals(workloadIdentity, other.workloadIdentity)
        && Objects.equals(exportTo, other.exportTo)
        && Objects.equals(assignmentRestrictions, other.assignmentRestrictions)
        && Objects.equals(assignees, other.assignees)
        && Objects.equals(deletionPolicy, other.deletionPolicy)
        && Objects.equals(managementPolicy, other.managementPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        subscriptionId,
        resourceGroup,
        azureName,
        location,
        isolationScope,
        tags,
        roleAssignments,
        federatedCredentials,
        workloadIdentity,
        exportTo,
        assignmentRestrictions,
        assignees,
        deletionPolicy,
        managementPolicy);
  }
}
