package dev.operators.identity.operator.azure.sdk;

import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleDefinitionInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.ListedAssignment;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.azure.RoleDefinitionPort;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Role definitions and role assignments on azure-resourcemanager-authorization (2022-04-01). */
public final class SdkAuthorizationAdapter implements RoleDefinitionPort, RoleAssignmentPort {

  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private static final Pattern HEX32 = Pattern.compile("\\b([0-9a-fA-F]{32})\\b");

  private final AuthorizationManager manager;

  /**
   * Role assignment and role definition calls are addressed by scope, so one manager serves every
   * subscription and management group.
   */
  public SdkAuthorizationAdapter(AzureSdk sdk, String anySubscriptionId) {
    this.manager =
        AuthorizationManager.authenticate(sdk.pipeline(), sdk.profile(anySubscriptionId));
  }

  @Override
  public Optional<RoleDefinition> findByName(String scope, String roleName) {
    String filter = "roleName eq '" + roleName.replace("'", "''") + "'";
    String operation = "look up role " + ArmId.quote(roleName) + " at " + scope;
    String path = ArmId.forRequest(scope, ArmId.Shape.AZURE_SCOPE, operation).path();
    return call(
        operation,
        () ->
            manager
                .roleServiceClient()
                .getRoleDefinitions()
                .list(path, filter, Context.NONE)
                .stream()
                .filter(d -> roleName.equalsIgnoreCase(d.roleName()))
                .findFirst()
                .map(SdkAuthorizationAdapter::toDefinition));
  }

  @Override
  public Optional<RoleDefinition> findById(String scope, String guidOrId) {
    String operation = "look up role definition " + ArmId.quote(guidOrId) + " at " + scope;
    boolean guid = GUID.matcher(guidOrId).matches();
    String path =
        guid
            ? ArmId.forRequest(scope, ArmId.Shape.AZURE_SCOPE, operation).path()
            : ArmId.forRequest(guidOrId, ArmId.Shape.ROLE_DEFINITION, operation).path();
    try {
      RoleDefinitionInner inner =
          guid
              ? manager
                  .roleServiceClient()
                  .getRoleDefinitions()
                  .getWithResponse(path, guidOrId, Context.NONE)
                  .getValue()
              : manager
                  .roleServiceClient()
                  .getRoleDefinitions()
                  .getByIdWithResponse(path, Context.NONE)
                  .getValue();
      return Optional.ofNullable(inner).map(SdkAuthorizationAdapter::toDefinition);
    } catch (RuntimeException e) {
      AzureRequestException error = AzureErrors.translate(operation, e);
      if (error.isNotFound()) {
        return Optional.empty();
      }
      throw error;
    }
  }

  @Override
  public List<RoleAssignment> listForPrincipal(String scope, String principalId) {
    // The role assignment list calls send $filter as given (the spec marks it
    // x-ms-skip-url-encoding), unlike the role definition calls: encode it here.
    String filter =
        URLEncoder.encode("principalId eq '" + principalId + "'", StandardCharsets.UTF_8)
            .replace("+", "%20");
    String operation = "list role assignments of " + principalId + " at " + scope;
    String path = ArmId.forRequest(scope, ArmId.Shape.AZURE_SCOPE, operation).path();
    return call(
        operation,
        () ->
            list(path, filter)
                .filter(a -> principalId.equalsIgnoreCase(a.principalId()))
                .map(SdkAuthorizationAdapter::toAssignment)
                .toList());
  }

  private Stream<RoleAssignmentInner> list(String path, String filter) {
    return manager
        .roleServiceClient()
        .getRoleAssignments()
        .listForScope(path, filter, null, null, Context.NONE)
        .stream();
  }

  @Override
  public List<ListedAssignment> listAtScope(String scope) {
    String operation = "list role assignments at " + scope;
    String path = ArmId.forRequest(scope, ArmId.Shape.AZURE_SCOPE, operation).path();
    return call(operation, () -> list(path, null).map(SdkAuthorizationAdapter::toListed).toList());
  }

