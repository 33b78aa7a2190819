package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;

/**
 * An extension resource provider that ARM serves at any scope ({@code
 * {scope}/providers/{namespace}/{type}[/{name}]}, the scope being the tenant root, a management
 * group, a subscription, a resource group or a resource), e.g. Microsoft.Authorization. The router
 * asks every registered extension before its own routing.
 */
public interface ScopedExtension {
  boolean handles(ArmRequest request);

  ArmResponse handle(ArmRequest request);
}
