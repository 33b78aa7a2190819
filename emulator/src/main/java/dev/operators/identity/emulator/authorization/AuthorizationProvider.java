package dev.operators.identity.emulator.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.AccessDenials;
import dev.operators.identity.emulator.arm.ApiVersions;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.Paging;
import dev.operators.identity.emulator.arm.ScopedExtension;
import dev.operators.identity.emulator.entra.PrincipalDirectory;
import dev.operators.identity.emulator.entra.TokenService;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import dev.operators.identity.emulator.resources.ResourceStore;
import dev.operators.identity.emulator.resources.StoredResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Microsoft.Authorization role assignments and role definitions at every scope (spec:
 * specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/
 * authorization-RoleAssignmentsCalls.json and authorization-RoleDefinitionsCalls.json).
 *
 * <p>Assignments are stored in the resource store under their id ({@code
 * {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}}): deleting the scope (a
 * resource group, a resource) takes them with it, deleting the principal's identity does not.
 * Custom role definitions are tenant-wide, stored under {@code
 * /providers/Microsoft.Authorization/roleDefinitions/{guid}}; management groups under {@code
 * /providers/Microsoft.Management/managementGroups/{id}}.
 */
public final class AuthorizationProvider implements ScopedExtension {
  static final String NAMESPACE = "Microsoft.Authorization";
  static final String ASSIGNMENTS = "roleAssignments";
  static final String DEFINITIONS = "roleDefinitions";
  static final String ASSIGNMENT_TYPE = NAMESPACE + "/" + ASSIGNMENTS;
  static final String DEFINITION_TYPE = NAMESPACE + "/" + DEFINITIONS;
  static final String MANAGEMENT_GROUP_TYPE = "Microsoft.Management/managementGroups";
  static final String MANAGEMENT_GROUP_PREFIX = "/providers/Microsoft.Management/managementGroups/";

  /** The spec folders' api-versions for role assignments/definitions (stable and preview). */
  static final List<String> API_VERSIONS =
      List.of(
          "2015-07-01",
          "2018-01-01-preview",
          "2018-07-01",
          "2018-09-01-preview",
          "2020-03-01-preview",
          "2020-04-01-preview",
          "2020-08-01-preview",
          "2020-10-01-preview",
          "2022-01-01-preview",
          "2022-04-01",
          "2022-05-01-preview");

  /** Values of the spec's PrincipalType enum (2022-04-01: User, Group, ServicePrincipal, ...). */
  public static final List<String> PRINCIPAL_TYPES =
      List.of("User", "Group", "ServicePrincipal", "ForeignGroup", "Device");

  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final EmulatorState state;
  private final BuiltInRoles builtIns = BuiltInRoles.get();

  public AuthorizationProvider(EmulatorState state) {
    this.state = state;
  }

  /** The parsed path: scope ("/" for the tenant root), collection and optional name. */
  record Target(String scope, String collection, String name, boolean extra) {}

  enum ScopeKind {
    ROOT,
    MANAGEMENT_GROUP,
    SUBSCRIPTION,
    RESOURCE_GROUP,
    RESOURCE
  }

  record Scope(String path, ScopeKind kind, String subscriptionId) {
    String key() {
      return key(path);
    }

    static String key(String path) {
      return path.equals("/") ? "/" : ResourceStore.key(path);
    }
  }

