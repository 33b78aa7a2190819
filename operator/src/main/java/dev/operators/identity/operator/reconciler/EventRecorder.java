package dev.operators.identity.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Kubernetes events about a resource: every Azure change, and every new problem. */
public interface EventRecorder {

  void normal(HasMetadata resource, String reason, String message);

  void warning(HasMetadata resource, String reason, String message);
}
