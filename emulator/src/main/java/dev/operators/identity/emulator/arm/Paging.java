package dev.operators.identity.emulator.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * ARM list pages: {@code {"value":[...],"nextLink":"...&$skiptoken=N"}}. Page sizes per listing, as
 * ARM's where known: the generic resource listing answers at most {@value #GENERIC_PAGE_SIZE} per
 * page (its {@code $top} cannot exceed that: 400 {@code InvalidTopInQueryString}, reported in
 * Azure/azure-sdk-for-js issue 18535); every other listing {@value #PAGE_SIZE} (unverified: no
 * public trace gives the page size of identity, role-assignment or subscription lists).
 */
public final class Paging {
  static final int PAGE_SIZE = 100;

  /** Items per page of {@code /subscriptions/{s}/resources} and its resource-group form. */
  static final int GENERIC_PAGE_SIZE = 1000;

  private Paging() {}

  public static <T> ObjectNode page(
      EmulatorState state, ArmRequest request, List<T> items, Function<T, ObjectNode> render) {
    return page(state, request, items, render, "$skiptoken");
  }

  /**
   * A page of {@code value}; the nextLink keeps the request's {@code $filter} and names the skip
   * token as the API does ({@code $skiptoken}, or {@code $skipToken} for Microsoft.Authorization).
   */
  public static <T> ObjectNode page(
      EmulatorState state,
      ArmRequest request,
      List<T> items,
      Function<T, ObjectNode> render,
      String skipTokenName) {
    return page(state, request, items, render, skipTokenName, PAGE_SIZE, "");
  }

  /** A page of at most {@code pageSize} items, the skip token named {@code $skiptoken}. */
  static <T> ObjectNode page(
      EmulatorState state,
      ArmRequest request,
      List<T> items,
      Function<T, ObjectNode> render,
      int pageSize) {
    return page(state, request, items, render, "$skiptoken", pageSize, "");
  }

  /**
   * A page of at most {@code $top} items (a whole number of at least 1; {@value #PAGE_SIZE} when
   * absent), the nextLink keeping {@code $top}: lists whose spec declares {@code $top} and {@code
   * $skiptoken}, such as an identity's federated identity credentials. An invalid {@code $top}
   * answers 400 {@code BadRequest} (code and wording ours, unverified).
   */
  public static <T> ObjectNode pageWithTop(
      EmulatorState state, ArmRequest request, List<T> items, Function<T, ObjectNode> render) {
    String top = request.query.get("$top");
    if (top == null) {
      return page(state, request, items, render, "$skiptoken", PAGE_SIZE, "");
    }
    int size;
    try {
      size = Integer.parseInt(top);
    } catch (NumberFormatException e) {
      size = 0;
    }
    if (size < 1) {
      throw new ArmException(
          400,
          "BadRequest",
          "The value '"
              + top
              + "' of query parameter '$top' is invalid: it must be a whole number of at least 1.");
    }
    return page(state, request, items, render, "$skiptoken", size, "&$top=" + size);
  }

  private static <T> ObjectNode page(
      EmulatorState state,
      ArmRequest request,
      List<T> items,
      Function<T, ObjectNode> render,
      String skipTokenName,
      int pageSize,
      String extraQuery) {
    int skip = 0;
    String token = request.query.get("$skiptoken");
    if (token != null) {
      try {
        skip = Math.max(0, Integer.parseInt(token));
      } catch (NumberFormatException e) {
        throw new ArmException(
            400, "InvalidSkipToken", "The skip token '" + token + "' is invalid.");
      }
    }
    ObjectNode body = Json.object();
    var value = body.putArray("value");
    items.stream().skip(skip).limit(pageSize).map(render).forEach(value::add);
    if ((long) skip + pageSize < items.size()) {
      StringBuilder next =
          new StringBuilder(state.baseUrl() + request.path)
              .append("?api-version=")
              .append(URLEncoder.encode(request.apiVersion(), StandardCharsets.UTF_8));
      String filter = request.query.get("$filter");
      if (filter != null) {
        next.append("&$filter=")
            .append(URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"));
      }
      next.append(extraQuery);
      next.append('&').append(skipTokenName).append('=').append(skip + pageSize);
      body.put("nextLink", next.toString());
    }
    return body;
  }
}
