package dev.operators.identity.operator.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.RoleAssignment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code trace} prints: how Azure shows one identity, as text for people or as a document
 * ({@code -o yaml|json}) for tools.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceReport(
    Identity identity,
    List<Assignment> roleAssignments,
    List<Credential> federatedCredentials,
    List<Assignee> assignees) {

  /** The identity as Azure holds it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Identity(
      String resourceId,
      String name,
      String location,
      String isolationScope,
      Map<String, String> tags,
      String principalId,
      String clientId,
      String tenantId) {}

  /**
   * A role assignment of the identity's principal; {@code aboveSubscription}: made at a management
   * group above its subscription (imported too; its scope needs a policy that allows it).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Assignment(
      String id,
      String scope,
      String role,
      String roleDefinitionId,
      boolean aboveSubscription,
      String description,
      String condition) {}

  /** A federated credential: a subject, or a claims-matching expression. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Credential(
      String name,
      String issuer,
      String subject,
      String claimsMatchingExpression,
      List<String> audiences) {}

  /** A resource of the identity's subscription that carries it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Assignee(String resourceId, String type, String location, String identityType) {}

  public static TraceReport of(IdentityPicture picture) {
    AzureIdentity i = picture.identity();
    return new TraceReport(
        new Identity(
            i.resourceId(),
            i.name(),
            i.location(),
            i.isolationScope().name(),
            i.tags(),
            i.principalId(),
            i.clientId(),
            i.tenantId()),
        picture.roleAssignments().stream()
            .map(
                (RoleAssignment a) ->
                    new Assignment(
                        a.id(),
                        a.scope(),
                        picture.roleName(a).orElse(null),
                        a.roleDefinitionId(),
                        picture.aboveSubscription(a),
                        a.description(),
                        a.condition()))
            .toList(),
        picture.federatedCredentials().stream()
            .map(
                (FederatedCredential c) ->
                    new Credential(
                        c.name(),
                        c.issuer(),
                        c.subject(),
                        c.expression() == null ? null : c.expression().value(),
                        c.audiences()))
            .toList(),
        picture.attachedTo().stream()
            .map(
                (AssigneeResource r) ->
                    new Assignee(r.id(), r.type(), r.location(), r.identityType()))
            .toList());
  }

  /** The report for people: one section per part. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("Identity ").append(identity.name()).append('\n');
    line(out, "resource ID", identity.resourceId());
    line(out, "location", identity.location());
    line(out, "isolation scope", identity.isolationScope());
    line(out, "principal ID", identity.principalId());
    line(out, "client ID", identity.clientId());
    line(out, "tenant ID", identity.tenantId());
    line(
        out,
        "tags",
        identity.tags().isEmpty()
            ? "(none)"
            : identity.tags().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
    out.append("\nRole assignments (").append(roleAssignments.size()).append(")\n");
    for (Assignment a : roleAssignments) {
      out.append("  ")
          .append(a.role() == null ? a.roleDefinitionId() : a.role())
          .append(" at ")
          .append(a.scope())
          .append(a.aboveSubscription() ? "  [at a management group above the subscription]" : "")
          .append('\n');
      line(out, "  id", a.id());
      if (a.condition() != null) {
        line(out, "  condition", a.condition());
      }
    }
    out.append("\nFederated credentials (").append(federatedCredentials.size()).append(")\n");
    for (Credential c : federatedCredentials) {
      out.append("  ").append(c.name()).append(": ").append(c.issuer());
      out.append(
              c.subject() != null
                  ? " subject " + c.subject()
                  : " claims matching " + c.claimsMatchingExpression())
          .append('\n');
    }
    out.append("\nAssignees (").append(assignees.size()).append(")\n");
    for (Assignee a : assignees) {
      out.append("  ")
          .append(a.resourceId())
          .append(" (")
          .append(a.type())
          .append(", ")
          .append(a.location())
          .append(", identity type ")
          .append(a.identityType())
          .append(")\n");
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append("  ").append(label).append(": ").append(value == null ? "-" : value).append('\n');
  }
}
