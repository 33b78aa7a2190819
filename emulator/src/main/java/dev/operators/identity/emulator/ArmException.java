package dev.operators.identity.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** An ARM error answer: status, {@code {"error":{"code","message"}}} and extra headers. */
final class ArmException extends RuntimeException {
  final int status;
  final String code;
  final Map<String, String> headers = new LinkedHashMap<>();

  ArmException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  ArmException header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  ArmResponse toResponse() {
    var error = Json.object();
    error.putObject("error").put("code", code).put("message", getMessage());
    ArmResponse response = ArmResponse.of(status, error);
    headers.forEach(response::header);
    response.errorCode = code;
    return response;
  }
}
