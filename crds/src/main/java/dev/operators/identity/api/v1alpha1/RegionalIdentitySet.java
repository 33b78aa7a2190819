package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One regionally isolated identity per region from one declaration (seed 000's best practice): the
 * set owns a {@link UserAssignedIdentity} per region, as a Deployment owns ReplicaSets.
 */
@Group(UserAssignedIdentity.GROUP)
@Version(UserAssignedIdentity.VERSION)
@ShortNames("rids")
@Categories({"azure", "azure-identity"})
@JsonClassDescription(
    "One Azure user-assigned managed identity per region, from one template: the set owns a"
        + " UserAssignedIdentity named <set>-<region> (isolationScope Regional) for every region of"
        + " its assignees (each read from Azure) and every region listed in spec.regions, and"
        + " attaches each assignee to the identity of its own region. Template changes roll out"
        + " to every regional identity; a region losing its last assignee is detached, then its"
        + " identity deleted; deleting the set deletes every regional identity.")
@AdditionalPrinterColumn(
    name = "Regions",
    jsonPath = ".status.regionCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready Regions",
    jsonPath = ".status.readyRegionCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RegionalIdentitySet
    extends CustomResource<RegionalIdentitySetSpec, RegionalIdentitySetStatus>
    implements Namespaced {

  /** Label on each regional identity: the set it belongs to. */
  public static final String SET_LABEL = UserAssignedIdentity.GROUP + "/regional-identity-set";

  /** Label on each regional identity: its region. */
  public static final String REGION_LABEL = UserAssignedIdentity.GROUP + "/region";

  /** The name of the set's identity in {@code region}: {@code <set>-<region>}. */
  public String childName(String region) {
    return getMetadata().getName() + "-" + region;
  }
}
