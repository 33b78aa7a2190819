package dev.operators.identity.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.operators.identity.emulator.arm.ArmPipeline;
import dev.operators.identity.emulator.arm.ArmRouter;
import dev.operators.identity.emulator.control.EmulatorControlApi;
import dev.operators.identity.emulator.control.FaultInjector;
import dev.operators.identity.emulator.control.RequestLog;
import dev.operators.identity.emulator.entra.EntraEndpoints;
import dev.operators.identity.emulator.graph.GraphEndpoints;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The single HTTP entry point: control API under {@code /_emulator/}, ARM under {@code
 * /subscriptions} (and {@code /providers}, {@code /tenants}), Entra ID for everything else. Applies
 * faults, adds ARM's standard headers and records every ARM/Entra request.
 */
final class EmulatorHttpHandler implements HttpHandler {
  private final ArmPipeline arm;
  private final EntraEndpoints entra;
  private final GraphEndpoints graph;
  private final EmulatorControlApi controlApi;
  private final FaultInjector faults;
  private final RequestLog log;
  private final Clock clock;

  EmulatorHttpHandler(
      ArmPipeline arm,
      EntraEndpoints entra,
      GraphEndpoints graph,
      EmulatorControlApi controlApi,
      FaultInjector faults,
      RequestLog log,
      Clock clock) {
    this.arm = arm;
    this.entra = entra;
    this.graph = graph;
    this.controlApi = controlApi;
    this.faults = faults;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // When the request arrived by the emulator's clock; how long it took to answer in real time
    // (an injected latency is a real wait).
    Arrival start = new Arrival(clock.instant(), System.nanoTime());
    try {
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestURI().getScheme() == null
          && exchange.getRequestURI().getAuthority() != null) {
        // "//subscriptions/..." (the SDKs put "{scope}" after "/" and scopes start with "/"):
        // java.net.URI reads the first segment as an authority; ARM treats it as a path.
        path = "/" + exchange.getRequestURI().getAuthority() + (path == null ? "" : path);
      }
      String rawQuery = exchange.getRequestURI().getRawQuery();
      byte[] body = exchange.getRequestBody().readAllBytes();
      ArmRequest request =
          new ArmRequest(
              exchange.getRequestMethod(), path, rawQuery, exchange.getRequestHeaders(), body);
      if (request.lower(0).equals("_emulator")) {
        write(exchange, request, controlApi.handle(request));
        return;
      }
      serve(exchange, request, start);
    } catch (RuntimeException | Error e) {
      System.err.println("ARM emulator: unexpected failure: " + e);
      e.printStackTrace();
      if (exchange.getResponseCode() == -1) {
        var error = new ArmException(500, "InternalServerError", "Emulator failure: " + e);
        write(
            exchange,
            new ArmRequest("GET", "/", null, exchange.getRequestHeaders(), null),
            error.toResponse());
      }
    } finally {
      exchange.close();
    }
  }

  /** When a request arrived: the emulator's time, and the real time to measure its duration. */
  private record Arrival(Instant time, long nanos) {}

  private void serve(HttpExchange exchange, ArmRequest request, Arrival start) throws IOException {
    boolean isArm = !request.segments.isEmpty() && ArmPipeline.isArmPath(request.segments.get(0));
    String requestId = UUID.randomUUID().toString();
    String correlationId =
        Optional.ofNullable(request.header("x-ms-correlation-request-id"))
            .orElseGet(() -> UUID.randomUUID().toString());
    Optional<FaultRule> fault = faults.match(request.method, request.path);
    RequestLog.Entry arrival =
        log.arrived(
            record(request, isArm, 0, requestId, correlationId, null, start, fault.orElse(null)));
    if (fault.isPresent() && fault.get().kind() == FaultRule.FaultKind.DROP_CONNECTION) {
      return; // closing the exchange without a response closes the connection
    }
    if (fault.isPresent() && fault.get().kind() == FaultRule.FaultKind.HOLD_THEN_DROP) {
      hold(request, isArm, requestId, correlationId, start, fault.get());
      return; // never applied, never answered
    }
    ArmResponse response;
    try {
      response = answer(request, isArm, correlationId, fault);
    } catch (RuntimeException | Error e) {
      log.completed(
          arrival,
          record(
              request,
              isArm,
              500,
              requestId,
              correlationId,
              "InternalServerError",
              start,
              fault.orElse(null)));
      throw e;
    }
    if (fault.isPresent() && fault.get().kind() == FaultRule.FaultKind.APPLY_THEN_DROP) {
      hold(request, isArm, requestId, correlationId, start, fault.get());
      return; // applied, never answered
    }
    response.header("x-ms-request-id", requestId);
    if (isArm) {
      response.header("x-ms-correlation-request-id", correlationId);
      response.header(
          "x-ms-routing-request-id", "EMULATOR:" + start.time().toString() + ":" + requestId);
      response.header("Cache-Control", "no-cache");
      response.header("Pragma", "no-cache");
      response.header("Expires", "-1");
      response.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
      response.header("X-Content-Type-Options", "nosniff");
    } else {
      String clientRequestId = request.header("client-request-id");
      if (clientRequestId != null) {
        response.header("client-request-id", clientRequestId);
      }
      response.header("Cache-Control", "no-store, no-cache");
    }
    String clientRequestId = request.header("x-ms-client-request-id");
    if (isArm && clientRequestId != null) {
      response.header("x-ms-client-request-id", clientRequestId);
    }
    // Completed before the answer goes out: a client that has its answer finds it in the log.
    log.completed(
        arrival,
        record(
            request,
            isArm,
            response.status,
            requestId,
            correlationId,
            response.errorCode,
            start,
            fault.orElse(null)));
    write(exchange, request, response);
  }

  private ArmResponse answer(
      ArmRequest request, boolean isArm, String correlationId, Optional<FaultRule> fault) {
    if (fault.isPresent() && fault.get().kind() == FaultRule.FaultKind.STATUS) {
      return arm.injectedFault(request, fault.get());
    }
    if (fault.isPresent() && fault.get().kind() == FaultRule.FaultKind.LATENCY) {
      sleep(fault.get().latency());
    }
    if (isArm) {
      return arm.serve(request);
    }
    return GraphEndpoints.isGraphPath(request)
        ? graph.handle(request)
        : entra.handle(request.method, request.segments, request.body, correlationId);
  }

  /** Holds the request (shown unanswered, under its fault) until released or its time is up. */
  private void hold(
      ArmRequest request,
      boolean isArm,
      String requestId,
      String correlationId,
      Arrival start,
      FaultRule fault) {
    faults
        .held()
        .hold(
            record(request, isArm, 0, requestId, correlationId, null, start, fault),
            fault.latency());
  }

  private static RecordedRequest record(
      ArmRequest request,
      boolean isArm,
      int status,
      String requestId,
      String correlationId,
      String errorCode,
      Arrival start,
      FaultRule fault) {
    return new RecordedRequest(
        request.method,
        request.path,
        Optional.ofNullable(request.query.isEmpty() ? null : rawQuery(request)).orElse(""),
        status,
        requestId,
        correlationId,
        request.header("x-ms-client-request-id"),
        isArm
            ? ArmRouter.resourceType(request.segments)
            : (GraphEndpoints.isGraphPath(request) ? "Graph/" : "Entra/") + entraKind(request),
        errorCode,
        start.time(),
        Duration.ofNanos(System.nanoTime() - start.nanos()),
        fault == null ? null : fault.describe());
  }

  private static String rawQuery(ArmRequest request) {
    StringBuilder sb = new StringBuilder();
    request.query.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
    return sb.toString();
  }

  private static String entraKind(ArmRequest request) {
    String last =
        request.segments.isEmpty() ? "" : request.segments.get(request.segments.size() - 1);
    return switch (last.toLowerCase(java.util.Locale.ROOT)) {
      case "token" -> "token";
      case "openid-configuration" -> "metadata";
      case "keys" -> "keys";
      default -> last;
    };
  }

  private static void sleep(Duration latency) {
    try {
      Thread.sleep(latency.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void write(HttpExchange exchange, ArmRequest request, ArmResponse response)
      throws IOException {
    var headers = exchange.getResponseHeaders();
    response.headers.forEach(headers::set);
    byte[] bytes = response.body == null ? null : Json.bytes(response.body);
    if (bytes != null) {
      headers.set("Content-Type", "application/json; charset=utf-8");
    }
    boolean noBody = bytes == null || request.method.equals("HEAD") || response.status == 204;
    if (noBody) {
      exchange.sendResponseHeaders(response.status, -1);
      return;
    }
    exchange.sendResponseHeaders(response.status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
