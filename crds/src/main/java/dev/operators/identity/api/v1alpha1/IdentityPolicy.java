package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What the namespaces a policy selects may declare (cluster-scoped, for cluster admins): the
 * operator refuses a resource that breaks it before any Azure write.
 */
@Group(UserAssignedIdentity.GROUP)
@Version(UserAssignedIdentity.VERSION)
@ShortNames("idpol")
@Categories({"azure", "azure-identity"})
@JsonClassDescription(
    "What the UserAssignedIdentity resources of the namespaces this policy selects may declare:"
        + " subscriptions, resource groups and locations of identities; scopes and roles of role"
        + " assignments; what identities may be attached to; ServiceAccount namespaces and issuers"
        + " of workload identity; what deleting the namespace does. A resource breaking any"
        + " selecting policy is refused before any Azure write (several policies: the strictest"
        + " wins). Cluster-scoped; for cluster admins only.")
@AdditionalPrinterColumn(
    name = "Namespaces",
    jsonPath = ".status.selectedNamespaceCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Violations",
    jsonPath = ".status.violationCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class IdentityPolicy extends CustomResource<IdentityPolicySpec, IdentityPolicyStatus> {

  /** The name messages give a policy: {@code IdentityPolicy "NAME"}. */
  public String describe() {
    return "IdentityPolicy \"" + getMetadata().getName() + "\"";
  }
}
