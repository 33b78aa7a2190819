package dev.operators.identity.operator.azure;

import java.util.Locale;

/** Azure reports a region by display name ("East US") or programmatic name ("eastus"). */
public final class AzureLocations {

  private AzureLocations() {}

  /** The programmatic name, the form the spec uses; empty for no location. */
  public static String normalize(String location) {
    return location == null ? "" : location.replace(" ", "").toLowerCase(Locale.ROOT);
  }
}
