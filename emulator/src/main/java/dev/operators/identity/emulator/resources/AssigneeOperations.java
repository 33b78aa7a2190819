package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The assignee providers' long-running operations: how each answers a write or a delete (Web at
 * once; Compute with Azure-AsyncOperation, and Location on PATCH; Container Apps 201 with
 * Azure-AsyncOperation, 202 with Location), the operations they start (done after the emulator's
 * async operation duration), and their status and result endpoints under {@code
 * {namespace}/locations/{l}/...}.
 */
final class AssigneeOperations {
  /**
   * Retry-After on long-running answers: kept at 1 s (as the emulator's other operations) so SDK
   * pollers finish quickly; the providers' real values are larger.
   */
  static final String RETRY_AFTER = "1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AssigneeHost host;
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();

  AssigneeOperations(AssigneeHost host) {
    this.host = host;
  }

  /** A long-running operation on one resource. */
  record Operation(
      String id,
      String namespace,
      String location,
      String resourceId,
      AssigneeType type,
      boolean delete,
      Instant startedAt,
      Instant completesAt) {
    boolean done(Instant now) {
      return !now.isBefore(completesAt);
    }
  }

  AssigneeReply longRunning(
      AssigneeType type, AssigneeCall call, AssigneeWrites.Written written, boolean patch) {
    ObjectNode doc = written.document();
    return switch (type.provider()) {
      case WEB -> AssigneeReply.of(200, doc);
      case COMPUTE -> {
        // PUT 200/201 and PATCH 200 with Azure-AsyncOperation (Compute's
        // .../providers/Microsoft.Compute/locations/{l}/operations/{id}); PATCH also gives a
        // Location (monitor=true) as Compute's updates do.
        Operation op = start(type, call, doc, false);
        AssigneeReply reply =
            AssigneeReply.of(written.created() ? 201 : 200, doc)
                .header("Azure-AsyncOperation", statusUrl(op, call.apiVersion()))
                .header("Retry-After", RETRY_AFTER);
        if (patch) {
          reply.header("Location", resultUrl(op, call.apiVersion()));
        }
        yield reply;
      }
      case CONTAINER_APPS -> {
        if (patch) {
          // ContainerApps_Update: 202 + Location (default final state: the resource).
          Operation op = start(type, call, doc, false);
          yield AssigneeReply.of(202, null)
              .header("Location", resultUrl(op, call.apiVersion()))
              .header("Retry-After", RETRY_AFTER);
        }
        if (!written.created() && !written.changed()) {
          // ContainerApps_CreateOrUpdate 200: "No change performed on the Container App."
          finish(doc.path("id").asText(), type);
          yield AssigneeReply.of(200, host.get(doc.path("id").asText()).orElse(doc));
        }
        Operation op = start(type, call, doc, false);
        yield AssigneeReply.of(201, doc)
            .header("Azure-AsyncOperation", statusUrl(op, call.apiVersion()))
            .header("Retry-After", RETRY_AFTER);
      }
    };
  }

  AssigneeReply delete(AssigneeType type, AssigneeCall call, String id) {
    Optional<ObjectNode> current = host.get(id);
    if (current.isEmpty()) {
      return AssigneeReply.of(204, null);
    }
    if (type.provider() == AssigneeType.Provider.WEB) {
      host.compute(id, type.fullType(), old -> null);
      return AssigneeReply.of(200, null);
    }
    host.compute(
        id,
        type.fullType(),
        old -> {
          if (old != null && old.get("properties") instanceof ObjectNode p) {
            p.put("provisioningState", "Deleting");
          }
          return old;
        });
    Operation op = start(type, call, current.get(), true);
    AssigneeReply reply =
        AssigneeReply.of(202, null)
            .header("Location", resultUrl(op, call.apiVersion()))
            .header("Retry-After", RETRY_AFTER);
    if (type.provider() == AssigneeType.Provider.COMPUTE) {
      reply.header("Azure-AsyncOperation", statusUrl(op, call.apiVersion()));
    }
    return reply;
  }

  private Operation start(AssigneeType type, AssigneeCall call, ObjectNode doc, boolean delete) {
    String resourceId = doc.path("id").asText();
    String location =
        host.normaliseLocation(doc.path("location").asText()).orElse(doc.path("location").asText());
    Instant now = host.now();
    String opId =
        host.startOperation(
            call.subscriptionId(),
            host.asyncOperationDuration(),
            () -> {
              if (delete) {
                host.compute(resourceId, type.fullType(), old -> null);
              } else {
                finish(resourceId, type);
              }
            });
    Operation op =
        new Operation(
            opId,
            type.namespace(),
            location,
            resourceId,
            type,
            delete,
            now,
            now.plus(host.asyncOperationDuration()));
    operations.put(opId.toLowerCase(Locale.ROOT), op);
    return op;
  }

