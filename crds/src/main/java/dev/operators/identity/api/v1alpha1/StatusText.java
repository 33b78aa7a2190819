package dev.operators.identity.api.v1alpha1;

/** Status messages fit the schema's bound, or the API server would refuse the whole status. */
public final class StatusText {

  private static final String CUT = " [... cut to fit the status]";

  private StatusText() {}

  /** {@code message}, cut to {@link AzureNameRules#MAX_MESSAGE_LENGTH} characters if longer. */
  public static String fit(String message) {
    if (message == null || message.length() <= AzureNameRules.MAX_MESSAGE_LENGTH) {
      return message;
    }
    return message.substring(0, AzureNameRules.MAX_MESSAGE_LENGTH - CUT.length()) + CUT;
  }
}
