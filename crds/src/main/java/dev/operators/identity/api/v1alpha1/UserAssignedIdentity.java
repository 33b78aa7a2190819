package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Optional;

/** An Azure user-assigned managed identity, declared in Kubernetes and kept true in Azure. */
@Group(UserAssignedIdentity.GROUP)
@Version(UserAssignedIdentity.VERSION)
@ShortNames("uai")
@Categories({"azure", "azure-identity"})
@JsonClassDescription(
    "An Azure user-assigned managed identity. The operator creates it in Azure, keeps its tags and"
        + " isolation scope as declared, repairs drift, and deletes it when this resource is deleted"
        + " (unless spec.deletionPolicy is Orphan).")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Location",
    jsonPath = ".status.location",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Isolation",
    jsonPath = ".status.isolationScope",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Client ID",
    jsonPath = ".status.clientId",
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
@SchemaSwap(
    originalType = UserAssignedIdentitySpec.class,
    fieldName = "unreadFields",
    targetType = void.class)
public class UserAssignedIdentity
    extends CustomResource<UserAssignedIdentitySpec, UserAssignedIdentityStatus>
    implements Namespaced {

  public static final String GROUP = "identity.operators.dev";
  public static final String VERSION = "v1alpha1";

  /** Annotation that allows the operator to take over an existing identity it did not create. */
  public static final String ADOPT_ANNOTATION = GROUP + "/adopt";

  /** Annotation that stops every Azure call for this resource while it is "true". */
  public static final String PAUSED_ANNOTATION = GROUP + "/paused";

  /**
   * Annotation that approves one plan shown in status.plan: its value is the plan's digest, so an
   * approval never covers changes that were not shown.
   */
  public static final String APPROVE_PLAN_ANNOTATION = GROUP + "/approve-plan";

  /** Read tolerantly: a spec that cannot be read is reported on this object, not fatal. */
  @Override
  @JsonDeserialize(using = TolerantSpecDeserializer.class)
  public void setSpec(UserAssignedIdentitySpec spec) {
    super.setSpec(spec);
  }

  /** The Azure name of the identity: spec.azureName, or metadata.name when it is not set. */
  public String azureName() {
    String name = getSpec() == null ? null : getSpec().getAzureName();
    return name == null || name.isBlank() ? getMetadata().getName() : name;
  }

  /** Whether the resource carries {@code identity.operators.dev/paused: "true"}. */
  public boolean pauseRequested() {
    var annotations = getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(PAUSED_ANNOTATION));
  }

  /** The digest the annotation {@value #APPROVE_PLAN_ANNOTATION} approves, if any. */
  public Optional<String> approvedPlan() {
    var annotations = getMetadata().getAnnotations();
    return Optional.ofNullable(
            annotations == null ? null : annotations.get(APPROVE_PLAN_ANNOTATION))
        .map(String::trim)
        .filter(s -> !s.isEmpty());
  }

  /** Whether the resource carries {@code identity.operators.dev/adopt: "true"}. */
  public boolean allowsAdoption() {
    var annotations = getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(ADOPT_ANNOTATION));
  }
}
