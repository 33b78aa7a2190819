package dev.operators.identity.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.AzureEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureCloudTest {

  @Test
  void nationalCloudsMapToTheSdksOwnEnvironments() {
    assertThat(AzureCloud.named("AzureCloud").environment()).isSameAs(AzureEnvironment.AZURE);
    assertThat(AzureCloud.named("AzureUSGovernment").environment())
        .isSameAs(AzureEnvironment.AZURE_US_GOVERNMENT);
    assertThat(AzureCloud.named("azurechinacloud").environment())
        .isSameAs(AzureEnvironment.AZURE_CHINA);
    assertThat(AzureCloud.named("AzureUSGovernment").authorityHost())
        .isEqualTo("https://login.microsoftonline.us/");
    assertThat(AzureCloud.named("AzureChinaCloud").resourceManagerEndpoint())
        .isEqualTo("https://management.chinacloudapi.cn/");
  }

  @Test
  void eachCloudHasItsOwnMicrosoftGraph() {
    assertThat(AzureCloud.AZURE_PUBLIC.graphBaseUrl())
        .isEqualTo("https://graph.microsoft.com/v1.0");
    assertThat(AzureCloud.AZURE_PUBLIC.graphScope())
        .isEqualTo("https://graph.microsoft.com/.default");
    assertThat(AzureCloud.AZURE_US_GOVERNMENT.graphBaseUrl())
        .isEqualTo("https://graph.microsoft.us/v1.0");
    assertThat(AzureCloud.AZURE_CHINA.graphScope())
        .isEqualTo("https://microsoftgraph.chinacloudapi.cn/.default");
    var custom = new HashMap<String, String>();
    custom.put("OPERATOR_CLUSTER_NAME", "c1");
    custom.put("AZURE_CLOUD", "Custom");
    custom.put("AZURE_RESOURCE_MANAGER_ENDPOINT", "https://127.0.0.1:8443");
    custom.put("AZURE_AUTHORITY_HOST", "https://127.0.0.1:8443");
    assertThat(OperatorConfig.fromEnvironment(custom).cloud().graphBaseUrl())
        .as("a custom cloud without a Graph endpoint uses the global one")
        .isEqualTo("https://graph.microsoft.com/v1.0");
    custom.put("AZURE_GRAPH_ENDPOINT", "https://127.0.0.1:8443");
    assertThat(OperatorConfig.fromEnvironment(custom).cloud().graphScope())
        .isEqualTo("https://127.0.0.1:8443/.default");
    custom.put("AZURE_GRAPH_AUDIENCE", "https://graph.microsoft.com");
    AzureCloud emulator = OperatorConfig.fromEnvironment(custom).cloud();
    assertThat(emulator.graphBaseUrl()).isEqualTo("https://127.0.0.1:8443/v1.0");
    assertThat(emulator.graphScope()).isEqualTo("https://graph.microsoft.com/.default");
  }

  @Test
  void customEndpointsBecomeACustomEnvironment() {
    AzureCloud custom = AzureCloud.custom("https://arm.local:8443", "https://login.local:8443");

    AzureEnvironment environment = custom.environment();

    assertThat(custom.isCustom()).isTrue();
    assertThat(environment.getResourceManagerEndpoint()).isEqualTo("https://arm.local:8443/");
    assertThat(environment.getManagementEndpoint()).isEqualTo("https://arm.local:8443/");
    assertThat(environment.getActiveDirectoryEndpoint()).isEqualTo("https://login.local:8443/");
  }

  @Test
  void theEnvironmentChoosesTheCloud() {
    Map<String, String> base = Map.of("OPERATOR_CLUSTER_NAME", "c1");
    assertThat(OperatorConfig.fromEnvironment(base).cloud()).isEqualTo(AzureCloud.AZURE_PUBLIC);
    var gov = new HashMap<>(base);
    gov.put("AZURE_CLOUD", "AzureUSGovernment");
    assertThat(OperatorConfig.fromEnvironment(gov).cloud())
        .isEqualTo(AzureCloud.AZURE_US_GOVERNMENT);
    var custom = new HashMap<>(base);
    custom.put("AZURE_CLOUD", "Custom");
    custom.put("AZURE_RESOURCE_MANAGER_ENDPOINT", "https://arm.local");
    custom.put("AZURE_AUTHORITY_HOST", "https://login.local");
    assertThat(OperatorConfig.fromEnvironment(custom).cloud().resourceManagerEndpoint())
        .isEqualTo("https://arm.local/");
    assertThat(OperatorConfig.fromEnvironment(base).resyncPeriod())
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void unknownOrIncompleteCloudsAreRefusedWithWhatToSet() {
    assertThatThrownBy(() -> AzureCloud.named("AzureGermanCloud"))
        .hasMessageContaining("AzureCloud, AzureUSGovernment, AzureChinaCloud or Custom");
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    Map.of("OPERATOR_CLUSTER_NAME", "c1", "AZURE_CLOUD", "Custom")))
        .hasMessageContaining("AZURE_RESOURCE_MANAGER_ENDPOINT and AZURE_AUTHORITY_HOST");
  }
}
