package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import dev.operators.identity.api.ItemPattern;
import dev.operators.identity.api.ListMapKeys;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The desired regional identities: a template, the assignees, and regions wanted ahead. */
@JsonClassDescription(
    "The identity every region gets (template), the Azure resources using them (assignees, in any"
        + " regions: each is attached to the identity of its own region, read from Azure), and"
        + " regions whose identity must exist before any compute there (regions).")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RegionalIdentitySetSpec {

  /** At most this many assignees over all regions. */
  public static final int MAX_ASSIGNEES = 500;

  /** At most this many regions listed ahead. */
  public static final int MAX_REGIONS = 60;

  @JsonPropertyDescription(
      "What every regional identity is: a UserAssignedIdentity spec without location and"
          + " assignees (the set fills them in per region) and with isolationScope Regional.")
  @Required
  private RegionalIdentityTemplate template;

  @JsonPropertyDescription(
      "Azure resources that use the identities, in any regions. The operator reads each"
          + " resource's region from Azure and attaches it to that region's identity (created"
          + " first when the region is new). A resource recreated in another region moves to that"
          + " region's identity. When a region's last assignee goes, its identity is detached,"
          + " then deleted, unless the region is listed in regions.")
  @Size(max = MAX_ASSIGNEES)
  @ListMapKeys({"resourceId"})
  private List<AssigneeSpec> assignees;

  @JsonPropertyDescription(
      "Regions (programmatic names: eastus, westeurope) whose identity exists whatever the"
          + " assignees: to create identities ahead of their compute, or keep one without any.")
  @Size(max = MAX_REGIONS)
  @ItemMaxLength(50)
  @ItemPattern(AzureNameRules.LOCATION)
  private List<String> regions;

  public RegionalIdentityTemplate getTemplate() {
    return template;
  }

  public void setTemplate(RegionalIdentityTemplate template) {
    this.template = template;
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

  public List<String> getRegions() {
    return regions;
  }

  public void setRegions(List<String> regions) {
    this.regions = regions == null ? null : new ArrayList<>(regions);
  }

  /** The regions listed ahead, never null, without null entries. */
  public List<String> effectiveRegions() {
    return regions == null ? List.of() : regions.stream().filter(Objects::nonNull).toList();
  }
}
