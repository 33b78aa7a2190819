package dev.operators.identity.emulator.resources;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ARM error answer raised by the assignee resource types: status, {@code error.code}, {@code
 * error.message} and extra headers. The emulator turns it into its own ARM error response.
 */
final class AssigneeError extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> headers = new LinkedHashMap<>();

  AssigneeError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }

  AssigneeError header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
