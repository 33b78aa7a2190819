package dev.operators.identity.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The control API's Microsoft.Authorization part:
 *
 * <pre>
 * GET    /_emulator/denials                    active denials; POST adds {"actionRegex","scopePrefix"}; DELETE clears
 * GET    /_emulator/roleAssignments            every role assignment, any scope
 * PUT    /_emulator/roleAssignments?id={assignmentId}   body as ARM's PUT: created as an admin would
 * PUT    /_emulator/managementGroups/{id}      optional body {"parentId","subscriptionIds":[...]}
 * PUT    /_emulator/principals/{objectId}?principalType=User   a replicated directory principal
 * DELETE /_emulator/principals/{objectId}      the principal deleted from the directory
 * </pre>
 */
final class AuthorizationControlApi {
  private AuthorizationControlApi() {}

  static boolean serves(String what) {
    return switch (what) {
      case "denials", "roleassignments", "managementgroups", "principals" -> true;
      default -> false;
    };
  }

  static ArmResponse handle(DefaultEmulatorControl control, ArmRequest request) {
    List<String> s = request.segments;
    String what = s.get(1).toLowerCase(Locale.ROOT);
    String call = request.method + " " + what + (s.size() > 2 ? "/*" : "");
    switch (call) {
      case "GET denials" -> {
        ArrayNode list = Json.MAPPER.createArrayNode();
        control
            .denials()
            .forEach(
                d ->
                    list.addObject()
                        .put("actionRegex", d.actionRegex())
                        .put("scopePrefix", d.scopePrefix()));
        return ArmResponse.of(200, list);
      }
      case "POST denials" -> {
        JsonNode body = body(request);
        String regex = Json.text(body, "actionRegex");
        if (regex == null) {
          throw new IllegalArgumentException("'actionRegex' is required");
        }
        control.denyAction(regex, Json.text(body, "scopePrefix"));
        return ArmResponse.empty(204);
      }
      case "DELETE denials" -> {
        control.clearDenials();
        return ArmResponse.empty(204);
      }
      case "GET roleassignments" -> {
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        control.roleAssignments().forEach(value::add);
        return ArmResponse.of(200, body);
      }
      case "PUT roleassignments" -> {
        String id = request.query.get("id");
        if (id == null) {
          throw new IllegalArgumentException(
              "query parameter 'id' (the assignment's id) is required");
        }
        return ArmResponse.of(200, control.putRoleAssignment(id, body(request)));
      }
      case "PUT managementgroups/*" -> {
        JsonNode body = body(request);
        List<String> subscriptions = new ArrayList<>();
        body.path("subscriptionIds").forEach(n -> subscriptions.add(n.asText()));
        control.createManagementGroup(s.get(2), Json.text(body, "parentId"), subscriptions);
        return ArmResponse.empty(204);
      }
      case "PUT principals/*" -> {
        String type = request.query.getOrDefault("principaltype", "ServicePrincipal");
        control.addPrincipal(s.get(2), type);
        return ArmResponse.empty(204);
      }
      case "DELETE principals/*" -> {
        control.removePrincipal(s.get(2));
        return ArmResponse.empty(204);
      }
      default ->
          throw new ArmException(
              404, "NotFound", "No control endpoint " + request.method + " " + request.path);
    }
  }

  private static JsonNode body(ArmRequest request) {
    try {
      return request.body.length == 0 ? Json.object() : Json.MAPPER.readTree(request.body);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
    }
  }
}
