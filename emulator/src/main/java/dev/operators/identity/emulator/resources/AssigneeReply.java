package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response: status, JSON body ({@code null} = none) and headers. */
record AssigneeReply(int status, JsonNode body, Map<String, String> headers) {
  static AssigneeReply of(int status, JsonNode body) {
    return new AssigneeReply(status, body, new LinkedHashMap<>());
  }

  AssigneeReply header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
