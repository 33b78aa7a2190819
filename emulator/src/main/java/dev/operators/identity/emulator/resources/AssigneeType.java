package dev.operators.identity.emulator.resources;

/**
 * The resource types managed identities get attached to, with how each provider serves them.
 *
 * <ul>
 *   <li>Compute (specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable/
 *       2024-11-01/virtualMachine.json and virtualMachineScaleSet.json): PUT 200/201 and PATCH 200
 *       are {@code x-ms-long-running-operation} (Azure-AsyncOperation, provisioningState
 *       Creating/Updating then Succeeded); read-only {@code etag} and {@code If-Match}/{@code
 *       If-None-Match} headers on PUT and PATCH; identity type enum {@code SystemAssigned,
 *       UserAssigned, "SystemAssigned, UserAssigned", None} (with a space); location returned as
 *       the normalised name ("eastus").
 *   <li>Web (specification/web/resource-manager/Microsoft.Web/stable/2024-11-01/WebApps.json,
 *       CommonDefinitions.json ManagedServiceIdentity): answered synchronously here (200); no
 *       {@code etag}; identity type enum with "SystemAssigned, UserAssigned"; {@code kind} "app",
 *       "functionapp" (+ ",linux" ...); location returned as display name ("East US").
 *   <li>Container Apps (specification/app/resource-manager/Microsoft.App/stable/2025-01-01/
 *       ContainerApps.json, identity from common-types v3 managedidentity.json): PUT 200 ("no
 *       change") / 201 with {@code final-state-via: azure-async-operation}; PATCH 200/202 with
 *       Location; DELETE 200/202/204 with Location; no {@code etag}; identity type enum
 *       "SystemAssigned,UserAssigned" (no space); location returned as display name.
 * </ul>
 */
enum AssigneeType {
  VIRTUAL_MACHINE("Microsoft.Compute", "virtualMachines", Provider.COMPUTE),
  VIRTUAL_MACHINE_SCALE_SET("Microsoft.Compute", "virtualMachineScaleSets", Provider.COMPUTE),
  WEB_SITE("Microsoft.Web", "sites", Provider.WEB),
  CONTAINER_APP("Microsoft.App", "containerApps", Provider.CONTAINER_APPS);

  /** Provider behaviours shared by its types. */
  enum Provider {
    COMPUTE("SystemAssigned, UserAssigned"),
    WEB("SystemAssigned, UserAssigned"),
    CONTAINER_APPS("SystemAssigned,UserAssigned");

    /** How the provider spells the combined identity type. */
    final String combinedType;

    Provider(String combinedType) {
      this.combinedType = combinedType;
    }
  }

  private final String namespace;
  private final String type;
  private final Provider provider;

  AssigneeType(String namespace, String type, Provider provider) {
    this.namespace = namespace;
    this.type = type;
    this.provider = provider;
  }

  String namespace() {
    return namespace;
  }

  String type() {
    return type;
  }

  String fullType() {
    return namespace + "/" + type;
  }

  Provider provider() {
    return provider;
  }

  /** Compute VMs and scale sets carry an {@code etag} and honour If-Match / If-None-Match. */
  boolean hasEtag() {
    return provider == Provider.COMPUTE;
  }

  /** Web and Container Apps return the location's display name; Compute the normalised name. */
  boolean displayLocation() {
    return provider != Provider.COMPUTE;
  }
}
