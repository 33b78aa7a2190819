package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.ArmId;
import java.util.Optional;

/** What the steps need to know about declared ARM scopes, read through {@link ArmId}. */
final class AzureScopes {

  private AzureScopes() {}

  /**
   * The subscription or management group a declared scope belongs to: where the operator lists the
   * principal's assignments. Empty for a value that is not a scope (never searched).
   */
  static Optional<String> searchRoot(String scope) {
    return ArmId.tryParse(scope, ArmId.Shape.SCOPE).map(ArmId::searchRoot);
  }

  static String subscriptionScope(String subscriptionId) {
    return ArmId.subscriptionScope(subscriptionId);
  }

  /** A management group or a whole subscription: broad enough to be privileged by itself. */
  static boolean isBroad(String scope) {
    return ArmId.tryParse(scope, ArmId.Shape.SCOPE).filter(ArmId::isBroad).isPresent();
  }
}
