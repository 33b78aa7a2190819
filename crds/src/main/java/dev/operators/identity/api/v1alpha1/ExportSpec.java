package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Where the identity's IDs are published for workloads and tools to read. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportSpec {

  /** A ConfigMap in this resource's namespace. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConfigMapTarget {

    @JsonPropertyDescription(
        "The ConfigMap's name. It holds clientId, principalId, tenantId, resourceId and name,"
            + " is kept in sync, and is owned by this resource (deleted with it).")
    @Required
    @Size(min = 1, max = 253)
    @Pattern(AzureNameRules.KUBERNETES_NAME)
    private String name;

    public ConfigMapTarget() {}

    public ConfigMapTarget(String name) {
      this.name = name;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ConfigMapTarget other && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(name);
    }
  }

  @JsonPropertyDescription(
      "A ConfigMap with the identity's IDs (never a Secret: these are identifiers, not"
          + " credentials).")
  private ConfigMapTarget configMap;

  public ConfigMapTarget getConfigMap() {
    return configMap;
  }

  public void setConfigMap(ConfigMapTarget configMap) {
    this.configMap = configMap;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportSpec other && Objects.equals(configMap, other.configMap);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(configMap);
  }
}
