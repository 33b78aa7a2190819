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
