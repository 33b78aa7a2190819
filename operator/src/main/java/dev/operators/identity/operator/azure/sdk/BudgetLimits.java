package dev.operators.identity.operator.azure.sdk;

import java.time.Duration;

/**
 * The limits the operator's request budget ({@link RequestBudget}) spaces its requests by: ARM's
 * token buckets per subscription, calling principal and kind (ARM-FACTS: reads 250 refilled 25 per
 * second, writes and deletes 200 refilled 10 per second), the managed identity provider's own rates
 * (create/update 2 per second per subscription, 10 per tenant, 0.25 per identity; GET 10 per
 * subscription, 0.5 per identity; list 5 per subscription; delete 2 per subscription, 0.25 per
 * identity; each a bucket of one second's worth, at least one), and how long a request may wait.
 *
 * @param scale a factor on every rate and bucket size (1 for Azure; a benchmark against a faster
 *     emulator sets its own)
 * @param maxWait the longest a first pass's request waits in the calling thread; a longer wait
 *     postpones its pass instead
 * @param resyncReserve the share of each ARM bucket a resync leaves to first passes
 */
record BudgetLimits(double scale, Duration maxWait, double resyncReserve) {

  /** The longest wait in a reconcile thread: short, so other subscriptions keep flowing. */
  static final Duration MAX_WAIT = Duration.ofSeconds(1);

  /** Azure's published limits, a wait of at most a second, a fifth of ARM's buckets reserved. */
  static BudgetLimits azure() {
    return new BudgetLimits(1, MAX_WAIT, 0.2);
  }

  BudgetLimits withScale(double factor) {
    return new BudgetLimits(factor, maxWait, resyncReserve);
  }

  /** ARM's bucket size for a kind. */
  double armCapacity(BudgetedRequest.ArmKind kind) {
    return scale * (kind == BudgetedRequest.ArmKind.READ ? 250 : 200);
  }

  /**
   * The tokens of ARM's bucket a resync leaves to first passes: a share of the bucket, never more
   * than that share of Azure's own bucket (a budget scaled up still meets Azure's remaining-counts,
   * which lower its buckets to what ARM holds).
   */
  double armResyncReserve(BudgetedRequest.ArmKind kind) {
    return resyncReserve * Math.min(armCapacity(kind), armCapacity(kind) / scale);
  }

  /** ARM's refill per second for a kind. */
  double armRate(BudgetedRequest.ArmKind kind) {
    return scale * (kind == BudgetedRequest.ArmKind.READ ? 25 : 10);
  }

  /** The provider's rate per subscription for an operation. */
  double providerPerSubscription(BudgetedRequest.ProviderOperation operation) {
    return scale
        * switch (operation) {
          case WRITE, DELETE -> 2;
          case READ -> 10;
          case LIST -> 5;
        };
  }

  /** The provider's rate per identity for an operation (none for lists). */
  double providerPerIdentity(BudgetedRequest.ProviderOperation operation) {
    return scale
        * switch (operation) {
          case WRITE, DELETE -> 0.25;
          case READ -> 0.5;
          case LIST -> 0;
        };
  }

  /** The provider's create/update rate per tenant. */
  double providerWritesPerTenant() {
    return scale * 10;
  }
}
