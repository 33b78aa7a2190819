package dev.operators.identity.emulator;

/**
 * Token-bucket sizes and refill rates of ARM's per-subscription throttling, one bucket per request
 * kind: reads (GET, HEAD), writes (PUT, PATCH, POST) and deletes (DELETE).
 */
public record ThrottlingConfig(
    int readCapacity,
    double readRefillPerSecond,
    int writeCapacity,
    double writeRefillPerSecond,
    int deleteCapacity,
    double deleteRefillPerSecond) {

  /**
   * ARM's published token-bucket limits per subscription (reads 250 / 25 per second, writes 200 /
   * 10 per second, deletes 200 / 10 per second; see "Understand how Azure Resource Manager
   * throttles requests").
   */
  public static ThrottlingConfig azureDefaults() {
    return new ThrottlingConfig(250, 25, 200, 10, 200, 10);
  }

  /** No throttling at all (buckets that never empty). */
  public static ThrottlingConfig unlimited() {
    return new ThrottlingConfig(
        Integer.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Integer.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Integer.MAX_VALUE,
        Double.POSITIVE_INFINITY);
  }

  /** Same limit for every kind of request. */
  public static ThrottlingConfig uniform(int capacity, double refillPerSecond) {
    return new ThrottlingConfig(
        capacity, refillPerSecond, capacity, refillPerSecond, capacity, refillPerSecond);
  }

  boolean isUnlimited(RequestKind kind) {
    return capacity(kind) == Integer.MAX_VALUE;
  }

  int capacity(RequestKind kind) {
    return switch (kind) {
      case READ -> readCapacity;
      case WRITE -> writeCapacity;
      case DELETE -> deleteCapacity;
    };
  }

  double refillPerSecond(RequestKind kind) {
    return switch (kind) {
      case READ -> readRefillPerSecond;
      case WRITE -> writeRefillPerSecond;
      case DELETE -> deleteRefillPerSecond;
    };
  }

  /** The three kinds of request ARM counts separately. */
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
  }
}
