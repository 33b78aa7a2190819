package dev.operators.identity.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.graph.GraphDirectory;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The control API's Microsoft Graph part (as an administrator would, without Graph's checks):
 *
 * <pre>
 * PUT    /_emulator/graph/groups/{id}          {"displayName","isAssignableToRole":false}
 * DELETE /_emulator/graph/groups/{id}          the group and its memberships
 * GET    /_emulator/graph/groups/{id}/members  member object ids
 * PUT    /_emulator/graph/groups/{id}/members/{objectId}   a membership an admin added
 * PUT    /_emulator/graph/servicePrincipals/{id}  {"appId","displayName","appRoles":[{"id","value"}]}
 * GET    /_emulator/graph/appRoleAssignments?principalId={id}   a principal's assignments
 * POST   /_emulator/graph/appRoleAssignments   {"principalId","resourceId","appRoleId"}
 * PUT    /_emulator/graph/settings             {"replicationDelay":"PT30S","pageSize":100,
 *                                              "roleManagementGranted":false,
 *                                              "throttling":{"capacity":10,"refillPerSecond":1}|null}
 * </pre>
 */
final class GraphControlApi {
  private GraphControlApi() {}

  static ArmResponse handle(GraphDirectory graph, ArmRequest request, JsonNode body) {
    List<String> s = request.segments.subList(2, request.segments.size());
    String what = s.isEmpty() ? "" : s.get(0).toLowerCase(Locale.ROOT);
    String call = request.method + " " + what + "/" + s.size();
    switch (call) {
      case "PUT groups/2" -> {
        graph.putGroup(
            new GraphDirectory.Group(
                s.get(1),
                Json.text(body, "displayName") == null ? s.get(1) : Json.text(body, "displayName"),
                body.path("isAssignableToRole").asBoolean(false)));
        return ArmResponse.empty(204);
      }
      case "DELETE groups/2" -> {
        graph.removeGroup(s.get(1));
        return ArmResponse.empty(204);
      }
      case "GET groups/3" -> {
        ArrayNode members = Json.MAPPER.createArrayNode();
        graph.members(s.get(1)).forEach(members::add);
        return ArmResponse.of(200, members);
      }
      case "PUT groups/4" -> {
        graph.seedMember(s.get(1), s.get(3));
        return ArmResponse.empty(204);
      }
      case "PUT serviceprincipals/2" -> {
        List<GraphDirectory.AppRole> roles = new ArrayList<>();
        body.path("appRoles")
            .forEach(
                r ->
                    roles.add(
                        new GraphDirectory.AppRole(
                            Json.text(r, "id"), Json.text(r, "value"), Json.text(r, "value"))));
        graph.putResource(
            new GraphDirectory.ServicePrincipal(
                s.get(1),
                Json.text(body, "appId"),
                Json.text(body, "displayName"),
                "Application",
                List.of(),
                roles));
        return ArmResponse.empty(204);
      }
      case "GET approleassignments/1" -> {
        String principalId = request.query.get("principalid");
        if (principalId == null) {
          throw new IllegalArgumentException("query parameter 'principalId' is required");
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        graph.assignmentsOf(principalId).forEach(a -> list.add(assignment(a)));
        return ArmResponse.of(200, list);
      }
      case "POST approleassignments/1" -> {
        return ArmResponse.of(
            201,
            assignment(
                graph.seedAssignment(
                    Json.text(body, "principalId"),
                    Json.text(body, "resourceId"),
                    Json.text(body, "appRoleId"))));
      }
      case "PUT settings/1" -> {
        settings(graph, body);
        return ArmResponse.empty(204);
      }
      default ->
          throw new ArmException(
              404, "NotFound", "No control endpoint " + request.method + " " + request.path);
    }
  }

  private static void settings(GraphDirectory graph, JsonNode body) {
    if (body.hasNonNull("replicationDelay")) {
      graph.replicationDelay(Duration.parse(body.get("replicationDelay").asText()));
    }
    if (body.hasNonNull("pageSize")) {
      graph.pageSize(body.get("pageSize").asInt());
    }
    if (body.has("roleManagementGranted")) {
      graph.roleManagementGranted(body.get("roleManagementGranted").asBoolean());
    }
    if (body.has("throttling")) {
      JsonNode t = body.get("throttling");
      if (t == null || t.isNull()) {
        graph.throttlingOff();
      } else {
        graph.throttling(t.path("capacity").asInt(10), t.path("refillPerSecond").asDouble(1));
      }
    }
  }

  private static ObjectNode assignment(GraphDirectory.AppRoleAssignment a) {
    ObjectNode node = Json.object();
    node.put("id", a.id());
    node.put("principalId", a.principalId());
    node.put("resourceId", a.resourceId());
    node.put("appRoleId", a.appRoleId());
    return node;
  }
}
