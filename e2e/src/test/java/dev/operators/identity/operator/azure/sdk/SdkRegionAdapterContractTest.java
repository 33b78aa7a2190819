package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.RegionPort;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkRegionAdapter} against ARM's subscriptions API: the regions of {@code GET
 * /subscriptions/{id}/locations}, listed once per subscription and hour; the SDK's own region list
 * where the operator may not read them, and no fallback for any other failure.
 */
class SdkRegionAdapterContractTest extends AdapterContractFixture {

  static final String LOCATIONS = "^/subscriptions/[^/]+/locations$";

  RegionPort regions() {
    return ports.regions();
  }

  @Test
  void theRegionsAreTheSubscriptionsLocationsListedOncePerHour() {
    Set<String> regions = regions().regions(sub);
    regions().regions(sub);

    assertThat(regions).isEqualTo(emulatorRegions());
    assertThat(served("GET", LOCATIONS)).isEqualTo(1);
    assertThat(sent("GET", "/locations$"))
        .singleElement()
        .satisfies(get -> assertThat(get.path()).isEqualTo("/subscriptions/" + sub + "/locations"));
  }

  @Test
  void whereTheOperatorMayNotReadTheLocationsTheSdksRegionListStandsIn() {
    deny("Microsoft.Resources/subscriptions/read", "/subscriptions/" + sub);

    Set<String> regions = regions().regions(sub);

    // The emulator lists no Qatar Central; the Azure SDK knows it.
    assertThat(emulatorRegions()).doesNotContain("qatarcentral");
    assertThat(regions).contains("eastus", "westeurope", "qatarcentral");
    assertThat(served("GET", LOCATIONS)).isEqualTo(1);
    regions().regions(sub);
    assertThat(served("GET", LOCATIONS)).isEqualTo(1);
  }

  @Test
  void anyOtherFailureIsReportedNotReplacedByTheSdksList() {
    String unknown = UUID.randomUUID().toString();

    AzureRequestException e =
        catchThrowableOfType(AzureRequestException.class, () -> regions().regions(unknown));

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo("SubscriptionNotFound");
    assertThat(e.getMessage()).contains(unknown);
    catchThrowableOfType(AzureRequestException.class, () -> regions().regions(unknown));
    assertThat(served("GET", LOCATIONS)).isEqualTo(2);
  }
}