  static Optional<Target> target(List<String> s) {
    for (int i = s.size() - 2; i >= 0; i--) {
      if (s.get(i).equalsIgnoreCase("providers") && s.get(i + 1).equalsIgnoreCase(NAMESPACE)) {
        if (i + 2 >= s.size()) {
          return Optional.empty();
        }
        String collection = s.get(i + 2);
        String canonical;
        if (collection.equalsIgnoreCase(ASSIGNMENTS)) {
          canonical = ASSIGNMENTS;
        } else if (collection.equalsIgnoreCase(DEFINITIONS)) {
          canonical = DEFINITIONS;
        } else {
          return Optional.empty();
        }
        String scope = i == 0 ? "/" : "/" + String.join("/", s.subList(0, i));
        String name = s.size() > i + 3 ? s.get(i + 3) : null;
        return Optional.of(new Target(scope, canonical, name, s.size() > i + 4));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean handles(ArmRequest request) {
    return target(request.segments).isPresent();
  }

  @Override
  public ArmResponse handle(ArmRequest request) {
    Target target = target(request.segments).orElseThrow();
    if (target.extra()) {
      throw ArmErrors.notFound(request.path);
    }
    if (!ApiVersions.supports(API_VERSIONS, request.apiVersion())) {
      throw ArmErrors.noRegisteredProvider(
          "global",
          request.apiVersion(),
          target.collection(),
          API_VERSIONS,
          state.config().orderedLocations());
    }
    Scope scope = resolveScope(request, target.scope());
    if (target.collection().equals(ASSIGNMENTS)) {
      if (target.name() == null) {
        requireGet(request);
        return listAssignments(request, scope);
      }
      return switch (request.method) {
        case "PUT" -> putAssignment(request, scope, target.name());
        case "GET" -> ArmResponse.of(200, existingAssignment(scope, target.name()).copy());
        case "DELETE" -> deleteAssignment(scope, target.name());
        default -> throw ArmErrors.methodNotAllowed(request.method);
      };
    }
    if (target.name() == null) {
      requireGet(request);
      return listDefinitions(request, scope);
    }
    return switch (request.method) {
      case "PUT" -> putDefinition(request, scope, target.name());
      case "GET" -> ArmResponse.of(200, definition(scope, target.name()));
      case "DELETE" -> deleteDefinition(scope, target.name());
      default -> throw ArmErrors.methodNotAllowed(request.method);
    };
  }

  private static void requireGet(ArmRequest request) {
    if (!request.method.equals("GET")) {
      throw ArmErrors.methodNotAllowed(request.method);
    }
  }

  // ---------------------------------------------------------------- scopes

  /**
   * Checks that the scope exists the way ARM does before the request reaches the provider: a
   * missing resource group is 404 {@code ResourceGroupNotFound}; a missing resource 404 {@code
   * ResourceNotFound} (emulator's judgement: the message ARM gives for any request under a missing
   * resource); an unknown management group 403 {@code AuthorizationFailed} ("... or the scope is
   * invalid", what ARM answers for a scope the caller has no access to — judgement, no public quote
   * found for role assignments at a missing management group).
   */
  private Scope resolveScope(ArmRequest request, String path) {
    List<String> s = ArmIdsSegments.split(path);
    if (s.isEmpty()) {
      return new Scope("/", ScopeKind.ROOT, null);
    }
    if (s.get(0).equalsIgnoreCase("providers")) {
      if (s.size() == 4
          && s.get(1).equalsIgnoreCase("Microsoft.Management")
          && s.get(2).equalsIgnoreCase("managementGroups")) {
        if (state.store().get(MANAGEMENT_GROUP_PREFIX + s.get(3)).isEmpty()) {
          throw AccessDenials.authorizationFailed(
              request.callerObjectId(),
              AccessDenials.action(request),
              AccessDenials.scope(request));
        }
        return new Scope(path, ScopeKind.MANAGEMENT_GROUP, null);
      }
      throw ArmErrors.notFound(request.path);
    }
    if (!s.get(0).equalsIgnoreCase("subscriptions") || s.size() < 2) {
      throw ArmErrors.notFound(request.path);
    }
    String subscription =
        state.subscription(s.get(1)).orElseThrow(() -> ArmErrors.subscriptionNotFound(s.get(1)));
    if (s.size() == 2) {
      return new Scope(path, ScopeKind.SUBSCRIPTION, subscription);
    }
    String group = null;
    if (s.get(2).equalsIgnoreCase("resourceGroups") && s.size() >= 4) {
      group = s.get(3);
      String requested = group;
      state
          .resourceGroup(subscription, group)
          .filter(
              g ->
                  !g.document()
                      .path("properties")
                      .path("provisioningState")
                      .asText()
                      .equals("Deleting"))
          .orElseThrow(() -> ArmErrors.resourceGroupNotFound(requested));
      if (s.size() == 4) {
        return new Scope(path, ScopeKind.RESOURCE_GROUP, subscription);
      }
    }
    int providers = group == null ? 2 : 4;
    if (s.size() < providers + 4 || !s.get(providers).equalsIgnoreCase("providers")) {
      throw ArmErrors.notFound(request.path);
    }
    if (state.store().get(path).isEmpty()) {
      String type = s.get(providers + 1) + "/" + s.get(providers + 2);
      throw ArmErrors.resourceNotFound(type, s.get(s.size() - 1), group);
    }
    return new Scope(path, ScopeKind.RESOURCE, subscription);
  }

  /** Small helper: non-empty path segments. */
  static final class ArmIdsSegments {
    private ArmIdsSegments() {}

    static List<String> split(String path) {
      List<String> out = new ArrayList<>();
      for (String part : path.split("/")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
      return out;
    }
  }

  /**
   * The scope itself and every scope above it, as keys: parent resources, the resource group, the
   * subscription, its management groups (innermost first) and the root "/".
   */
  Set<String> atOrAbove(String scopePath) {
    Set<String> result = new LinkedHashSet<>();
    List<String> s = ArmIdsSegments.split(scopePath);
    if (!s.isEmpty() && s.get(0).equalsIgnoreCase("subscriptions")) {
      for (int len = s.size(); len >= 2; len--) {
        if (len % 2 == 0 && !s.get(len - 2).equalsIgnoreCase("providers")) {
          result.add(Scope.key("/" + String.join("/", s.subList(0, len))));
        }
      }
      managementGroupsOf(s.get(1)).forEach(result::add);
    } else if (s.size() == 4 && s.get(0).equalsIgnoreCase("providers")) {
      managementGroupChain(s.get(3)).forEach(result::add);
    }
    result.add("/");
    return result;
  }

  private List<String> managementGroupsOf(String subscriptionId) {
    String child = ResourceStore.key(ArmIds.subscription(subscriptionId));
    for (StoredResource group : state.store().list(MANAGEMENT_GROUP_TYPE, null)) {
      for (JsonNode c : group.document().path("properties").path("children")) {
        if (ResourceStore.key(c.path("id").asText()).equals(child)) {
          return managementGroupChain(group.name());
        }
      }
    }
    return tenantRootGroup().map(this::managementGroupChain).orElse(List.of());
  }

  private Optional<String> tenantRootGroup() {
    return state
        .store()
        .get(MANAGEMENT_GROUP_PREFIX + state.config().tenantId())
        .map(StoredResource::name);
  }

  private List<String> managementGroupChain(String groupId) {
    List<String> chain = new ArrayList<>();
    String current = groupId;
    while (current != null && chain.size() < 10) {
      Optional<StoredResource> group = state.store().get(MANAGEMENT_GROUP_PREFIX + current);
      if (group.isEmpty()) {
        break;
      }
      chain.add(group.get().key());
      String parent =
          Json.text(group.get().document().path("properties").path("details").path("parent"), "id");
      current = parent == null ? null : parent.substring(parent.lastIndexOf('/') + 1);
      if (current != null && chain.contains(ResourceStore.key(MANAGEMENT_GROUP_PREFIX + current))) {
        break;
      }
    }
    return chain;
  }

  /** Creates (or replaces) a management group; subscriptions listed become its children. */
  public static ObjectNode createManagementGroup(
      EmulatorState state, String id, String parentId, List<String> subscriptionIds) {
    String armId = MANAGEMENT_GROUP_PREFIX + id;
    ObjectNode doc = Json.object();
    doc.put("id", armId);
    doc.put("type", MANAGEMENT_GROUP_TYPE);
    doc.put("name", id);
    ObjectNode properties = doc.putObject("properties");
    properties.put("tenantId", state.config().tenantId());
    properties.put("displayName", id);
    ObjectNode details = properties.putObject("details");
    String parent =
        parentId != null
            ? parentId
            : (id.equalsIgnoreCase(state.config().tenantId()) ? null : state.config().tenantId());
    if (parent != null) {
      details.putObject("parent").put("id", MANAGEMENT_GROUP_PREFIX + parent);
    }
    ArrayNode children = properties.putArray("children");
    for (String subscription : subscriptionIds == null ? List.<String>of() : subscriptionIds) {
      String canonical =
          state
              .subscription(subscription)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("Unknown subscription '" + subscription + "'"));
      children
          .addObject()
          .put("type", "/subscriptions")
          .put("id", ArmIds.subscription(canonical))
          .put("name", canonical);
    }
    state.store().put(new StoredResource(armId, MANAGEMENT_GROUP_TYPE, doc, Instant.now(), null));
    return doc.deepCopy();
  }

  /** Every role assignment, any scope, as ARM returns them. */
  public static List<JsonNode> roleAssignments(EmulatorState state) {
    return state.store().list(ASSIGNMENT_TYPE, null).stream()
        .map(r -> (JsonNode) r.copy())
        .toList();
  }

  // ------------------------------------------------------- role assignments

  private static String assignmentId(Scope scope, String name) {
    return (scope.path().equals("/") ? "" : scope.path())
        + "/providers/"
        + NAMESPACE
        + "/"
        + ASSIGNMENTS
        + "/"
        + name;
  }

  /** 404 {@code RoleAssignmentNotFound} (code: ARM-FACTS; message wording: emulator's). */
  private StoredResource existingAssignment(Scope scope, String name) {
    return state
        .store()
        .get(assignmentId(scope, name))
        .filter(r -> r.type().equals(ASSIGNMENT_TYPE))
        .orElseThrow(
            () ->
                new ArmException(
                    404,
                    "RoleAssignmentNotFound",
                    "The role assignment '" + name + "' is not found."));
  }

  private ArmResponse deleteAssignment(Scope scope, String name) {
    // Spec: 200 with the deleted assignment, 204 "Role assignment already deleted or does not
    // exist."
    Optional<StoredResource> removed =
        state
            .store()
            .get(assignmentId(scope, name))
            .filter(r -> r.type().equals(ASSIGNMENT_TYPE))
            .flatMap(r -> state.store().remove(r.id()));
    return removed.map(r -> ArmResponse.of(200, r.copy())).orElseGet(() -> ArmResponse.empty(204));
  }

  private ArmResponse putAssignment(ArmRequest request, Scope scope, String name) {
    if (!GUID.matcher(name).matches()) {
      // Code: ARM-FACTS / public reports; message wording: emulator's.
      throw new ArmException(
          400,
          "InvalidRoleAssignmentId",
          "The role assignment ID '"
              + name
              + "' is not valid. The role assignment ID must be a GUID.");
    }
    JsonNode properties = request.jsonBody().path("properties");
    String principalId = Json.text(properties, "principalId");
    if (principalId == null || !GUID.matcher(principalId).matches()) {
      // Status, code and message as quoted from real responses in public Terraform reports:
      // Status=400 Code="InvalidPrincipalId" Message="A valid principal ID must be provided for
      // role
      // assignment."
      throw new ArmException(
          400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.");
    }
    String roleDefinitionId = Json.text(properties, "roleDefinitionId");
    String roleGuid = roleGuidOf(roleDefinitionId);
    if (findDefinition(roleGuid).isEmpty()) {
      // Code and message as quoted in public reports ("The specified role definition with ID
      // '...' does not exist."); 400 on PUT (404 on GET of the definition itself).
      throw roleDefinitionDoesNotExist(400, roleGuid);
    }
    String principalType = principalTypeOf(properties);
    String description = Json.text(properties, "description");
    String condition = Json.text(properties, "condition");
    String conditionVersion = Json.text(properties, "conditionVersion");
    if (condition != null && conditionVersion == null) {
      conditionVersion = "2.0";
    }
    if (condition == null) {
      conditionVersion = null;
    }
    String id = assignmentId(scope, name);
    String canonicalRoleDefinitionId = definitionId(scope, roleGuid);
    String caller = request.callerObjectId();
    String finalConditionVersion = conditionVersion;
    synchronized (this) {
      Optional<StoredResource> existing =
          state.store().get(id).filter(r -> r.type().equals(ASSIGNMENT_TYPE));
      if (existing.isPresent()) {
        ObjectNode doc = existing.get().copy();
        ObjectNode p = (ObjectNode) doc.get("properties");
        if (!p.path("principalId").asText().equalsIgnoreCase(principalId)
            || !roleGuidOf(p.path("roleDefinitionId").asText()).equalsIgnoreCase(roleGuid)) {
          // 400 (not 409): ARM-FACTS; message as quoted in public deployment failures.
          throw new ArmException(
              400,
              "RoleAssignmentUpdateNotPermitted",
              "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
        }
        boolean changed =
            !equalsNullable(p.path("description").textValue(), description)
                || !equalsNullable(p.path("condition").textValue(), condition)
                || !equalsNullable(p.path("conditionVersion").textValue(), finalConditionVersion);
        if (changed) {
          putNullable(p, "condition", condition);
          putNullable(p, "conditionVersion", finalConditionVersion);
          p.put("updatedOn", Instant.now().toString());
          p.put("updatedBy", caller);
          putNullable(p, "description", description);
          state.store().put(existing.get().withDocument(doc));
        }
        // Emulator's judgement: a repeated PUT of an existing assignment answers 200 (the spec
        // allows 200 and 201; no public trace shows which one ARM sends for an identical repeat).
        return ArmResponse.of(200, doc.deepCopy());
      }
      String storedType = checkPrincipal(principalId, principalType);
      String duplicateKey = scope.key();
      for (StoredResource other : state.store().list(ASSIGNMENT_TYPE, null)) {
        JsonNode p = other.document().path("properties");
        if (Scope.key(p.path("scope").asText()).equals(duplicateKey)
            && p.path("principalId").asText().equalsIgnoreCase(principalId)
            && roleGuidOf(p.path("roleDefinitionId").asText()).equalsIgnoreCase(roleGuid)) {
          // 409; message as quoted in public reports: "The role assignment already exists. The ID
          // of the existing role assignment is 716c4d159bc8476da3c16ccb70082517."
          throw new ArmException(
              409,
              "RoleAssignmentExists",
              "The role assignment already exists. The ID of the existing role assignment is "
                  + other.name().replace("-", "").toLowerCase(Locale.ROOT)
                  + ".");
        }
      }
      if (scope.subscriptionId() != null) {
        String subscriptionScope = ArmIds.subscription(scope.subscriptionId());
        long count = state.store().list(ASSIGNMENT_TYPE, subscriptionScope).size();
        if (count >= state.config().roleAssignmentLimit()) {
          // Code and message from Microsoft's RBAC troubleshooting docs ("No more role assignments
          // can be created (code: RoleAssignmentLimitExceeded)"); status 400 is the emulator's
          // judgement (no public trace of the status).
          throw new ArmException(
              400, "RoleAssignmentLimitExceeded", "No more role assignments can be created.");
        }
      }
      Instant now = Instant.now();
      ObjectNode doc = Json.object();
      ObjectNode p = doc.putObject("properties");
      p.put("roleDefinitionId", canonicalRoleDefinitionId);
      p.put("principalId", principalId);
      p.put("principalType", storedType);
      p.put("scope", scope.path());
      putNullable(p, "condition", condition);
      putNullable(p, "conditionVersion", finalConditionVersion);
      p.put("createdOn", now.toString());
      p.put("updatedOn", now.toString());
      p.put("createdBy", caller);
      p.put("updatedBy", caller);
      p.putNull("delegatedManagedIdentityResourceId");
      putNullable(p, "description", description);
      doc.put("id", id);
      doc.put("type", ASSIGNMENT_TYPE);
      doc.put("name", name);
      state.store().put(new StoredResource(id, ASSIGNMENT_TYPE, doc, now, null));
      return ArmResponse.of(201, doc.deepCopy());
    }
  }

  private static boolean equalsNullable(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  private static void putNullable(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static String principalTypeOf(JsonNode properties) {
    String given = Json.text(properties, "principalType");
    if (given == null) {
      return null;
    }
    return PRINCIPAL_TYPES.stream()
        .filter(t -> t.equalsIgnoreCase(given))
        .findFirst()
        .orElseThrow(
            () ->
                new ArmException(
                    400,
                    "InvalidPrincipalType",
                    "The principal type '"
                        + given
                        + "' is invalid. Allowed values are: "
                        + String.join(", ", PRINCIPAL_TYPES)
                        + "."));
  }

  /**
   * The principal check and the type to store. Without {@code principalType}, ARM looks the
   * principal up in the directory: unknown or not yet replicated (younger than
   * principalReplicationDelay) is 400 {@code PrincipalNotFound}. With it, ARM skips the lookup
   * (Microsoft's docs: set principalType to avoid the replication-delay error), so a young or even
   * unknown principal is accepted (emulator's judgement for the unknown case: Azure then shows the
   * assignment as "Identity not found"); a replicated principal of another type is 400 {@code
   * UnmatchedPrincipalType}.
   */
  private String checkPrincipal(String principalId, String principalType) {
    Optional<PrincipalDirectory.Principal> principal = principal(principalId);
    boolean replicated =
        principal
            .map(
                p ->
                    !Instant.now()
                        .isBefore(p.createdAt().plus(state.config().principalReplicationDelay())))
            .orElse(false);
    if (principalType == null) {
      if (!replicated) {
        // Message as quoted from real deployment errors in public repositories: the principal as
        // 32 hex digits, two spaces before "See".
        throw new ArmException(
            400,
            "PrincipalNotFound",
            "Principal "
                + principalId.replace("-", "").toLowerCase(Locale.ROOT)
                + " does not exist in the directory "
                + state.config().tenantId()
                + ". Check that you have the correct principal ID. If you are creating this"
                + " principal and then immediately assigning a role, this error might be related to"
                + " a replication delay. In this case, set the role assignment principalType"
                + " property to a value, such as ServicePrincipal, User, or Group.  See"
                + " https://aka.ms/docs-principaltype");
      }
      return principal.get().type();
    }
    if (replicated && !principal.get().type().equalsIgnoreCase(principalType)) {
      // Message as quoted from real azd deployment errors (ARM's own typo "PrinciaplType" and the
      // space before the comma included).
      throw new ArmException(
          400,
          "UnmatchedPrincipalType",
          "The PrincipalId '"
              + principalId.replace("-", "").toLowerCase(Locale.ROOT)
              + "' has type '"
              + principal.get().type()
              + "' , which is different from specified PrinciaplType '"
              + principalType
              + "'.");
    }
    return principalType;
  }

  private Optional<PrincipalDirectory.Principal> principal(String principalId) {
    Optional<PrincipalDirectory.Principal> known = state.directory().find(principalId);
    if (known.isPresent()) {
      return known;
    }
    if (principalId.equalsIgnoreCase(
        TokenService.servicePrincipalObjectId(state.config().clientId()))) {
      return Optional.of(
          new PrincipalDirectory.Principal(principalId, "ServicePrincipal", Instant.EPOCH));
    }
    return state
        .principalCreatedAt(principalId)
        .map(t -> new PrincipalDirectory.Principal(principalId, "ServicePrincipal", t));
  }

  /** Listings lag behind writes (eventual consistency): a fresh assignment may be missing. */
  private static boolean isVisibleInListings(StoredResource assignment, Instant visibleBefore) {
    String created = assignment.document().path("properties").path("createdOn").asText(null);
    return created == null || !Instant.parse(created).isAfter(visibleBefore);
  }

  /** The request's $filter; an unparseable one is ARM's InvalidFilterInQueryString. */
  private ODataFilter parseFilter(String filterText) {
    try {
      return ODataFilter.parse(filterText);
    } catch (IllegalArgumentException e) {
      throw unsupportedFilter(filterText);
    }
  }

  private ArmResponse listAssignments(ArmRequest request, Scope scope) {
    String filterText = request.query.get("$filter");
    ODataFilter filter = parseFilter(filterText);
    boolean atScope = false;
    String principal = null;
    for (ODataFilter.Term term : filter.terms()) {
      switch (term.name()) {
        case "atscope" -> {
          if (!term.function() || term.value() != null) {
            throw unsupportedFilter(filterText);
          }
          atScope = true;
        }
        case "assignedto", "principalid" -> {
          boolean expected = term.name().equals("assignedto");
          if (term.function() != expected || term.value() == null || principal != null) {
            throw unsupportedFilter(filterText);
          }
          principal = term.value();
        }
        default -> throw unsupportedFilter(filterText);
      }
    }
    Set<String> above = atOrAbove(scope.path());
    String scopeKey = scope.key();
    boolean onlyAtOrAbove = atScope;
    String principalFilter = principal;
    Instant visibleBefore = Instant.now().minus(state.roleAssignmentListingLag());
    List<StoredResource> matches =
        state.store().list(ASSIGNMENT_TYPE, null).stream()
            .filter(r -> isVisibleInListings(r, visibleBefore))
            .filter(
                r -> {
                  String assignmentScope = r.document().path("properties").path("scope").asText();
                  if (above.contains(Scope.key(assignmentScope))) {
                    return true;
                  }
                  return !onlyAtOrAbove && atOrAbove(assignmentScope).contains(scopeKey);
                })
            .filter(
                r ->
                    principalFilter == null
                        || r.document()
                            .path("properties")
                            .path("principalId")
                            .asText()
                            .equalsIgnoreCase(principalFilter))
            .sorted(Comparator.comparing(StoredResource::key))
            .toList();
    return ArmResponse.of(
        200, page(request, matches.stream().map(r -> (JsonNode) r.copy()).toList()));
  }

  /**
   * Emulator's judgement: an unsupported $filter is 400 {@code UnsupportedFilter}... ARM's exact
   * code for this case is not quoted publicly; only atScope(), principalId eq, assignedTo() and
   * atScope() combined with one of the other two are accepted.
   */
  private static ArmException unsupportedFilter(String filter) {
    return new ArmException(
        400, "InvalidFilterInQueryString", "The filter '" + filter + "' is not supported.");
  }

  /** A page of {@code value} with a nextLink that keeps the filter ($skipToken paging). */
  private ObjectNode page(ArmRequest request, List<JsonNode> items) {
    return Paging.page(state, request, items, item -> (ObjectNode) item, "$skipToken");
  }

  // ------------------------------------------------------- role definitions

  /** A definition: built-in, or custom (stored document). */
  private record Definition(String guid, ObjectNode properties, boolean builtIn) {}

  private Optional<Definition> findDefinition(String guid) {
    if (guid == null) {
      return Optional.empty();
    }
    Optional<BuiltInRoles.BuiltInRole> builtIn = builtIns.byId(guid);
    if (builtIn.isPresent()) {
      return Optional.of(
          new Definition(builtIn.get().id(), builtInProperties(builtIn.get()), true));
    }
    return state
        .store()
        .get(customId(guid))
        .filter(r -> r.type().equals(DEFINITION_TYPE))
        .map(r -> new Definition(r.name(), (ObjectNode) r.copy().get("properties"), false));
  }

  private static String customId(String guid) {
    return "/providers/" + DEFINITION_TYPE + "/" + guid.toLowerCase(Locale.ROOT);
  }

  private static ObjectNode builtInProperties(BuiltInRoles.BuiltInRole role) {
    ObjectNode p = Json.object();
    p.put("roleName", role.name());
    p.put("type", "BuiltInRole");
    p.put("description", role.description());
    p.putArray("assignableScopes").add("/");
    ObjectNode permissions = p.putArray("permissions").addObject();
    role.actions().forEach(permissions.putArray("actions")::add);
    role.notActions().forEach(permissions.putArray("notActions")::add);
    role.dataActions().forEach(permissions.putArray("dataActions")::add);
    role.notDataActions().forEach(permissions.putArray("notDataActions")::add);
    p.putNull("createdOn");
    p.putNull("updatedOn");
    p.putNull("createdBy");
    p.putNull("updatedBy");
    return p;
  }

  /**
   * A definition's id as ARM returns it at a scope: subscription-qualified at a subscription and
   * below, unqualified at a management group or the root.
   */
  private static String definitionId(Scope scope, String guid) {
    String prefix =
        scope.subscriptionId() == null ? "" : ArmIds.subscription(scope.subscriptionId());
    return prefix + "/providers/" + DEFINITION_TYPE + "/" + guid.toLowerCase(Locale.ROOT);
  }

  private static ObjectNode render(Scope scope, Definition definition) {
    ObjectNode doc = Json.object();
    doc.set("properties", definition.properties().deepCopy());
    doc.put("id", definitionId(scope, definition.guid()));
    doc.put("type", DEFINITION_TYPE);
    doc.put("name", definition.guid().toLowerCase(Locale.ROOT));
    return doc;
  }

  /** The GUID at the end of a role definition id (or a bare GUID); null when malformed. */
  static String roleGuidOf(String roleDefinitionId) {
    if (roleDefinitionId == null) {
      return null;
    }
    String last = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
    return GUID.matcher(last).matches() ? last.toLowerCase(Locale.ROOT) : null;
  }

  private static ArmException roleDefinitionDoesNotExist(int status, String guid) {
    return new ArmException(
        status,
        "RoleDefinitionDoesNotExist",
        "The specified role definition with ID '" + guid + "' does not exist.");
  }

  private ObjectNode definition(Scope scope, String name) {
    String guid = roleGuidOf(name);
    return findDefinition(guid)
        .map(d -> render(scope, d))
        // 404 and message as quoted from a real autorest failure in public issues.
        .orElseThrow(() -> roleDefinitionDoesNotExist(404, name));
  }

  private ArmResponse listDefinitions(ArmRequest request, Scope scope) {
    String filterText = request.query.get("$filter");
    ODataFilter filter = parseFilter(filterText);
    String roleName = null;
    String type = null;
    for (ODataFilter.Term term : filter.terms()) {
      if (term.function()) {
        throw unsupportedFilter(filterText);
      }
      switch (term.name()) {
        case "rolename" -> roleName = term.value();
        case "type" -> type = term.value();
        default -> throw unsupportedFilter(filterText);
      }
    }
    List<Definition> all = new ArrayList<>();
    builtIns.all().forEach(r -> all.add(new Definition(r.id(), builtInProperties(r), true)));
    Set<String> above = atOrAbove(scope.path());
    for (StoredResource custom : state.store().list(DEFINITION_TYPE, null)) {
      JsonNode properties = custom.document().path("properties");
      boolean visible = false;
      for (JsonNode assignable : properties.path("assignableScopes")) {
        String key = Scope.key(assignable.asText());
        // visible where it can be assigned: at or below one of its assignable scopes
        if (above.contains(key)) {
          visible = true;
        }
      }
      if (visible) {
        all.add(new Definition(custom.name(), (ObjectNode) properties.deepCopy(), false));
      }
    }
    String nameFilter = roleName;
    String typeFilter = type;
    List<JsonNode> items =
        all.stream()
            .filter(
                d ->
                    nameFilter == null
                        || d.properties().path("roleName").asText().equalsIgnoreCase(nameFilter))
            .filter(
                d ->
                    typeFilter == null
                        || d.properties().path("type").asText().equalsIgnoreCase(typeFilter))
            .map(d -> (JsonNode) render(scope, d))
            .toList();
    return ArmResponse.of(200, page(request, items));
  }

  private ArmResponse putDefinition(ArmRequest request, Scope scope, String name) {
    if (!GUID.matcher(name).matches()) {
      throw new ArmException(
          400,
          "InvalidRoleDefinitionId",
          "The role definition ID '"
              + name
              + "' is not valid. The role definition ID must be a GUID.");
    }
    if (builtIns.byId(name).isPresent()) {
      throw new ArmException(
          403,
          "AuthorizationFailed",
          "Built-in role definition '" + name + "' cannot be modified.");
    }
    JsonNode body = request.jsonBody().path("properties");
    String roleName = Json.text(body, "roleName");
    if (roleName == null || roleName.isBlank()) {
      throw ArmErrors.invalidRequestContent("properties.roleName is required.");
    }
    String type = Optional.ofNullable(Json.text(body, "type")).orElse("CustomRole");
    if (!type.equalsIgnoreCase("CustomRole")) {
      throw ArmErrors.invalidRequestContent("properties.type must be 'CustomRole'.");
    }
    JsonNode scopes = body.path("assignableScopes");
    if (!scopes.isArray() || scopes.isEmpty()) {
      throw ArmErrors.invalidRequestContent("properties.assignableScopes must not be empty.");
    }
    String guid = name.toLowerCase(Locale.ROOT);
    synchronized (this) {
      boolean taken =
          builtIns.byName(roleName).isPresent()
              || state.store().list(DEFINITION_TYPE, null).stream()
                  .anyMatch(
                      r ->
                          !r.name().equalsIgnoreCase(guid)
                              && r.document()
                                  .path("properties")
                                  .path("roleName")
                                  .asText()
                                  .equalsIgnoreCase(roleName));
      if (taken) {
        // 409 and code: Azure SDK for .NET recorded tests assert Conflict +
        // RoleDefinitionWithSameNameExists; message as quoted in public docs.
        throw new ArmException(
            409,
            "RoleDefinitionWithSameNameExists",
            "A custom role with the same name already exists in this directory.");
      }
      Instant now = Instant.now();
      Optional<StoredResource> existing = state.store().get(customId(guid));
      ObjectNode p = Json.object();
      p.put("roleName", roleName);
      p.put("type", "CustomRole");
      putNullable(p, "description", Json.text(body, "description"));
      ArrayNode assignable = p.putArray("assignableScopes");
      scopes.forEach(s -> assignable.add(s.asText()));
      ArrayNode permissions = p.putArray("permissions");
      for (JsonNode permission : body.path("permissions")) {
        ObjectNode out = permissions.addObject();
        for (String field : List.of("actions", "notActions", "dataActions", "notDataActions")) {
          ArrayNode values = out.putArray(field);
          permission.path(field).forEach(v -> values.add(v.asText()));
        }
      }
      p.put(
          "createdOn",
          existing
              .map(e -> e.document().path("properties").path("createdOn").asText())
              .orElse(now.toString()));
      p.put("updatedOn", now.toString());
      p.put(
          "createdBy",
          existing
              .map(e -> e.document().path("properties").path("createdBy").asText())
              .orElse(request.callerObjectId()));
      p.put("updatedBy", request.callerObjectId());
      ObjectNode doc = Json.object();
      doc.set("properties", p);
      doc.put("id", customId(guid));
      doc.put("type", DEFINITION_TYPE);
      doc.put("name", guid);
      state.store().put(new StoredResource(customId(guid), DEFINITION_TYPE, doc, now, null));
      // Spec (RoleDefinitions_CreateOrUpdate): 201 with the definition.
      return ArmResponse.of(201, render(scope, new Definition(guid, p, false)));
    }
  }

  private ArmResponse deleteDefinition(Scope scope, String name) {
    String guid = roleGuidOf(name);
    if (guid == null) {
      return ArmResponse.empty(204);
    }
    synchronized (this) {
      Optional<StoredResource> custom =
          state.store().get(customId(guid)).filter(r -> r.type().equals(DEFINITION_TYPE));
      if (custom.isEmpty()) {
        return ArmResponse.empty(204);
      }
      boolean referenced =
          state.store().list(ASSIGNMENT_TYPE, null).stream()
              .anyMatch(
                  r ->
                      guid.equalsIgnoreCase(
                          roleGuidOf(
                              r.document().path("properties").path("roleDefinitionId").asText())));
      if (referenced) {
        // Code and message from Microsoft's RBAC troubleshooting docs; 409 is the emulator's
        // judgement (no public trace of the status).
        throw new ArmException(
            409,
            "RoleDefinitionHasAssignments",
            "There are existing role assignments referencing role");
      }
      state.store().remove(custom.get().id());
      return ArmResponse.of(
          200,
          render(
              scope,
              new Definition(guid, (ObjectNode) custom.get().copy().get("properties"), false)));
    }
  }
}
