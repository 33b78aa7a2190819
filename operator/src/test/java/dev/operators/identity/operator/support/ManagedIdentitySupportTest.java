package dev.operators.identity.operator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.operator.support.ManagedIdentitySupport.Availability;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManagedIdentitySupportTest {

  private static final ManagedIdentitySupport SUPPORT = ManagedIdentitySupport.load();

  /** Every {@code ###} heading of the document's first section, in document order. */
  private static final List<String> SOURCE_SECTION =
      List.of(
          "Azure API Management",
          "Azure App Configuration",
          "Azure App Service",
          "Azure Arc enabled Kubernetes",
          "Azure Arc enabled servers",
          "Azure Automanage",
          "Azure Automation",
          "Azure Blueprints",
          "Azure Cognitive Search",
          "Azure Cognitive Services",
          "Azure Communication Services",
          "Azure Container Instances",
          "Azure Container Registry Tasks",
          "Azure Data Explorer",
          "Azure Data Factory V2",
          "Azure Digital Twins",
          "Azure Event Grid",
          "Azure Firewall Policy",
          "Azure Functions",
          "Azure IoT Hub",
          "Azure Import/Export",
          "Azure Kubernetes Service (AKS)",
          "Azure Log Analytics cluster",
          "Azure Logic Apps",
          "Azure Machine Learning",
          "Azure Policy",
          "Azure Service Fabric",
          "Azure Spring Cloud",
          "Azure Stack Edge",
          "Azure Virtual Machine Scale Sets",
          "Azure Virtual Machines",
          "Azure VM Image Builder",
          "Azure SignalR Service",
          "Azure Resource Mover");

  /** Every {@code ###} heading of the document's second section (Azure AD authentication). */
  private static final List<String> TARGET_SECTION =
      List.of(
          "Azure Resource Manager",
          "Azure Key Vault",
          "Azure Data Lake",
          "Azure SQL",
          "Azure Data Explorer",
          "Azure Event Hubs",
          "Azure Service Bus",
          "Azure Storage blobs and queues",
          "Azure Analysis Services");

  private static final List<String> CLOUDS =
      List.of("AzureCloud", "AzureUSGovernment", "AzureChinaCloud");

  @Test
  void theFileParsesAndNamesItsSource() {
    assertThat(SUPPORT.source())
        .contains("Services that support managed identities")
        .contains("01/28/2021");
    assertThat(SUPPORT.documentDate()).isEqualTo(LocalDate.of(2021, 1, 28));
    assertThat(SUPPORT.clouds())
        .containsOnlyKeys("AzureCloud", "AzureUSGovernment", "AzureChinaCloud", "AzureGermanCloud");
  }

  @Test
  void everyServiceOfTheSourceSectionAppearsInDocumentOrder() {
    assertThat(SUPPORT.services())
        .extracting(ServiceSupport::service)
        .containsExactlyElementsOf(SOURCE_SECTION);
  }

  @Test
  void authenticationTargetsAreKeptOutOfTheSourceTable() {
    assertThat(SUPPORT.authenticationTargets())
        .extracting(AuthenticationTarget::service)
        .containsExactlyElementsOf(TARGET_SECTION);
    assertThat(SUPPORT.authenticationTargets()).allMatch(AuthenticationTarget::targetOnly);
    // Targets only: an identity authenticates to Key Vault or Storage, it is not attached to them.
    assertThat(SUPPORT.userAssigned("Microsoft.KeyVault/vaults", "AzureCloud"))
        .isEqualTo(Availability.NOT_LISTED);
    assertThat(SUPPORT.userAssigned("Microsoft.Storage/storageAccounts", "AzureCloud"))
        .isEqualTo(Availability.NOT_LISTED);
    assertThat(SUPPORT.serviceName("Microsoft.Sql/servers")).isEmpty();
  }

  @Test
  void appServiceUserAssignedIsAvailableEverywhereAndSharedWithFunctions() {
    for (String cloud : CLOUDS) {
      assertThat(SUPPORT.userAssigned("Microsoft.Web/sites", cloud))
          .isEqualTo(Availability.AVAILABLE);
      assertThat(SUPPORT.systemAssigned("Microsoft.Web/sites", cloud))
          .isEqualTo(Availability.AVAILABLE);
    }
    assertThat(SUPPORT.serviceName("Microsoft.Web/sites"))
        .contains("Azure App Service / Azure Functions");
    assertThat(SUPPORT.services("Microsoft.Web/sites"))
        .allSatisfy(
            s -> assertThat(s.userAssigned()).containsEntry("AzureGermanCloud", "Available"));
  }

  @Test
  void arcEnabledKubernetesHasNoUserAssignedIdentity() {
    for (String cloud : CLOUDS) {
      assertThat(SUPPORT.userAssigned("Microsoft.Kubernetes/connectedClusters", cloud))
          .isEqualTo(Availability.NOT_AVAILABLE);
    }
    assertThat(SUPPORT.systemAssigned("Microsoft.Kubernetes/connectedClusters", "AzureCloud"))
        .isEqualTo(Availability.PREVIEW);
    assertThat(
            SUPPORT.systemAssigned("Microsoft.Kubernetes/connectedClusters", "AzureUSGovernment"))
        .isEqualTo(Availability.NOT_AVAILABLE);
  }

  @Test
  void apiManagementUserAssignedIsPreview() {
    for (String cloud : CLOUDS) {
      assertThat(SUPPORT.userAssigned("Microsoft.ApiManagement/service", cloud))
          .isEqualTo(Availability.PREVIEW);
      assertThat(SUPPORT.systemAssigned("Microsoft.ApiManagement/service", cloud))
          .isEqualTo(Availability.AVAILABLE);
    }
    assertThat(SUPPORT.serviceName("Microsoft.ApiManagement/service"))
        .contains("Azure API Management");
  }

  @Test
  void automationUserAssignedIsNotAvailableInAnyCloud() {
    for (String cloud : CLOUDS) {
      assertThat(SUPPORT.userAssigned("Microsoft.Automation/automationAccounts", cloud))
          .isEqualTo(Availability.NOT_AVAILABLE);
    }
    assertThat(SUPPORT.services("Microsoft.Automation/automationAccounts").get(0).userAssigned())
        .containsEntry("AzureGermanCloud", "NotAvailable");
    assertThat(SUPPORT.systemAssigned("Microsoft.Automation/automationAccounts", "AzureChinaCloud"))
        .isEqualTo(Availability.NOT_AVAILABLE);
  }

  @Test
  void virtualMachinesAndScaleSetsAreAvailableInAzureCloud() {
    for (String type :
        List.of("Microsoft.Compute/virtualMachines", "Microsoft.Compute/virtualMachineScaleSets")) {
      assertThat(SUPPORT.userAssigned(type, "AzureCloud")).isEqualTo(Availability.AVAILABLE);
      assertThat(SUPPORT.systemAssigned(type, "AzureCloud")).isEqualTo(Availability.AVAILABLE);
    }
    assertThat(SUPPORT.serviceName("Microsoft.Compute/virtualMachineScaleSets"))
        .contains("Azure Virtual Machine Scale Sets");
  }

  @Test
  void moreExactTranscriptions() {
    assertThat(SUPPORT.userAssigned("Microsoft.ContainerService/managedClusters", "AzureCloud"))
        .isEqualTo(Availability.PREVIEW);
    assertThat(
            SUPPORT.userAssigned("Microsoft.ContainerService/managedClusters", "AzureChinaCloud"))
        .isEqualTo(Availability.NOT_AVAILABLE);
    assertThat(SUPPORT.systemAssigned("Microsoft.Network/firewallPolicies", "AzureCloud"))
        .isEqualTo(Availability.NOT_AVAILABLE);
    assertThat(SUPPORT.userAssigned("Microsoft.Network/firewallPolicies", "AzureCloud"))
        .isEqualTo(Availability.PREVIEW);
    assertThat(SUPPORT.systemAssigned("Microsoft.ImportExport/jobs", "AzureUSGovernment"))
        .isEqualTo(Availability.PREVIEW);
    assertThat(SUPPORT.userAssigned("Microsoft.SignalRService/SignalR", "AzureChinaCloud"))
        .isEqualTo(Availability.PREVIEW);
    assertThat(SUPPORT.userAssigned("Microsoft.Logic/workflows", "AzureUSGovernment"))
        .isEqualTo(Availability.AVAILABLE);
    for (String type :
        List.of(
            "Microsoft.EventGrid/topics",
            "Microsoft.EventGrid/domains",
            "Microsoft.EventGrid/systemTopics")) {
      assertThat(SUPPORT.serviceName(type)).contains("Azure Event Grid");
    }
  }

  @Test
  void noCellIsUnknownAndEveryServiceHasAllFourColumns() {
    assertThat(SUPPORT.services())
        .allSatisfy(
            s -> {
              assertThat(s.systemAssigned()).hasSize(4).doesNotContainValue("Unknown");
              assertThat(s.userAssigned()).hasSize(4).doesNotContainValue("Unknown");
            });
  }

  @Test
  void resourceTypesAndCloudNamesAreCaseInsensitive() {
    assertThat(SUPPORT.userAssigned("microsoft.web/SITES", "azurecloud"))
        .isEqualTo(Availability.AVAILABLE);
    assertThat(SUPPORT.userAssigned("MICROSOFT.APIMANAGEMENT/SERVICE", "AZUREUSGOVERNMENT"))
        .isEqualTo(Availability.PREVIEW);
    assertThat(SUPPORT.userAssigned("microsoft.devices/iothubs", "azurechinacloud"))
        .isEqualTo(Availability.NOT_AVAILABLE);
    assertThat(SUPPORT.serviceName("microsoft.compute/VIRTUALMACHINES"))
        .contains("Azure Virtual Machines");
  }

  @Test
  void childTypesMatchOnlyThemselves() {
    assertThat(SUPPORT.userAssigned("Microsoft.ContainerRegistry/registries/tasks", "AzureCloud"))
        .isEqualTo(Availability.PREVIEW);
    assertThat(SUPPORT.userAssigned("Microsoft.ContainerRegistry/registries", "AzureCloud"))
        .isEqualTo(Availability.NOT_LISTED);
    assertThat(SUPPORT.userAssigned("Microsoft.Web/sites/slots", "AzureCloud"))
        .isEqualTo(Availability.NOT_LISTED);
    assertThat(SUPPORT.serviceName("Microsoft.ContainerRegistry/registries")).isEmpty();
  }

  @Test
  void typesTheDocumentDoesNotCoverAreNotListed() {
    for (String cloud : CLOUDS) {
      assertThat(SUPPORT.userAssigned("Microsoft.App/containerApps", cloud))
          .isEqualTo(Availability.NOT_LISTED);
      assertThat(SUPPORT.systemAssigned("Microsoft.App/containerApps", cloud))
          .isEqualTo(Availability.NOT_LISTED);
    }
    assertThat(SUPPORT.serviceName("Microsoft.App/containerApps")).isEmpty();
    assertThat(SUPPORT.services("Microsoft.App/containerApps")).isEmpty();
  }

  @Test
  void aCustomCloudIsNotCoveredByTheDocument() {
    assertThat(SUPPORT.userAssigned("Microsoft.Web/sites", "Custom"))
        .isEqualTo(Availability.NOT_LISTED);
  }

  @Test
  void azureGermanyIsRetiredAndNotAnOperatorCloud() {
    assertThat(SUPPORT.clouds().get("AzureGermanCloud").retired()).isTrue();
    assertThat(SUPPORT.clouds().get("AzureGermanCloud").documentColumn())
        .isEqualTo("Azure Germany");
    for (String cloud : CLOUDS) {
      assertThat(SUPPORT.clouds().get(cloud).retired()).isFalse();
    }
    assertThat(ManagedIdentitySupport.OPERATOR_CLOUDS).doesNotContain("AzureGermanCloud");
    assertThatThrownBy(() -> SUPPORT.userAssigned("Microsoft.Web/sites", "AzureGermanCloud"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retired");
    assertThatThrownBy(() -> SUPPORT.systemAssigned("Microsoft.Web/sites", "azuregermancloud"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AzureStackCloud", "", "Azure Government"})
  void unknownCloudNamesAreRejected(String cloud) {
    assertThatThrownBy(() -> SUPPORT.userAssigned("Microsoft.Web/sites", cloud))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown Azure cloud");
  }

  @Test
  void unknownCellsAndDisagreeingServicesAnswerUnknown() throws IOException {
    ManagedIdentitySupport support =
        parse(
            """
            {"source": "test", "documentDate": "2021-01-28",
             "clouds": {"AzureCloud": {}, "AzureUSGovernment": {}, "AzureChinaCloud": {},
                        "AzureGermanCloud": {"retired": true}},
             "services": [
               {"service": "A", "resourceTypes": ["Example.RP/things"],
                "systemAssigned": %s, "userAssigned": %s},
               {"service": "B", "resourceTypes": ["Example.RP/things"],
                "systemAssigned": %s, "userAssigned": %s}]}
            """
                .formatted(
                    cells("Available", "Unknown"),
                    cells("Available", "Preview"),
                    cells("Available", "Unknown"),
                    cells("NotAvailable", "Preview")));
    assertThat(support.systemAssigned("Example.RP/things", "AzureUSGovernment"))
        .isEqualTo(Availability.UNKNOWN);
    assertThat(support.systemAssigned("Example.RP/things", "AzureCloud"))
        .isEqualTo(Availability.AVAILABLE);
    assertThat(support.userAssigned("Example.RP/things", "AzureCloud"))
        .isEqualTo(Availability.UNKNOWN);
    assertThat(support.userAssigned("Example.RP/things", "AzureUSGovernment"))
        .isEqualTo(Availability.PREVIEW);
    assertThat(support.serviceName("Example.RP/things")).contains("A / B");
  }

  @Test
  void malformedDataIsRejected() throws IOException {
    String valid =
        """
        {"source": "test", "documentDate": "2021-01-28",
         "clouds": {"AzureCloud": {}, "AzureUSGovernment": {}, "AzureChinaCloud": {},
                    "AzureGermanCloud": {"retired": true}},
         "services": [{"service": "A", "resourceTypes": ["Example.RP/things"],
                       "systemAssigned": %s, "userAssigned": %s}]}
        """
            .formatted(cells("Available", "Available"), cells("Preview", "NotAvailable"));
    assertThat(parse(valid).userAssigned("example.rp/THINGS", "AzureCloud"))
        .isEqualTo(Availability.PREVIEW);

    assertThatThrownBy(() -> parse(valid.replace("\"Preview\"", "\"Yes\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Yes'");
    assertThatThrownBy(() -> parse(valid.replace("\"retired\": true", "\"retired\": false")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retired");
    assertThatThrownBy(() -> parse(valid.replace("Example.RP/things", "things")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad resource type");
    assertThatThrownBy(() -> parse(valid.replace("\"AzureGermanCloud\": \"NotAvailable\", ", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userAssigned clouds");
  }

  /** A cloud map: the first value for AzureCloud, the second for the other clouds. */
  private static String cells(String azureCloud, String others) {
    return """
        {"AzureCloud": "%s", "AzureUSGovernment": "%s", "AzureGermanCloud": "%s", "AzureChinaCloud": "%s"}\
        """
        .formatted(azureCloud, others, others, others);
  }

  private static ManagedIdentitySupport parse(String json) throws IOException {
    return ManagedIdentitySupport.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
