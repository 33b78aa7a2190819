package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A long-running Azure operation the operator started and checks on later passes (ARM's
 * Azure-AsyncOperation or Location polling), instead of waiting for it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AzureOperationStatus {

  @JsonPropertyDescription("What the operation does: Attach or Detach.")
  @Size(max = 16)
  private String action;

  @JsonPropertyDescription(
      "How Azure reports its progress: the response header that named the URL to poll"
          + " (Azure-AsyncOperation or Location).")
  @Size(max = 32)
  private String pollHeader;

  @JsonPropertyDescription(
      "The URL to poll. The operator polls it only on its own Azure Resource Manager endpoint.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String pollUrl;

  @JsonPropertyDescription("When the operation was started (RFC 3339).")
  @Size(max = 64)
  private String startedAt;

  public AzureOperationStatus() {}

  public AzureOperationStatus(String action, String pollHeader, String pollUrl, String startedAt) {
    this.action = action;
    this.pollHeader = pollHeader;
    this.pollUrl = pollUrl;
    this.startedAt = startedAt;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getPollHeader() {
    return pollHeader;
  }

  public void setPollHeader(String pollHeader) {
    this.pollHeader = pollHeader;
  }

  public String getPollUrl() {
    return pollUrl;
  }

  public void setPollUrl(String pollUrl) {
    this.pollUrl = pollUrl;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AzureOperationStatus other
        && Objects.equals(action, other.action)
        && Objects.equals(pollHeader, other.pollHeader)
        && Objects.equals(pollUrl, other.pollUrl)
        && Objects.equals(startedAt, other.startedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(action, pollHeader, pollUrl, startedAt);
  }
}
