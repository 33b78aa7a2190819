package dev.operators.identity.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentityTypesTest {

  static final String VM = "Microsoft.Compute/virtualMachines";
  static final String APP = "Microsoft.App/containerApps";

  @Test
  void attachingMovesToUserAssignedOrBothKeepingTheSystemIdentity() {
    assertThat(IdentityTypes.withUserAssigned(null, VM)).isEqualTo("UserAssigned");
    assertThat(IdentityTypes.withUserAssigned("None", VM)).isEqualTo("UserAssigned");
    assertThat(IdentityTypes.withUserAssigned("UserAssigned", VM)).isEqualTo("UserAssigned");
    assertThat(IdentityTypes.withUserAssigned("SystemAssigned", VM))
        .isEqualTo("SystemAssigned, UserAssigned");
  }

  @Test
  void bothIsSpelledTheProvidersWay() {
    assertThat(IdentityTypes.withUserAssigned("SystemAssigned", APP))
        .isEqualTo("SystemAssigned,UserAssigned");
    assertThat(IdentityTypes.withUserAssigned("SystemAssigned", "microsoft.app/containerApps"))
        .isEqualTo("SystemAssigned,UserAssigned");
    // What the resource already says wins.
    assertThat(IdentityTypes.withUserAssigned("SystemAssigned,UserAssigned", VM))
        .isEqualTo("SystemAssigned,UserAssigned");
    assertThat(IdentityTypes.withUserAssigned("SystemAssigned, UserAssigned", APP))
        .isEqualTo("SystemAssigned, UserAssigned");
  }

  @Test
  void removingTheLastUserIdentityLeavesTheSystemOneOrNone() {
    assertThat(IdentityTypes.afterRemoval("UserAssigned", 0, VM)).isEqualTo("None");
    assertThat(IdentityTypes.afterRemoval("SystemAssigned, UserAssigned", 0, VM))
        .isEqualTo("SystemAssigned");
    assertThat(IdentityTypes.afterRemoval("SystemAssigned,UserAssigned", 1, APP))
        .isEqualTo("SystemAssigned,UserAssigned");
    assertThat(IdentityTypes.afterRemoval("UserAssigned", 2, VM)).isEqualTo("UserAssigned");
  }
}
