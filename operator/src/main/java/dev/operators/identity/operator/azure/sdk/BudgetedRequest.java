package dev.operators.identity.operator.azure.sdk;

import java.util.Locale;
import java.util.Optional;

/**
 * What an ARM request counts against, read from its method and path: the subscription, ARM's kind
 * of request (reads, writes, deletes: its bucket per subscription and principal) and, for
 * user-assigned identities and their federated credentials, the managed identity provider's own
 * operation and the identity it addresses (ARM-FACTS "Managed identities": the provider's limits
 * per subscription and per identity). A request outside any subscription counts against nothing.
 *
 * @param subscription the subscription, lower case
 * @param identity the identity addressed (a credential's parent), lower case; empty for a list
 */
record BudgetedRequest(
    String subscription,
    ArmKind kind,
    Optional<ProviderOperation> provider,
    Optional<String> identity) {

  /** ARM's three buckets per subscription and principal. */
  enum ArmKind {
    READ("reads"),
    WRITE("writes"),
    DELETE("deletes");

    /** The suffix of ARM's {@code x-ms-ratelimit-remaining-subscription-*} header. */
    final String header;

    ArmKind(String header) {
      this.header = header;
    }
  }

  /** What the managed identity provider counts separately. */
  enum ProviderOperation {
    /** Identity PUT or PATCH, credential PUT or DELETE. */
    WRITE,
    /** GET of an identity or a credential. */
    READ,
    /** A list of identities, or of an identity's credentials. */
    LIST,
    /** Identity DELETE. */
    DELETE
  }

  private static final String PROVIDER = "microsoft.managedidentity";
  private static final String IDENTITIES = "userassignedidentities";
  private static final String CREDENTIALS = "federatedidentitycredentials";

  /** The request's budget, or empty for one outside a subscription. */
  static Optional<BudgetedRequest> of(String method, String path) {
    String[] segments =
        java.util.Arrays.stream(path == null ? new String[0] : path.split("/"))
            .filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
    if (segments.length < 2 || !segments[0].equals("subscriptions")) {
      return Optional.empty();
    }
    String verb = method.toUpperCase(Locale.ROOT);
    ArmKind kind =
        switch (verb) {
          case "GET", "HEAD" -> ArmKind.READ;
          case "DELETE" -> ArmKind.DELETE;
          default -> ArmKind.WRITE;
        };
    int at = -1;
    for (int i = 2; i + 1 < segments.length; i++) {
      if (segments[i].equals(PROVIDER) && segments[i + 1].equals(IDENTITIES)) {
        at = i;
      }
    }
    if (at < 0) {
      return Optional.of(
          new BudgetedRequest(segments[1], kind, Optional.empty(), Optional.empty()));
    }
    boolean named = segments.length > at + 2;
    boolean credential = segments.length > at + 3 && segments[at + 3].equals(CREDENTIALS);
    boolean credentialNamed = credential && segments.length > at + 4;
    Optional<String> identity =
        named
            ? Optional.of("/" + String.join("/", java.util.Arrays.copyOf(segments, at + 3)))
            : Optional.empty();
    ProviderOperation operation =
        switch (verb) {
          case "GET", "HEAD" ->
              !named || (credential && !credentialNamed)
                  ? ProviderOperation.LIST
                  : ProviderOperation.READ;
          case "DELETE" -> credential ? ProviderOperation.WRITE : ProviderOperation.DELETE;
          case "PUT", "PATCH" -> ProviderOperation.WRITE;
          default -> null;
        };
    return Optional.of(
        new BudgetedRequest(
            segments[1],
            kind,
            Optional.ofNullable(operation),
            operation == ProviderOperation.LIST ? Optional.empty() : identity));
  }
}
