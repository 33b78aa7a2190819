package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The regional identities as last observed, and where each assignee went. */
@JsonClassDescription(
    "The regional identities as the operator last saw them: one entry per region (its identity's"
        + " name, client ID, readiness and assignee count), the region Azure reports for each"
        + " assignee, and conditions (Ready when every region is ready; kstatus Reconciling and"
        + " Stalled). Written only by the operator.")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegionalIdentitySetStatus {

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (True when every region's identity is ready), Reconciling (True while regions are"
          + " being created, updated, detached or deleted) and Stalled (True while something"
          + " needs a spec change or outside help).")
  @Size(max = 8)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Number of regions the set has an identity in.")
  private Integer regionCount;

  @JsonPropertyDescription("Number of regions whose identity is ready.")
  private Integer readyRegionCount;

  @JsonPropertyDescription("One entry per region, by region name.")
  @Size(max = 100)
  private List<RegionStatus> regions = new ArrayList<>();

  @JsonPropertyDescription(
      "Each assignee with the region Azure reports for it (absent while unknown: the resource"
          + " does not exist, or Azure could not be read).")
  @Size(max = RegionalIdentitySetSpec.MAX_ASSIGNEES)
  private List<AssigneePlacement> assignees = new ArrayList<>();

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

  public Integer getRegionCount() {
    return regionCount;
  }

  public void setRegionCount(Integer regionCount) {
    this.regionCount = regionCount;
  }

  public Integer getReadyRegionCount() {
    return readyRegionCount;
  }

  public void setReadyRegionCount(Integer readyRegionCount) {
    this.readyRegionCount = readyRegionCount;
  }

  public List<RegionStatus> getRegions() {
    return regions;
  }

  public void setRegions(List<RegionStatus> regions) {
    this.regions = regions == null ? new ArrayList<>() : new ArrayList<>(regions);
  }

  public List<AssigneePlacement> getAssignees() {
    return assignees;
  }

  public void setAssignees(List<AssigneePlacement> assignees) {
    this.assignees = assignees == null ? new ArrayList<>() : new ArrayList<>(assignees);
  }

  /** One region's identity. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RegionStatus {

    @JsonPropertyDescription("The region (programmatic name).")
    private String region;

    @JsonPropertyDescription("The regional UserAssignedIdentity in this namespace.")
    private String identityName;

    @JsonPropertyDescription("The identity's client ID, as its status reports it.")
    private String clientId;

    @JsonPropertyDescription("Whether the regional identity is Ready for the spec the set gave it.")
    private Boolean ready;

    @JsonPropertyDescription("Number of assignees attached to this region's identity.")
    private Integer assigneeCount;

    @JsonPropertyDescription(
        "Active, Creating, Detaching (its last assignee left: detached before it is deleted) or"
            + " Deleting.")
    private String phase;

    @JsonPropertyDescription("Why the region is not ready (the identity's Ready message).")
    @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
    private String message;

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public String getIdentityName() {
      return identityName;
    }

    public void setIdentityName(String identityName) {
      this.identityName = identityName;
    }

    public String getClientId() {
      return clientId;
    }

    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    public Boolean getReady() {
      return ready;
    }

    public void setReady(Boolean ready) {
      this.ready = ready;
    }

    public Integer getAssigneeCount() {
      return assigneeCount;
    }

    public void setAssigneeCount(Integer assigneeCount) {
      this.assigneeCount = assigneeCount;
    }

    public String getPhase() {
      return phase;
    }

    public void setPhase(String phase) {
      this.phase = phase;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }
  }

  /** Where one assignee goes. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AssigneePlacement {

    @JsonPropertyDescription("ARM resource ID of the assignee.")
    @Size(max = AzureNameRules.MAX_ID_LENGTH)
    private String resourceId;

    @JsonPropertyDescription("Its region as Azure reports it (programmatic name).")
    private String region;

    @JsonPropertyDescription("Why its region is unknown, when it is.")
    @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
    private String message;

    public AssigneePlacement() {}

    public AssigneePlacement(String resourceId, String region, String message) {
      this.resourceId = resourceId;
      this.region = region;
      this.message = message;
    }

    public String getResourceId() {
      return resourceId;
    }

    public void setResourceId(String resourceId) {
      this.resourceId = resourceId;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }
  }
}
