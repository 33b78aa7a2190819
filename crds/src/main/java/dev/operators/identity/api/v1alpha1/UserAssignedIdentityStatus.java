package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator last observed in Azure, and how far it got. */
@JsonClassDescription(
    "What the operator last observed in Azure and how far it got: conditions (Ready and one per"
        + " part), the identity's IDs, region and isolation scope as Azure reports them, and one"
        + " entry per declared role assignment and assignee. Written only by the operator.")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserAssignedIdentityStatus {

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions: Ready summarises; IdentityReady reports the identity itself,"
          + " RoleAssignmentsReady its role assignments, AssigneesReady its attachments;"
          + " PrivilegedAssignment is True while the identity holds a privileged role, and"
          + " AmbiguousDefaultIdentity while an assignee has several user-assigned identities and"
          + " no system-assigned one. Each carries observedGeneration, a reason and a"
          + " message saying exactly what is wrong.")
  @Size(max = 16)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("ARM resource ID of the identity.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String resourceId;

  @JsonPropertyDescription("Object ID of the identity's service principal in Microsoft Entra ID.")
  @Size(max = 36)
  private String principalId;

  @JsonPropertyDescription(
      "Client (application) ID of the identity: what workloads name when they ask for a token.")
  @Size(max = 36)
  private String clientId;

  @JsonPropertyDescription("Microsoft Entra tenant of the identity.")
  @Size(max = 36)
  private String tenantId;

  @JsonPropertyDescription("Region of the identity as Azure reports it.")
  @Size(max = 50)
  private String location;

  @JsonPropertyDescription("Isolation scope of the identity as Azure reports it.")
  private IsolationScope isolationScope;

  @JsonPropertyDescription("One entry per declared role assignment.")
  @Size(max = AzureNameRules.MAX_ROLE_ASSIGNMENTS)
  private List<RoleAssignmentStatus> roleAssignments = new ArrayList<>();

  @JsonPropertyDescription("One entry per declared federated identity credential.")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIALS)
  private List<FederatedCredentialStatus> federatedCredentials = new ArrayList<>();

  @JsonPropertyDescription("One entry per declared ServiceAccount.")
  @Size(max = AzureNameRules.MAX_FEDERATED_CREDENTIALS)
  private List<ServiceAccountStatus> serviceAccounts = new ArrayList<>();

  @JsonPropertyDescription(
      "The ConfigMap this resource publishes the identity's IDs in (spec.exportTo), once written.")
  @Size(max = 253)
  private String exportedConfigMap;

  @JsonPropertyDescription(
      "Principal IDs of earlier incarnations of the identity (deleted out of band and recreated)"
          + " whose role assignments are still being removed.")
  @Size(max = 100)
  @ItemMaxLength(36)
  private List<String> stalePrincipalIds = new ArrayList<>();

  @JsonPropertyDescription("One entry per declared assignee.")
  @Size(max = AzureNameRules.MAX_ASSIGNEES)
  private List<AssigneeStatus> assignees = new ArrayList<>();

  @JsonPropertyDescription(
      "Subscriptions and management groups where the operator looks for role assignments of the"
          + " identity. A scope stays here after it leaves the spec until no assignment is left"
          + " under it, so removing the last entry of a subscription still cleans it up.")
  @Size(max = 1000)
  @ItemMaxLength(AzureNameRules.MAX_ID_LENGTH)
  private List<String> roleAssignmentSearchScopes = new ArrayList<>();

  @JsonPropertyDescription(
      "The changes a Manage pass would make, while they are shown instead of made (Observe or Plan"
          + " mode, an adoption or a changed plan waiting for approval); absent otherwise.")
  private PlanStatus plan;

  public PlanStatus getPlan() {
    return plan;
  }

  public void setPlan(PlanStatus plan) {
    this.plan = plan;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
  }

  public String getResourceId() {
    return resourceId;
  }

  public void setResourceId(String resourceId) {
    this.resourceId = resourceId;
  }

  public String getPrincipalId() {
    return principalId;
  }

  public void setPrincipalId(String principalId) {
    this.principalId = principalId;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public IsolationScope getIsolationScope() {
    return isolationScope;
  }

  public void setIsolationScope(IsolationScope isolationScope) {
    this.isolationScope = isolationScope;
  }

  public List<FederatedCredentialStatus> getFederatedCredentials() {
    return federatedCredentials;
  }

  public void setFederatedCredentials(List<FederatedCredentialStatus> federatedCredentials) {
    this.federatedCredentials =
        federatedCredentials == null ? new ArrayList<>() : new ArrayList<>(federatedCredentials);
  }

  public String getExportedConfigMap() {
    return exportedConfigMap;
  }

  public void setExportedConfigMap(String exportedConfigMap) {
    this.exportedConfigMap = exportedConfigMap;
  }

  public List<ServiceAccountStatus> getServiceAccounts() {
    return serviceAccounts;
  }

  public void setServiceAccounts(List<ServiceAccountStatus> serviceAccounts) {
    this.serviceAccounts =
        serviceAccounts == null ? new ArrayList<>() : new ArrayList<>(serviceAccounts);
  }

  public List<RoleAssignmentStatus> getRoleAssignments() {
    return roleAssignments;
  }

  public void setRoleAssignments(List<RoleAssignmentStatus> roleAssignments) {
    this.roleAssignments =
        roleAssignments == null ? new ArrayList<>() : new ArrayList<>(roleAssignments);
  }

  public List<AssigneeStatus> getAssignees() {
    return assignees;
  }

  public void setAssignees(List<AssigneeStatus> assignees) {
    this.assignees = assignees == null ? new ArrayList<>() : new ArrayList<>(assignees);
  }

  public List<String> getRoleAssignmentSearchScopes() {
    return roleAssignmentSearchScopes;
  }

  public void setRoleAssignmentSearchScopes(List<String> scopes) {
    this.roleAssignmentSearchScopes = scopes == null ? new ArrayList<>() : new ArrayList<>(scopes);
  }

  public List<String> getStalePrincipalIds() {
    return stalePrincipalIds;
  }

  public void setStalePrincipalIds(List<String> stalePrincipalIds) {
    this.stalePrincipalIds =
        stalePrincipalIds == null ? new ArrayList<>() : new ArrayList<>(stalePrincipalIds);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof UserAssignedIdentityStatus other)) {
      return false;
    }
    return Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(resourceId, other.resourceId)
        && Objects.equals(principalId, other.principalId)
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(tenantId, other.tenantId)
        && Objects.equals(location, other.location)
        && isolationScope == other.isolationScope
        && Objects.equals(roleAssignments, other.roleAssignments)
        && Objects.equals(federatedCredentials, other.federatedCredentials)
        && Objects.equals(serviceAccounts, other.serviceAccounts)
        && Objects.equals(exportedConfigMap, other.exportedConfigMap)
        && Objects.equals(assignees, other.assignees)
        && Objects.equals(roleAssignmentSearchScopes, other.roleAssignmentSearchScopes)
        && Objects.equals(stalePrincipalIds, other.stalePrincipalIds)
        && Objects.equals(plan, other.plan);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        conditions,
        resourceId,
        principalId,
        clientId,
        tenantId,
        location,
        isolationScope,
        roleAssignments,
        federatedCredentials,
        serviceAccounts,
        exportedConfigMap,
        assignees,
        roleAssignmentSearchScopes,
        stalePrincipalIds,
        plan);
  }
}
