package dev.operators.identity.operator.azure;

import java.util.Set;

/** The regions of the cloud, as a subscription sees them: where an identity may be created. */
public interface RegionPort {

  /** Programmatic region names (eastus, westeurope) available to the subscription. */
  Set<String> regions(String subscriptionId);
}
