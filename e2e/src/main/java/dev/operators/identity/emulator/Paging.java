package dev.operators.identity.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** ARM list pages: {@code {"value":[...],"nextLink":"...&$skiptoken=N"}}. */
final class Paging {
  static final int PAGE_SIZE = 100;

  private Paging() {}

  static <T> ObjectNode page(
      EmulatorState state, ArmRequest request, List<T> items, Function<T, ObjectNode> render) {
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
    items.stream().skip(skip).limit(PAGE_SIZE).map(render).forEach(value::add);
    if (skip + PAGE_SIZE < items.size()) {
      body.put(
          "nextLink",
          state.baseUrl
              + request.path
              + "?api-version="
              + URLEncoder.encode(request.apiVersion(), StandardCharsets.UTF_8)
              + "&$skiptoken="
              + (skip + PAGE_SIZE));
    }
    return body;
  }
}
