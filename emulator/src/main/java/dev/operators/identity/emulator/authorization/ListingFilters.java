package dev.operators.identity.emulator.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.Paging;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import java.util.List;

/**
 * The {@code $filter}s Microsoft.Authorization lists accept, and their pages: role assignments take
 * {@code atScope()}, {@code principalId eq '{id}'} or {@code assignedTo('{id}')} (atScope() with
 * one of the other two); role definitions take {@code roleName eq '...'} and {@code type eq '...'}.
 */
final class ListingFilters {
  private ListingFilters() {}

  /** A role-assignment filter: only assignments at or above the scope, of one principal. */
  record AssignmentFilter(boolean atScope, String principalId) {}

  /** A role-definition filter: by role name and by type ({@code null} = any). */
  record DefinitionFilter(String roleName, String type) {}

  static AssignmentFilter assignments(String filterText) {
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
    return new AssignmentFilter(atScope, principal);
  }

  static DefinitionFilter definitions(String filterText) {
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
    return new DefinitionFilter(roleName, type);
  }

  /** The request's $filter; an unparseable one is ARM's InvalidFilterInQueryString. */
  private static ODataFilter parseFilter(String filterText) {
    try {
      return ODataFilter.parse(filterText);
    } catch (IllegalArgumentException e) {
      throw unsupportedFilter(filterText);
    }
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
  static ObjectNode page(EmulatorState state, ArmRequest request, List<JsonNode> items) {
    return Paging.page(state, request, items, item -> (ObjectNode) item, "$skipToken");
  }
}
