package dev.operators.identity.operator.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events; a failure to write one is logged, never fails a reconcile. */
public final class KubernetesEventRecorder implements EventRecorder {

  static final String COMPONENT = "azure-identity-operator";

  /** Where events of cluster-scoped objects go. */
  public static final String CLUSTER_EVENTS_NAMESPACE = "default";

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;

  public KubernetesEventRecorder(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  @Override
  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  /**
   * One Event per object, type, reason and message, as client-go's recorder aggregates them: a
   * repeat increments its count and last timestamp instead of adding an Event. Azure request IDs
   * are left out (each retry has a new one); they stay in the logs and the status.
   */
  private void record(HasMetadata resource, String type, String reason, String message) {
    var meta = resource.getMetadata();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String stripped = StatusDraft.withoutRequestIds(message);
    String text = stripped.length() > MAX_MESSAGE ? stripped.substring(0, MAX_MESSAGE) : stripped;
    LOG.info(
        "event type={} reason={} namespace={} name={} message={}",
        type,
        reason,
        meta.getNamespace(),
        meta.getName(),
        text);
    String name = meta.getName() + "." + key(meta.getUid(), type, reason, text);
    // Events of a cluster-scoped object (a sweep) live in "default", as Kubernetes' own do.
    String namespace = meta.getNamespace() == null ? CLUSTER_EVENTS_NAMESPACE : meta.getNamespace();
    var events = client.v1().events().inNamespace(namespace);
    try {
      events
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(resource.getApiVersion())
                          .withKind(resource.getKind())
                          .withName(meta.getName())
                          .withNamespace(meta.getNamespace())
                          .withUid(meta.getUid())
                          .withResourceVersion(meta.getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(text)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        repeat(events.withName(name), now, meta);
        return;
      }
      LOG.warn(
          "could not record event {} for {}/{}", reason, meta.getNamespace(), meta.getName(), e);
    }
  }

  private static void repeat(Resource<Event> event, String now, ObjectMeta meta) {
    try {
      event.edit(
          e -> {
            e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
            e.setLastTimestamp(now);
            return e;
          });
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not update a repeated event for {}/{}", meta.getNamespace(), meta.getName(), e);
    }
  }

  /** The same object, type, reason and message always give the same Event name. */
  static String key(String uid, String type, String reason, String message) {
    byte[] seed =
        (uid + "|" + type + "|" + reason + "|" + message).getBytes(StandardCharsets.UTF_8);
    return UUID.nameUUIDFromBytes(seed).toString().replace("-", "").substring(0, 16);
  }
}
