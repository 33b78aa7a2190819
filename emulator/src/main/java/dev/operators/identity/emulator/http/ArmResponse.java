package dev.operators.identity.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to send: status, JSON body (or none) and headers. */
public final class ArmResponse {
  public final int status;
  public final JsonNode body;
  public final Map<String, String> headers = new LinkedHashMap<>();
  public String errorCode;

  private ArmResponse(int status, JsonNode body) {
    this.status = status;
    this.body = body;
  }

  public static ArmResponse of(int status, JsonNode body) {
    return new ArmResponse(status, body);
  }

  public static ArmResponse empty(int status) {
    return new ArmResponse(status, null);
  }

  public ArmResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
