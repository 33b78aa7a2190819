package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.Paging;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;

/** Microsoft.Resources subscriptions: {@code GET /subscriptions} and {@code /subscriptions/{s}}. */
public final class SubscriptionHandler {
  private final EmulatorState state;

  public SubscriptionHandler(EmulatorState state) {
    this.state = state;
  }

  public ArmResponse list(ArmRequest request) {
    if (!request.method.equals("GET")) {
      throw ArmErrors.methodNotAllowed(request.method);
    }
    return ArmResponse.of(
        200, Paging.page(state, request, state.config().subscriptionIds(), this::render));
  }

  public ArmResponse get(ArmRequest request, String subscriptionId) {
    if (!request.method.equals("GET")) {
      throw ArmErrors.methodNotAllowed(request.method);
    }
    return ArmResponse.of(200, render(subscriptionId));
  }

  /**
   * {@code GET /subscriptions/{s}/locations}: the regions of the cloud, as ARM lists them
   * (programmatic name, display name, type Region; the public list is not paged).
   */
  public ArmResponse locations(ArmRequest request, String subscriptionId) {
    if (!request.method.equals("GET")) {
      throw ArmErrors.methodNotAllowed(request.method);
    }
    ObjectNode doc = Json.object();
    var value = doc.putArray("value");
    for (String location : state.config().orderedLocations()) {
      ObjectNode entry = value.addObject();
      entry.put("id", ArmIds.subscription(subscriptionId) + "/locations/" + location);
      entry.put("name", location);
      entry.put("type", "Region");
      entry.put("displayName", location);
      entry.put("regionalDisplayName", location);
      entry.putObject("metadata").put("regionType", "Physical");
    }
    return ArmResponse.of(200, doc);
  }

  ObjectNode render(String subscriptionId) {
    ObjectNode doc = Json.object();
    doc.put("id", ArmIds.subscription(subscriptionId));
    doc.put("authorizationSource", "RoleBased");
    doc.putArray("managedByTenants");
    doc.put("subscriptionId", subscriptionId);
    doc.put("tenantId", state.config().tenantId());
    int index = state.config().subscriptionIds().indexOf(subscriptionId) + 1;
    doc.put("displayName", "Emulated subscription " + index);
    doc.put("state", "Enabled");
    ObjectNode policies = doc.putObject("subscriptionPolicies");
    policies.put("locationPlacementId", "Public_2014-09-01");
    policies.put("quotaId", "PayAsYouGo_2014-09-01");
    policies.put("spendingLimit", "Off");
    return doc;
  }
}
