package dev.operators.identity.operator.config;

import com.azure.core.management.AzureEnvironment;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Azure cloud the operator talks to: a national cloud by name, or custom endpoints (Azure Stack
 * Hub, or the local ARM emulator). Each cloud has its own Microsoft Graph endpoint (national clouds
 * do not share Microsoft Graph); {@code graphAudience} is the resource its tokens are requested
 * for, the endpoint itself except where a stand-in serves Graph elsewhere (the emulator).
 */
public record AzureCloud(
    String name,
    String resourceManagerEndpoint,
    String authorityHost,
    String graphEndpoint,
    String graphAudience) {

  /** Microsoft Graph of the global service (also the default of custom clouds). */
  public static final String GLOBAL_GRAPH = "https://graph.microsoft.com/";

  public static final AzureCloud AZURE_PUBLIC =
      new AzureCloud(
          "AzureCloud",
          "https://management.azure.com/",
          "https://login.microsoftonline.com/",
          GLOBAL_GRAPH,
          GLOBAL_GRAPH);
  public static final AzureCloud AZURE_US_GOVERNMENT =
      new AzureCloud(
          "AzureUSGovernment",
          "https://management.usgovcloudapi.net/",
          "https://login.microsoftonline.us/",
          "https://graph.microsoft.us/",
          "https://graph.microsoft.us/");
  public static final AzureCloud AZURE_CHINA =
      new AzureCloud(
          "AzureChinaCloud",
          "https://management.chinacloudapi.cn/",
          "https://login.chinacloudapi.cn/",
          "https://microsoftgraph.chinacloudapi.cn/",
          "https://microsoftgraph.chinacloudapi.cn/");

  public AzureCloud {
    resourceManagerEndpoint = withTrailingSlash(resourceManagerEndpoint);
    authorityHost = withTrailingSlash(authorityHost);
    graphEndpoint = withTrailingSlash(graphEndpoint);
    graphAudience = withTrailingSlash(graphAudience);
  }

  /** The Graph SDK's base URL: the endpoint's v1.0 service root. */
  public String graphBaseUrl() {
    return graphEndpoint + "v1.0";
  }

  /** The scope of Graph tokens ({@code https://graph.microsoft.com/.default}). */
  public String graphScope() {
    return graphAudience + ".default";
  }

  /** A cloud by its name (as {@code az cloud list} prints it), case-insensitive. */
  public static AzureCloud named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "azurecloud", "azurepubliccloud", "public" -> AZURE_PUBLIC;
      case "azureusgovernment", "azureusgovernmentcloud", "usgovernment" -> AZURE_US_GOVERNMENT;
      case "azurechinacloud", "china" -> AZURE_CHINA;
      default ->
          throw new IllegalArgumentException(
              "unknown Azure cloud '"
                  + name
                  + "': use AzureCloud, AzureUSGovernment, AzureChinaCloud or Custom with"
                  + " AZURE_RESOURCE_MANAGER_ENDPOINT and AZURE_AUTHORITY_HOST");
    };
  }

  /** Custom endpoints, as for Azure Stack Hub, with the global Microsoft Graph. */
  public static AzureCloud custom(String resourceManagerEndpoint, String authorityHost) {
    return custom(resourceManagerEndpoint, authorityHost, GLOBAL_GRAPH, GLOBAL_GRAPH);
  }

  /**
   * Custom endpoints with Microsoft Graph at {@code graphEndpoint}, its tokens requested for {@code
   * graphAudience} (the emulator serves Graph on its own port for Graph's usual audience).
   */
  public static AzureCloud custom(
      String resourceManagerEndpoint,
      String authorityHost,
      String graphEndpoint,
      String graphAudience) {
    return new AzureCloud(
        "Custom", resourceManagerEndpoint, authorityHost, graphEndpoint, graphAudience);
  }

  public boolean isCustom() {
    return "Custom".equals(name);
  }

  /** The azure-core environment the resource manager SDKs are configured with. */
  public AzureEnvironment environment() {
    if (this.equals(AZURE_PUBLIC)) {
      return AzureEnvironment.AZURE;
    }
    if (this.equals(AZURE_US_GOVERNMENT)) {
      return AzureEnvironment.AZURE_US_GOVERNMENT;
    }
    if (this.equals(AZURE_CHINA)) {
      return AzureEnvironment.AZURE_CHINA;
    }
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", resourceManagerEndpoint);
    endpoints.put("managementEndpointUrl", resourceManagerEndpoint);
    endpoints.put("activeDirectoryEndpointUrl", authorityHost);
    endpoints.put("activeDirectoryResourceId", resourceManagerEndpoint);
    return new AzureEnvironment(endpoints);
  }

  private static String withTrailingSlash(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("an Azure endpoint URL is missing");
    }
    return url.endsWith("/") ? url : url + "/";
  }
}
