package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzureRequestException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Runs a part; Azure failures become its result instead of failing the whole reconcile. */
final class GuardedPart {

  private static final Logger LOG = LoggerFactory.getLogger(UserAssignedIdentityReconciler.class);
  private static final String REQUEST_ID_MDC = "azure.requestId";

  private GuardedPart() {}

  static PartResult run(Supplier<PartResult> part) {
    try {
      return part.get();
    } catch (AzureRequestException e) {
      // The Azure request ID as a log field (JSON logs), for Azure support tickets.
      e.requestId().ifPresent(id -> MDC.put(REQUEST_ID_MDC, id));
      try {
        LOG.warn("azure call failed requestId={}: {}", e.requestId().orElse("-"), e.getMessage());
      } finally {
        MDC.remove(REQUEST_ID_MDC);
      }
      return PartResult.azureFailure(e);
    }
  }
}
