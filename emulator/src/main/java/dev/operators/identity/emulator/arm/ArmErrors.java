package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import java.util.List;

/**
 * ARM's error codes and messages, worded as Azure answers them (sources in the emulator's README
 * section of the report: public issue threads quoting real responses, and the REST specs).
 */
public final class ArmErrors {
  private ArmErrors() {}

  static ArmException missingApiVersion() {
    return new ArmException(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.");
  }

  /** Unsupported api-version on a Microsoft.Resources endpoint (resource groups, subscriptions). */
  static ArmException invalidApiVersion(String apiVersion, List<String> supported) {
    return new ArmException(
        400,
        "InvalidApiVersionParameter",
        "The api-version '"
            + apiVersion
            + "' is invalid. The supported versions are '"
            + String.join(",", supported)
            + "'.");
  }

  /** Unsupported api-version on a resource provider's type. */
  public static ArmException noRegisteredProvider(
      String location, String apiVersion, String type, List<String> versions, List<String> locs) {
    return new ArmException(
        400,
        "NoRegisteredProviderFound",
        "No registered resource provider found for location '"
            + location
            + "' and API version '"
            + apiVersion
            + "' for type '"
            + type
            + "'. The supported api-versions are '"
            + String.join(", ", versions)
            + "'. The supported locations are '"
            + String.join(", ", locs)
            + "'.");
  }

  public static ArmException subscriptionNotFound(String subscriptionId) {
    return new ArmException(
        404,
        "SubscriptionNotFound",
        "The subscription '" + subscriptionId + "' could not be found.");
  }

  public static ArmException resourceGroupNotFound(String name) {
    return new ArmException(
        404, "ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
  }

  public static ArmException resourceNotFound(String fullType, String name, String resourceGroup) {
    return new ArmException(
        404,
        "ResourceNotFound",
        "The Resource '"
            + fullType
            + "/"
            + name
            + "' under resource group '"
            + resourceGroup
            + "' was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix");
  }

  /** A path with empty or dot segments (code and wording ours, unverified). */
  static ArmException invalidRequestUri(String path) {
    return new ArmException(
        400, "InvalidRequestUri", "The request URI path '" + path + "' is not valid.");
  }

  public static ArmException invalidRequestContent(String detail) {
    return ArmRequest.invalidRequestContent(detail);
  }

  public static ArmException locationRequired() {
    return new ArmException(
        400, "LocationRequired", "The location property is required for this definition.");
  }

  public static ArmException locationNotAvailableForResourceType(
      String location, String type, List<String> available) {
    return new ArmException(
        400,
        "LocationNotAvailableForResourceType",
        "The provided location '"
            + location
            + "' is not available for resource type '"
            + type
            + "'. List of available regions for the resource type is '"
            + String.join(",", available)
            + "'.");
  }

  public static ArmException locationNotAvailableForResourceGroup(
      String location, List<String> available) {
    return new ArmException(
        400,
        "LocationNotAvailableForResourceGroup",
        "The provided location '"
            + location
            + "' is not available for resource group. List of available regions is '"
            + String.join(",", available)
            + "'.");
  }

  public static ArmException invalidResourceGroupLocation(String requested, String existing) {
    return new ArmException(
        409,
        "InvalidResourceGroupLocation",
        "Invalid resource group location '"
            + requested
            + "'. The Resource group already exists in location '"
            + existing
            + "'.");
  }

  public static ArmException invalidResourceLocation(
      String name, String existing, String resourceGroup, String requested) {
    return new ArmException(
        400,
        "InvalidResourceLocation",
        "The resource '"
            + name
            + "' already exists in location '"
            + existing
            + "' in resource group '"
            + resourceGroup
            + "'. A resource with the same name cannot be created in location '"
            + requested
            + "'. Please select a new resource name.");
  }

  static ArmException invalidResourceNamespace(String namespace) {
    return new ArmException(
        400, "InvalidResourceNamespace", "The resource namespace '" + namespace + "' is invalid.");
  }

  public static ArmException invalidResourceType(String type, String namespace, String apiVersion) {
    return new ArmException(
        400,
        "InvalidResourceType",
        "The resource type '"
            + type
            + "' could not be found in the namespace '"
            + namespace
            + "' for api version '"
            + apiVersion
            + "'.");
  }

  public static ArmException methodNotAllowed(String method) {
    return new ArmException(
        405,
        "MethodNotAllowed",
        "The requested resource does not support http method '" + method + "'.");
  }

  public static ArmException notFound(String path) {
    return new ArmException(
        404, "NotFound", "No HTTP resource was found that matches the request URI '" + path + "'.");
  }

  public static ArmException throttled(
      String kindWord, String subscriptionId, String actor, long retryAfterSeconds) {
    return new ArmException(
            429,
            "SubscriptionRequestsThrottled",
            "Number of '"
                + kindWord
                + "' requests for subscription '"
                + subscriptionId
                + "' actor '"
                + actor
                + "' exceeded. Please try again after '"
                + retryAfterSeconds
                + "' seconds after additional tokens are available. Refer to"
                + " https://aka.ms/arm-throttling")
        .header("Retry-After", Long.toString(retryAfterSeconds));
  }

  /** The error an injected status fault answers with; {@code now} dates a 500's diagnostics. */
  public static ArmException injected(int status, int retryAfterSeconds, java.time.Instant now) {
    ArmException error =
        switch (status) {
          case 429 ->
              new ArmException(
                  429,
                  "TooManyRequests",
                  "The request is being throttled. Please try again after '"
                      + Math.max(retryAfterSeconds, 1)
                      + "' seconds.");
          case 500 ->
              new ArmException(
                  500,
                  "InternalServerError",
                  "Encountered internal server error. Diagnostic information: timestamp '"
                      + now
                      + "'.");
          case 502 ->
              new ArmException(
                  502, "BadGateway", "The gateway did not receive a response in time.");
          case 503 ->
              new ArmException(
                  503,
                  "ServiceUnavailable",
                  "The service is currently unavailable. Please try again later.");
          case 504 ->
              new ArmException(
                  504,
                  "GatewayTimeout",
                  "The gateway did not receive a response from 'Microsoft.ManagedIdentity' within"
                      + " the specified time period.");
          case 409 ->
              new ArmException(409, "Conflict", "The request conflicts with the resource state.");
          case 404 -> new ArmException(404, "NotFound", "The resource was not found.");
          case 403 ->
              new ArmException(
                  403,
                  "AuthorizationFailed",
                  "The client does not have authorization to perform this action.");
          default ->
              new ArmException(status, "InjectedFault", "Injected fault with status " + status);
        };
    if (retryAfterSeconds > 0) {
      error.header("Retry-After", Integer.toString(retryAfterSeconds));
    }
    return error;
  }
}
