package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.emulator.entra.TokenService;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;

/**
 * What ARM does with a request before and around the resource provider: authentication, api-version
 * presence, subscription existence, throttling, then routing; errors become ARM error answers.
 */
public final class ArmPipeline {
  private final EmulatorState state;
  private final ArmAuthenticator authenticator;
  private final ThrottlingPolicy throttling;
  private final AsyncOperations operations;
  private final ArmRouter router;

  public ArmPipeline(
      EmulatorState state,
      TokenService tokens,
      ThrottlingPolicy throttling,
      AsyncOperations operations,
      ArmRouter router) {
    this.state = state;
    this.authenticator =
        new ArmAuthenticator(tokens, state.config().tenantId(), state.baseUrl().toString());
    this.throttling = throttling;
    this.operations = operations;
    this.router = router;
  }

  public static boolean isArmPath(String firstSegment) {
    return firstSegment.equalsIgnoreCase("subscriptions")
        || firstSegment.equalsIgnoreCase("providers")
        || firstSegment.equalsIgnoreCase("tenants");
  }

  public ArmResponse serve(ArmRequest request) {
    operations.completeDue();
    String[] rateHeader = null;
    ArmResponse response;
    try {
      request.authenticatedAs(authenticator.authenticate(request));
      if (request.hasMalformedPath()) {
        throw ArmErrors.invalidRequestUri(request.path);
      }
      if (request.apiVersion() == null || request.apiVersion().isBlank()) {
        throw ArmErrors.missingApiVersion();
      }
      if (request.lower(0).equals("subscriptions") && request.segments.size() >= 2) {
        String subscriptionId =
            state
                .subscription(request.segments.get(1))
                .orElseThrow(() -> ArmErrors.subscriptionNotFound(request.segments.get(1)));
        rateHeader = throttling.consume(subscriptionId, request.method, request.callerObjectId());
      }
      response = router.route(request);
    } catch (ArmException e) {
      response = e.toResponse();
    }
    if (rateHeader != null && !response.headers.containsKey(rateHeader[0])) {
      response.header(rateHeader[0], rateHeader[1]);
    }
    return response;
  }

  /** The error an injected status fault answers with (429 in ARM's throttling shape). */
  public ArmResponse injectedFault(ArmRequest request, FaultRule rule) {
    if (rule.status() == 429) {
      String subscription =
          request.segments.size() >= 2 ? request.segments.get(1) : state.config().tenantId();
      return ArmErrors.throttled(
              RequestKind.of(request.method).word,
              subscription,
              "unknown",
              Math.max(1, rule.retryAfterSeconds()))
          .toResponse();
    }
    return ArmErrors.injected(rule.status(), rule.retryAfterSeconds(), state.now()).toResponse();
  }
}
