package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.ThrottlingConfig;

/** The three kinds of request ARM counts separately, each with its own token bucket. */
enum RequestKind {
  READ("reads", "read"),
  WRITE("writes", "write"),
  DELETE("deletes", "delete");

  final String headerSuffix;
  final String word;

  RequestKind(String headerSuffix, String word) {
    this.headerSuffix = headerSuffix;
    this.word = word;
  }

  static RequestKind of(String method) {
    return switch (method.toUpperCase(java.util.Locale.ROOT)) {
      case "GET", "HEAD", "OPTIONS" -> READ;
      case "DELETE" -> DELETE;
      default -> WRITE;
    };
  }

  boolean isUnlimited(ThrottlingConfig config) {
    return capacity(config) == Integer.MAX_VALUE;
  }

  int capacity(ThrottlingConfig config) {
    return switch (this) {
      case READ -> config.readCapacity();
      case WRITE -> config.writeCapacity();
      case DELETE -> config.deleteCapacity();
    };
  }

  double refillPerSecond(ThrottlingConfig config) {
    return switch (this) {
      case READ -> config.readRefillPerSecond();
      case WRITE -> config.writeRefillPerSecond();
      case DELETE -> config.deleteRefillPerSecond();
    };
  }
}
