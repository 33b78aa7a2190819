package dev.operators.identity.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to send: status, JSON body (or none) and headers. */
final class ArmResponse {
  final int status;
  final JsonNode body;
  final Map<String, String> headers = new LinkedHashMap<>();
  String errorCode;

  private ArmResponse(int status, JsonNode body) {
    this.status = status;
    this.body = body;
  }

  static ArmResponse of(int status, JsonNode body) {
    return new ArmResponse(status, body);
  }

  static ArmResponse empty(int status) {
    return new ArmResponse(status, null);
  }

  ArmResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
