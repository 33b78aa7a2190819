package dev.operators.identity.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * The informer cache of a kind the operator keeps thousands of: what the reconciler reads, without
 * {@code metadata.managedFields}.
 *
 * <p>A real API server records, on every object, which manager set which field: for an identity
 * whose status the operator writes, an entry per manager listing every field of every condition,
 * often as large as the rest of the object, and of no use to the operator (it never applies
 * server-side). Dropping it from the cache is safe: a write that omits {@code managedFields} leaves
 * the server's as they are.
 */
public final class PrunedCache {

  private PrunedCache() {}

  /** An item store (JOSDK's transforming one) that keeps resources without their managed fields. */
  public static <R extends HasMetadata> ItemStore<R> withoutManagedFields() {
    return new TransformingItemStore<>(PrunedCache::prune);
  }

  /** The resource itself, its managed fields dropped (it is the informer's fresh copy). */
  static <R extends HasMetadata> R prune(R resource) {
    if (resource.getMetadata() != null) {
      resource.getMetadata().setManagedFields(null);
    }
    return resource;
  }
}
