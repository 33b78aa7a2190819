package dev.operators.identity.operator.reconciler;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the operator needs to know about ARM scopes. */
final class AzureScopes {

  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([0-9a-fA-F-]{36})(/.*)?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern MANAGEMENT_GROUP =
      Pattern.compile(
          "^/providers/Microsoft\\.Management/managementGroups/([^/]+)$", Pattern.CASE_INSENSITIVE);

  private AzureScopes() {}

  /**
   * The subscription or management group a scope belongs to: where the operator lists the
   * principal's assignments (a subscription's list includes everything below it).
   */
  static String searchRoot(String scope) {
    Matcher subscription = SUBSCRIPTION.matcher(scope);
    if (subscription.matches()) {
      return subscriptionScope(subscription.group(1));
    }
    Matcher group = MANAGEMENT_GROUP.matcher(scope);
    if (group.matches()) {
      return "/providers/Microsoft.Management/managementGroups/" + group.group(1);
    }
    throw new IllegalArgumentException("not a role assignment scope: " + scope);
  }

  static String subscriptionScope(String subscriptionId) {
    return "/subscriptions/" + subscriptionId.toLowerCase(Locale.ROOT);
  }

  /** A management group or a whole subscription: broad enough to be privileged by itself. */
  static boolean isBroad(String scope) {
    Matcher subscription = SUBSCRIPTION.matcher(scope);
    return MANAGEMENT_GROUP.matcher(scope).matches()
        || (subscription.matches() && subscription.group(2) == null);
  }
}
