package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A sweep for orphaned Azure role assignments (whose principal no longer exists in the directory)
 * in a set of scopes: reported, and deleted on request. Cluster-scoped: for cluster admins only.
 */
@Group(UserAssignedIdentity.GROUP)
@Version(UserAssignedIdentity.VERSION)
@ShortNames("ras")
@Categories({"azure", "azure-identity"})
@JsonClassDescription(
    "A sweep for orphaned Azure role assignments: those whose principal no longer exists in the"
        + " directory (Azure keeps a role assignment when its user, group, service principal or"
        + " managed identity is deleted). It scans the given scopes, reports what it finds and, in"
        + " Delete mode, deletes it; it never touches an assignment whose principal exists, nor"
        + " one outside its scopes.")
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Orphaned",
    jsonPath = ".status.counts.orphaned",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Deleted",
    jsonPath = ".status.counts.deleted",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Last Sweep",
    jsonPath = ".status.lastSweepTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RoleAssignmentSweep
    extends CustomResource<RoleAssignmentSweepSpec, RoleAssignmentSweepStatus> {}