  @Override
  public Optional<ListedAssignment> get(String roleAssignmentId) {
    String operation = "read role assignment " + roleAssignmentId;
    String path = ArmId.forRequest(roleAssignmentId, ArmId.Shape.ROLE_ASSIGNMENT, operation).path();
    try {
      return Optional.ofNullable(
              manager
                  .roleServiceClient()
                  .getRoleAssignments()
                  .getByIdWithResponse(path, null, Context.NONE)
                  .getValue())
          .map(SdkAuthorizationAdapter::toListed);
    } catch (RuntimeException e) {
      AzureRequestException error = AzureErrors.translate(operation, e);
      if (error.isNotFound()) {
        return Optional.empty();
      }
      throw error;
    }
  }

  @Override
  public RoleAssignmentWrite create(NewRoleAssignment a) {
    var parameters =
        new RoleAssignmentCreateParameters()
            .withRoleDefinitionId(a.roleDefinitionId())
            .withPrincipalId(a.principalId())
            .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL)
            .withDescription(a.description())
            .withCondition(a.condition())
            .withConditionVersion(a.conditionVersion());
    String operation = "create role assignment " + a.name() + " at " + a.scope();
    String path = ArmId.forRequest(a.scope(), ArmId.Shape.AZURE_SCOPE, operation).path();
    if (!GUID.matcher(a.name()).matches()) {
      throw AzureRequestException.refused(operation, a.name(), "is not a GUID");
    }
    try {
      return new RoleAssignmentWrite.Written(
          toAssignment(
              manager
                  .roleServiceClient()
                  .getRoleAssignments()
                  .createWithResponse(path, a.name(), parameters, Context.NONE)
                  .getValue()));
    } catch (RuntimeException e) {
      AzureRequestException error = AzureErrors.translate(operation, e);
      return existingName(error)
          .<RoleAssignmentWrite>map(
              name ->
                  new RoleAssignmentWrite.ExistsUnderName(
                      name,
                      a.scope() + "/providers/Microsoft.Authorization/roleAssignments/" + name))
          .orElseThrow(() -> error);
    }
  }

  /**
   * The name of the assignment a 409 RoleAssignmentExists names: ARM gives it as 32 hex digits
   * without hyphens ("The ID of the existing role assignment is 2f1d...").
   */
  static Optional<String> existingName(AzureRequestException error) {
    if (error.statusCode() != 409 || !"RoleAssignmentExists".equals(error.errorCode())) {
      return Optional.empty();
    }
    Matcher hex = HEX32.matcher(error.azureMessage() == null ? "" : error.azureMessage());
    if (!hex.find()) {
      return Optional.empty();
    }
    String h = hex.group(1).toLowerCase(Locale.ROOT);
    return Optional.of(
        String.join(
            "-",
            h.substring(0, 8),
            h.substring(8, 12),
            h.substring(12, 16),
            h.substring(16, 20),
            h.substring(20)));
  }

  @Override
  public boolean delete(String roleAssignmentId) {
    String operation = "delete role assignment " + roleAssignmentId;
    String path = ArmId.forRequest(roleAssignmentId, ArmId.Shape.ROLE_ASSIGNMENT, operation).path();
    try {
      return manager
              .roleServiceClient()
              .getRoleAssignments()
              .deleteByIdWithResponse(path, null, Context.NONE)
              .getStatusCode()
          != 204;
    } catch (RuntimeException e) {
      AzureRequestException error = AzureErrors.translate(operation, e);
      if (error.isNotFound()) {
        return false;
      }
      throw error;
    }
  }

  private static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
  }

  private static RoleDefinition toDefinition(RoleDefinitionInner inner) {
    List<String> actions =
        inner.permissions() == null
            ? List.of()
            : inner.permissions().stream()
                .filter(p -> p.actions() != null)
                .flatMap(p -> p.actions().stream())
                .toList();
    return new RoleDefinition(inner.id(), inner.roleName(), actions);
  }

  private static ListedAssignment toListed(RoleAssignmentInner inner) {
    return new ListedAssignment(
        toAssignment(inner),
        inner.principalType() == null ? null : inner.principalType().toString(),
        Optional.ofNullable(inner.createdOn()).map(OffsetDateTime::toInstant));
  }

  private static RoleAssignment toAssignment(RoleAssignmentInner inner) {
    return new RoleAssignment(
        inner.id(),
        inner.name(),
        inner.scope(),
        inner.roleDefinitionId(),
        inner.principalId(),
        inner.description(),
        inner.condition(),
        inner.conditionVersion());
  }
}
