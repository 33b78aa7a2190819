package dev.operators.identity.api.v1alpha1;

/** Status messages fit the schema's bound, or the API server would refuse the whole status. */
public final class StatusText {

  private static final String CUT = " [... cut to fit the status]";

  private StatusText() {}

  /** {@code message}, cut to {@link AzureNameRules#MAX_MESSAGE_LENGTH} characters if longer. */
  public static String fit(String message) {
    return fit(message, AzureNameRules.MAX_MESSAGE_LENGTH);
  }

  /** {@code text}, cut to {@code max} characters if longer. */
  public static String fit(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - CUT.length()) + CUT;
  }
}
