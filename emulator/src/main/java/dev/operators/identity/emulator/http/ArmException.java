package dev.operators.identity.emulator.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** An ARM error answer: status, {@code {"error":{"code","message"}}} and extra headers. */
public final class ArmException extends RuntimeException {
  public final int status;
  public final String code;
  final Map<String, String> headers = new LinkedHashMap<>();

  public ArmException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public ArmException header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public ArmResponse toResponse() {
    var error = Json.object();
    error.putObject("error").put("code", code).put("message", getMessage());
    ArmResponse response = ArmResponse.of(status, error);
    headers.forEach(response::header);
    response.errorCode = code;
    return response;
  }
}
