package dev.operators.identity.operator.azure;

/**
 * A long-running operation Azure accepted and is still carrying out: the response header that named
 * where to poll ({@code Azure-AsyncOperation} or {@code Location}) and that URL.
 */
public record PendingOperation(String pollHeader, String pollUrl) {

  public static final String ASYNC_OPERATION = "Azure-AsyncOperation";
  public static final String LOCATION = "Location";
}
