package dev.operators.identity.emulator.arm;

import java.util.List;

/** Published api-versions of the emulated types (from the Azure/azure-rest-api-specs folders). */
public final class ApiVersions {
  private ApiVersions() {}

  /**
   * Microsoft.Resources (resource groups, subscriptions), newest first as ARM lists them;
   * azure-resourcemanager-resources 2.54.1 sends 2025-04-01 for resource groups and 2022-12-01 for
   * subscriptions.
   */
  public static final List<String> RESOURCES =
      List.of(
          "2025-04-01",
          "2025-03-01",
          "2025-01-01",
          "2024-11-01",
          "2024-07-01",
          "2024-03-01",
          "2023-07-01",
          "2022-12-01",
          "2022-09-01",
          "2022-01-01",
          "2021-04-01",
          "2021-01-01",
          "2020-10-01",
          "2020-09-01",
          "2020-08-01",
          "2020-06-01",
          "2020-01-01",
          "2019-11-01",
          "2019-10-01",
          "2019-09-01",
          "2019-08-01",
          "2019-07-01",
          "2019-06-01",
          "2019-05-10",
          "2019-05-01",
          "2019-03-01",
          "2018-05-01",
          "2018-02-01",
          "2017-05-10",
          "2016-09-01",
          "2016-07-01",
          "2016-06-01",
          "2016-02-01",
          "2015-11-01",
          "2015-01-01",
          "2014-04-01-preview",
          "2014-04-01");

  /**
   * Microsoft.ManagedIdentity/userAssignedIdentities, oldest first as ARM lists them for
   * NoRegisteredProviderFound; azure-resourcemanager-msi 2.53.8 sends 2024-11-30.
   */
  public static final List<String> MANAGED_IDENTITY =
      List.of(
          "2015-08-31-preview",
          "2018-11-30",
          "2021-09-30-preview",
          "2022-01-31-preview",
          "2023-01-31",
          "2023-07-31-preview",
          "2024-11-30",
          "2025-01-31-preview",
          "2025-05-31-preview",
          "2026-04-30",
          "2026-05-31");

  /** The managed-identity api-versions whose schema has {@code properties.isolationScope}. */
  public static final List<String> MANAGED_IDENTITY_WITH_ISOLATION_SCOPE =
      List.of("2024-11-30", "2025-01-31-preview", "2025-05-31-preview", "2026-04-30", "2026-05-31");

  /**
   * The managed-identity api-versions whose spec has the {@code federatedIdentityCredentials} child
   * type (from 2022-01-31-preview on; not 2015-08-31-preview, 2018-11-30, 2021-09-30-preview).
   */
  public static final List<String> FEDERATED_IDENTITY_CREDENTIALS =
      List.of(
          "2022-01-31-preview",
          "2023-01-31",
          "2023-07-31-preview",
          "2024-11-30",
          "2025-01-31-preview",
          "2025-05-31-preview",
          "2026-04-30",
          "2026-05-31");

  /**
   * The api-versions whose federated identity credential has {@code claimsMatchingExpression} and
   * an optional {@code subject} (exactly one of the two): the specs say "Introduced in
   * 2025-01-31-preview"; 2025-05-31-preview keeps it; the stable 2026-04-30 and 2026-05-31 do not.
   */
  public static final List<String> FEDERATED_CREDENTIALS_WITH_CLAIMS_MATCHING =
      List.of("2025-01-31-preview", "2025-05-31-preview");

  /**
   * The managed-identity api-versions whose schema has {@code
   * properties.assignmentRestrictions.providers}: 2025-05-31-preview and the stable 2026-05-31.
   */
  public static final List<String> MANAGED_IDENTITY_WITH_ASSIGNMENT_RESTRICTIONS =
      List.of("2025-05-31-preview", "2026-05-31");

  public static boolean supports(List<String> versions, String apiVersion) {
    return versions.stream().anyMatch(v -> v.equalsIgnoreCase(apiVersion));
  }
}
