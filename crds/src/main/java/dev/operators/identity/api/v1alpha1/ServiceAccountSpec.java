package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A Kubernetes ServiceAccount whose pods use the identity (AKS workload identity). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceAccountSpec {

  @JsonPropertyDescription("The ServiceAccount's name.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern(AzureNameRules.KUBERNETES_NAME)
  private String name;

  @JsonPropertyDescription(
      "Its namespace. Default, and for now the only one accepted: this resource's own namespace"
          + " (another namespace will need a policy that allows it).")
  @Size(max = 63)
  @Pattern(AzureNameRules.KUBERNETES_LABEL)
  private String namespace;

  @JsonPropertyDescription(
      "Create the ServiceAccount when it does not exist, owned by this resource (deleted with"
          + " it). Default false: an existing ServiceAccount is annotated, a missing one reported.")
  private Boolean create;

  public ServiceAccountSpec() {}

  public ServiceAccountSpec(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Boolean getCreate() {
    return create;
  }

  public void setCreate(Boolean create) {
    this.create = create;
  }

  /** Whether a missing ServiceAccount is created. */
  public boolean creates() {
    return Boolean.TRUE.equals(create);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceAccountSpec other
        && Objects.equals(name, other.name)
        && Objects.equals(namespace, other.namespace)
        && Objects.equals(create, other.create);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, namespace, create);
  }
}