  private void finish(String resourceId, AssigneeType type) {
    host.compute(
        resourceId,
        type.fullType(),
        old -> {
          if (old != null && old.get("properties") instanceof ObjectNode p) {
            p.put("provisioningState", "Succeeded");
          }
          return old;
        });
  }

  private String statusUrl(Operation op, String apiVersion) {
    String kind =
        op.type().provider() == AssigneeType.Provider.COMPUTE
            ? "operations"
            : "containerappOperationStatuses";
    return opUrl(
        op,
        kind,
        apiVersion,
        op.type().provider() == AssigneeType.Provider.COMPUTE ? "" : "&azureAsyncOperation=true");
  }

  private String resultUrl(Operation op, String apiVersion) {
    return op.type().provider() == AssigneeType.Provider.COMPUTE
        ? opUrl(op, "operations", apiVersion, "&monitor=true")
        : opUrl(op, "containerappOperationResults", apiVersion, "");
  }

  private String opUrl(Operation op, String kind, String apiVersion, String extra) {
    String subscription = op.resourceId().split("/")[2];
    return host.baseUrl()
        + "/subscriptions/"
        + subscription
        + "/providers/"
        + op.namespace()
        + "/locations/"
        + op.location()
        + "/"
        + kind
        + "/"
        + op.id()
        + "?api-version="
        + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8)
        + extra;
  }

  /**
   * {@code GET /subscriptions/{s}/providers/{namespace}/locations/{l}/{kind}/{id}}: Compute's
   * {@code operations/{id}} (status body; with {@code monitor=true}, Location semantics) and
   * Container Apps' {@code containerappOperationStatuses/{id}} (status body) and {@code
   * containerappOperationResults/{id}} (Location semantics: 202 while running, then 200 with the
   * resource, or 204 after a delete).
   */
  AssigneeReply handleLocations(String namespace, AssigneeCall call) {
    List<String> rest = call.rest();
    if (call.name() == null || rest.size() != 2 || !call.method().equals("GET")) {
      throw new AssigneeError(
          404,
          "NotFound",
          "No HTTP resource was found that matches the request URI '" + call.path() + "'.");
    }
    String kind = rest.get(0).toLowerCase(Locale.ROOT);
    Operation op = operations.get(rest.get(1).toLowerCase(Locale.ROOT));
    boolean kindMatches =
        namespace.equalsIgnoreCase("Microsoft.Compute")
            ? kind.equals("operations")
            : kind.equals("containerappoperationstatuses")
                || kind.equals("containerappoperationresults");
    if (op == null || !kindMatches || !op.namespace().equalsIgnoreCase(namespace)) {
      throw new AssigneeError(
          404, "OperationNotFound", "The operation '" + rest.get(1) + "' could not be found.");
    }
    boolean locationSemantics =
        kind.equals("containerappoperationresults") || "true".equals(call.query().get("monitor"));
    if (locationSemantics) {
      if (!op.done(host.now())) {
        return AssigneeReply.of(202, null)
            .header("Location", host.baseUrl() + call.path() + query(call))
            .header("Retry-After", RETRY_AFTER);
      }
      if (op.delete()) {
        return AssigneeReply.of(
            op.type().provider() == AssigneeType.Provider.COMPUTE ? 200 : 204, null);
      }
      return host.get(op.resourceId())
          .map(d -> AssigneeReply.of(200, d))
          .orElseGet(() -> AssigneeReply.of(204, null));
    }
    ObjectNode status = JSON.createObjectNode();
    if (op.type().provider() == AssigneeType.Provider.CONTAINER_APPS) {
      status.put("id", call.path());
    }
    status.put("name", op.id());
    boolean done = op.done(host.now());
    status.put("status", done ? "Succeeded" : "InProgress");
    status.put("startTime", op.startedAt().toString());
    if (done) {
      status.put("endTime", op.completesAt().toString());
    }
    return AssigneeReply.of(200, status);
  }

  private static String query(AssigneeCall call) {
    StringBuilder q = new StringBuilder();
    call.query()
        .forEach(
            (k, v) ->
                q.append(q.length() == 0 ? "?" : "&")
                    .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return q.toString();
  }

  /** Forgets every operation (emulator reset). */
  void clear() {
    operations.clear();
  }
}
