package dev.operators.identity.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Events kept in memory as "Type Reason: message". */
public final class RecordingEvents implements EventRecorder {

  /** Also for the sweep's tests, in their own package. */
  public final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void normal(HasMetadata resource, String reason, String message) {
    events.add("Normal " + reason + ": " + message);
  }

  @Override
  public void warning(HasMetadata resource, String reason, String message) {
    events.add("Warning " + reason + ": " + message);
  }

  List<String> reasons() {
    return events.stream().map(e -> e.substring(0, e.indexOf(':'))).toList();
  }
}
