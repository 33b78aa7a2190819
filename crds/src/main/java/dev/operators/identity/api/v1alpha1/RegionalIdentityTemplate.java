package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
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

/**
 * A {@link UserAssignedIdentitySpec} without location and assignees (the set fills them in per
 * region) and without isolation scope (always Regional); federated credentials may be scoped to
 * regions, and workload identity names the region whose identity its ServiceAccounts use.
 */
@JsonClassDescription(
    "The spec of every regional identity, as a UserAssignedIdentity's without location,"
        + " assignees and isolationScope (Regional). Federated credentials can be scoped to"
        + " regions; workload identity names the region of this cluster.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RegionalIdentityTemplate {

  /** Room left in a name for "-" and the longest region name. */
  public static final int REGION_SUFFIX = 51;

  @JsonPropertyDescription(
      "Azure subscription (a GUID) of the identities. Optional: the operator's default.")
  @Size(max = 36)
  @Pattern(AzureNameRules.SUBSCRIPTION_ID)
  private String subscriptionId;

  @JsonPropertyDescription("Resource group of the identities; it must exist.")
  @Required
  @Size(min = 1, max = AzureNameRules.MAX_RESOURCE_GROUP_LENGTH)
  @Pattern(AzureNameRules.RESOURCE_GROUP)
  private String resourceGroup;

  @JsonPropertyDescription(
      "Start of each identity's name in Azure: the identity of a region is named"
          + " <azureName>-<region>. Optional: defaults to the regional resource's name,"
          + " <set>-<region>.")
  @Size(max = 128 - REGION_SUFFIX)
  @Pattern(AzureNameRules.IDENTITY_NAME)
  private String azureName;

  @JsonPropertyDescription(
      "Azure tags on every identity (at most 47; names starting with 'identity.operators.dev.'"
          + " are reserved).")
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
      "The complete set of role assignments of every identity (each region's identity gets the"
          + " same ones).")
  @Size(max = AzureNameRules.MAX_ROLE_ASSIGNMENTS)
  @ListMapKeys({"role", "scope"})
  private List<RoleAssignmentSpec> roleAssignments;

  @JsonPropertyDescription(
      "The federated identity credentials. An entry with regions goes only to the identities of"
          + " those regions (a cluster in each region has its own OIDC issuer); one without goes"
          + " to every identity.")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIALS)
  private List<RegionalFederatedCredential> federatedCredentials;

  @JsonPropertyDescription(
      "AKS workload identity of this cluster: its ServiceAccounts are wired to the identity of"
          + " one region (a ServiceAccount carries one client ID).")
  private RegionalWorkloadIdentity workloadIdentity;

  @JsonPropertyDescription(
      "Where each identity's IDs are published: the ConfigMap <configMap.name>-<region>.")
  private ExportSpec exportTo;

  @JsonPropertyDescription(
      "Which kinds of resources the identities may be attached to (Azure's assignment"
          + " restrictions). Absent: Azure's setting is left as it is.")
  private AssignmentRestrictionsSpec assignmentRestrictions;

  @JsonPropertyDescription(
      "What deleting a regional identity does in Azure. Delete (default): delete it, its role"
          + " assignments and attachments. Orphan: leave Azure as it is.")
  @Default("Delete")
  @SchemaFrom(type = DeletionPolicy.class)
  private String deletionPolicy;

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

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags == null ? null : new LinkedHashMap<>(tags);
  }

  public List<RoleAssignmentSpec> getRoleAssignments() {
    return roleAssignments;
  }

  public void setRoleAssignments(List<RoleAssignmentSpec> roleAssignments) {
    this.roleAssignments = roleAssignments == null ? null : new ArrayList<>(roleAssignments);
  }

  public List<RegionalFederatedCredential> getFederatedCredentials() {
    return federatedCredentials;
  }

  public void setFederatedCredentials(List<RegionalFederatedCredential> federatedCredentials) {
    this.federatedCredentials =
        federatedCredentials == null ? null : new ArrayList<>(federatedCredentials);
  }

  public RegionalWorkloadIdentity getWorkloadIdentity() {
    return workloadIdentity;
  }

  public void setWorkloadIdentity(RegionalWorkloadIdentity workloadIdentity) {
    this.workloadIdentity = workloadIdentity;
  }

  public ExportSpec getExportTo() {
    return exportTo;
  }

  public void setExportTo(ExportSpec exportTo) {
    this.exportTo = exportTo;
  }

  public AssignmentRestrictionsSpec getAssignmentRestrictions() {
    return assignmentRestrictions;
  }

  public void setAssignmentRestrictions(AssignmentRestrictionsSpec assignmentRestrictions) {
    this.assignmentRestrictions = assignmentRestrictions;
  }

  public String getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(String deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
