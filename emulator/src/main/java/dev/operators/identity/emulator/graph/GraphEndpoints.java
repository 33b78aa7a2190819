package dev.operators.identity.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.entra.TokenService;
import dev.operators.identity.emulator.graph.GraphDirectory.AppRoleAssignment;
import dev.operators.identity.emulator.graph.GraphDirectory.Group;
import dev.operators.identity.emulator.graph.GraphDirectory.ServicePrincipal;
import dev.operators.identity.emulator.graph.GraphErrors.GraphException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph v1.0 under {@code /v1.0/} on the emulator's HTTPS port (so the Graph SDK's base
 * URL is {@code https://127.0.0.1:PORT/v1.0}): the service principal, group membership and app role
 * assignment endpoints the operator uses, with Graph's token audience, errors, paging
 * ({@code @odata.nextLink}) and throttling.
 */
public final class GraphEndpoints {
  private static final Pattern APP_ID_FILTER =
      Pattern.compile("\\s*appId\\s+eq\\s+'([^']*)'\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIRECTORY_OBJECT =
      Pattern.compile("(?i).*/directoryObjects/([0-9a-f-]{36})/?$");

  private final GraphDirectory directory;
  private final TokenService tokens;
  private final String tenantId;
  private final String serviceRoot;

  public GraphEndpoints(
      GraphDirectory directory, TokenService tokens, String tenantId, String baseUrl) {
    this.directory = directory;
    this.tokens = tokens;
    this.tenantId = tenantId;
    this.serviceRoot = baseUrl + "/v1.0";
  }

  /** Whether the path is Graph's ({@code /v1.0/...}). */
  public static boolean isGraphPath(ArmRequest request) {
    return request.lower(0).equals("v1.0");
  }

  public ArmResponse handle(ArmRequest request) {
    String requestId = UUID.randomUUID().toString();
    ArmResponse response;
    try {
      authenticate(request);
      long wait = directory.throttleWait();
      if (wait > 0) {
        throw GraphErrors.throttled(wait);
      }
      response = route(request, request.segments.subList(1, request.segments.size()));
    } catch (GraphException e) {
      response = GraphErrors.render(e, request, requestId, directory.now());
    }
    response.header("request-id", requestId);
    return response;
  }

  private void authenticate(ArmRequest request) {
    String header = request.header("Authorization");
    if (header == null || header.isBlank()) {
      throw GraphErrors.unauthorized("Access token is empty.");
    }
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      throw GraphErrors.unauthorized("Access token validation failure.");
    }
    TokenService.VerifiedToken token =
        tokens
            .verify(parts[1].trim())
            .orElseThrow(() -> GraphErrors.unauthorized("Access token validation failure."));
    if (!TokenService.isGraphAudience(token.audience())) {
      throw GraphErrors.unauthorized("Access token validation failure. Invalid audience.");
    }
    if (!tenantId.equalsIgnoreCase(token.tenantId())) {
      throw GraphErrors.unauthorized("Access token validation failure. Invalid issuer.");
    }
    if (!token.expiry().isAfter(tokens.now())) {
      throw GraphErrors.unauthorized("Lifetime validation failed, the token is expired.");
    }
    request.authenticatedAs(token.objectId());
  }

  private ArmResponse route(ArmRequest request, List<String> s) {
    String collection = s.isEmpty() ? "" : s.get(0).toLowerCase(Locale.ROOT);
    String call = request.method + " " + collection + "/" + (s.size() - 1);
    String relation = s.size() > 2 ? s.get(2).toLowerCase(Locale.ROOT) : "";
    switch (call) {
      case "GET serviceprincipals/0":
        return list(request, servicePrincipalsFiltered(request), this::servicePrincipalJson);
      case "GET serviceprincipals/1":
        return ok(servicePrincipalJson(servicePrincipal(s.get(1))));
      case "GET groups/1":
        return ok(groupJson(group(s.get(1))));
      default:
        break;
    }
    if (collection.equals("serviceprincipals") && s.size() >= 3) {
      return servicePrincipalRelation(request, servicePrincipal(s.get(1)), relation, s);
    }
    if (collection.equals("groups") && s.size() >= 3 && relation.equals("members")) {
      return members(request, group(s.get(1)), s);
    }
    throw GraphErrors.badRequest(
        "Resource not found for the segment '" + (s.isEmpty() ? "" : s.get(s.size() - 1)) + "'.");
  }

  private ArmResponse servicePrincipalRelation(
      ArmRequest request, ServicePrincipal sp, String relation, List<String> s) {
    String call = request.method + " " + relation + "/" + s.size();
    switch (call) {
      case "GET memberof/3":
        return list(request, directory.memberOf(sp.id()), this::groupJson);
      case "GET approleassignments/3":
        return list(request, directory.assignmentsOf(sp.id()), this::assignmentJson);
      case "GET approleassignedto/3":
        return list(request, directory.assignmentsOn(sp.id()), this::assignmentJson);
      case "POST approleassignments/3":
      case "POST approleassignedto/3":
        return assign(request, sp, relation.equals("approleassignedto"));
      case "DELETE approleassignments/4":
      case "DELETE approleassignedto/4":
        {
          AppRoleAssignment existing =
              directory
                  .assignment(s.get(3))
                  .filter(
                      a ->
                          relation.equals("approleassignedto")
                              ? a.resourceId().equalsIgnoreCase(sp.id())
                              : a.principalId().equalsIgnoreCase(sp.id()))
                  .orElseThrow(() -> GraphErrors.notFound(s.get(3)));
          directory.unassign(existing.id());
          return ArmResponse.empty(204);
        }
      default:
        throw GraphErrors.badRequest(
            "Resource not found for the segment '" + s.get(s.size() - 1) + "'.");
    }
  }

  /** {@code POST .../appRoleAssignedTo} (on the resource) or {@code .../appRoleAssignments}. */
  private ArmResponse assign(ArmRequest request, ServicePrincipal onPath, boolean onResource) {
    JsonNode body = body(request);
    String principalId = Json.text(body, "principalId");
    String resourceId = Json.text(body, "resourceId");
    String appRoleId = Json.text(body, "appRoleId");
    if (principalId == null || resourceId == null || appRoleId == null) {
      throw GraphErrors.badRequest(
          "Invalid value specified for property 'principalId', 'resourceId' or 'appRoleId'.");
    }
    String pathId = onResource ? resourceId : principalId;
    if (!pathId.equalsIgnoreCase(onPath.id())) {
      throw GraphErrors.badRequest(
          "The "
              + (onResource ? "resourceId" : "principalId")
              + " in the request body must match the service principal in the request URL.");
    }
    ServicePrincipal principal = servicePrincipal(principalId);
    ServicePrincipal resource = servicePrincipal(resourceId);
    boolean declared =
        resource.appRoles().stream().anyMatch(r -> r.id().equalsIgnoreCase(appRoleId));
    if (!declared) {
      // Wording as reported by Graph's clients for an app role ID the resource does not declare.
      throw GraphErrors.badRequest(
          "Permission being assigned was not found on application '" + resource.appId() + "'.");
    }
    AppRoleAssignment created =
        directory
            .assign(principal.id(), resource.id(), appRoleId)
            .orElseThrow(
                () ->
                    GraphErrors.badRequest(
                        "Permission being assigned already exists on the object"));
    return ArmResponse.of(201, assignmentJson(created));
  }

  private ArmResponse members(ArmRequest request, Group group, List<String> s) {
    boolean ref = s.get(s.size() - 1).equals("$ref");
    if (request.method.equals("GET") && s.size() == 3) {
      List<ServicePrincipal> principals =
          directory.members(group.id()).stream()
              .map(id -> directory.servicePrincipal(id).orElse(null))
              .filter(sp -> sp != null)
              .toList();
      return list(request, principals, this::servicePrincipalJson);
    }
    if (request.method.equals("POST") && s.size() == 4 && ref) {
      String reference = Json.text(body(request), "@odata.id");
      Matcher m = DIRECTORY_OBJECT.matcher(reference == null ? "" : reference);
      if (!m.matches()) {
        throw GraphErrors.badRequest("Invalid object identifier '" + reference + "'.");
      }
      ServicePrincipal member = servicePrincipal(m.group(1));
      refuseRoleAssignable(group);
      if (!directory.addMember(group.id(), member.id())) {
        throw GraphErrors.alreadyMember();
      }
      return ArmResponse.empty(204);
    }
    if (request.method.equals("DELETE") && s.size() == 5 && ref) {
      refuseRoleAssignable(group);
      if (!directory.removeMember(group.id(), s.get(3))) {
        throw GraphErrors.notFound(s.get(3));
      }
      return ArmResponse.empty(204);
    }
    throw GraphErrors.badRequest(
        "Resource not found for the segment '" + s.get(s.size() - 1) + "'.");
  }

  /** Role-assignable groups need RoleManagement.ReadWrite.Directory as well (off by default). */
  private void refuseRoleAssignable(Group group) {
    if (group.roleAssignable() && !directory.roleManagementGranted()) {
      throw GraphErrors.insufficientPrivileges();
    }
  }

  private List<ServicePrincipal> servicePrincipalsFiltered(ArmRequest request) {
    String filter = request.query.get("$filter");
    if (filter == null) {
      return directory.servicePrincipals();
    }
    Matcher m = APP_ID_FILTER.matcher(filter);
    if (!m.matches()) {
      throw GraphErrors.badRequest("Invalid filter clause");
    }
    return directory.servicePrincipals().stream()
        .filter(sp -> m.group(1).equalsIgnoreCase(sp.appId()))
        .toList();
  }

  private ServicePrincipal servicePrincipal(String id) {
    return directory.servicePrincipal(id).orElseThrow(() -> GraphErrors.notFound(id));
  }

  private Group group(String id) {
    return directory.group(id).orElseThrow(() -> GraphErrors.notFound(id));
  }

  /** A page of {@code value} with {@code @odata.nextLink} when more follow ({@code $skiptoken}). */
  private <T> ArmResponse list(ArmRequest request, List<T> items, Function<T, ObjectNode> render) {
    int size = directory.pageSize();
    String top = request.query.get("$top");
    if (top != null) {
      try {
        size = Math.max(1, Math.min(999, Integer.parseInt(top)));
      } catch (NumberFormatException e) {
        throw GraphErrors.badRequest("Invalid page size specified: '" + top + "'.");
      }
    }
    int from = 0;
    String skip = request.query.get("$skiptoken");
    if (skip != null) {
      try {
        from = Integer.parseInt(skip.replace("X'", "").replace("'", ""), 16);
      } catch (NumberFormatException e) {
        throw GraphErrors.badRequest("Invalid skip token '" + skip + "'.");
      }
    }
    ObjectNode page = Json.object();
    page.put("@odata.context", serviceRoot + "/$metadata#" + request.segments.get(1));
    ArrayNode value = page.putArray("value");
    int to = Math.min(items.size(), from + size);
    for (int i = Math.min(from, items.size()); i < to; i++) {
      value.add(render.apply(items.get(i)));
    }
    if (to < items.size()) {
      StringBuilder next =
          new StringBuilder(serviceRoot + request.path.substring("/v1.0".length()));
      next.append("?$skiptoken=").append(encode("X'" + Integer.toHexString(to) + "'"));
      if (request.query.get("$filter") != null) {
        next.append("&$filter=").append(encode(request.query.get("$filter")));
      }
      if (top != null) {
        next.append("&$top=").append(top);
      }
      page.put("@odata.nextLink", next.toString());
    }
    return ok(page);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private ObjectNode servicePrincipalJson(ServicePrincipal sp) {
    ObjectNode node = Json.object();
    node.put("@odata.type", "#microsoft.graph.servicePrincipal");
    node.put("id", sp.id());
    node.put("accountEnabled", true);
    Json.putNullable(node, "appId", sp.appId());
    node.put("displayName", sp.displayName());
    node.put("servicePrincipalType", sp.servicePrincipalType());
    ArrayNode names = node.putArray("alternativeNames");
    sp.alternativeNames().forEach(names::add);
    ArrayNode roles = node.putArray("appRoles");
    sp.appRoles()
        .forEach(
            r -> {
              ObjectNode role = roles.addObject();
              role.putArray("allowedMemberTypes").add("Application");
              role.put("description", r.displayName());
              role.put("displayName", r.displayName());
              role.put("id", r.id());
              role.put("isEnabled", true);
              role.put("origin", "Application");
              role.put("value", r.value());
            });
    return node;
  }

  private ObjectNode groupJson(Group group) {
    ObjectNode node = Json.object();
    node.put("@odata.type", "#microsoft.graph.group");
    node.put("id", group.id());
    node.put("displayName", group.displayName());
    node.put("isAssignableToRole", group.roleAssignable());
    node.put("securityEnabled", true);
    node.put("mailEnabled", false);
    return node;
  }

  private ObjectNode assignmentJson(AppRoleAssignment a) {
    ObjectNode node = Json.object();
    node.put("id", a.id());
    node.putNull("deletedDateTime");
    node.put("appRoleId", a.appRoleId());
    node.put("createdDateTime", a.created().toString());
    node.put("principalId", a.principalId());
    node.put(
        "principalDisplayName",
        directory
            .servicePrincipal(a.principalId())
            .map(ServicePrincipal::displayName)
            .orElse(null));
    node.put("principalType", "ServicePrincipal");
    node.put("resourceId", a.resourceId());
    node.put(
        "resourceDisplayName",
        directory.servicePrincipal(a.resourceId()).map(ServicePrincipal::displayName).orElse(null));
    return node;
  }

  private static ArmResponse ok(JsonNode body) {
    return ArmResponse.of(200, body);
  }

  private static JsonNode body(ArmRequest request) {
    try {
      JsonNode node = request.body.length == 0 ? null : Json.MAPPER.readTree(request.body);
      if (node == null || !node.isObject()) {
        throw GraphErrors.badRequest("Empty Payload. JSON content expected.");
      }
      return node;
    } catch (IOException e) {
      throw GraphErrors.badRequest("Invalid JSON: " + e.getMessage());
    }
  }
}
