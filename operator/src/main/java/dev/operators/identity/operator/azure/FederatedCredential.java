package dev.operators.identity.operator.azure;

import java.util.List;

/** A federated identity credential as Azure holds it, or as the operator writes it. */
public record FederatedCredential(
    String name, String issuer, String subject, List<String> audiences) {

  public FederatedCredential {
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
  }

  /** Issuer and subject: what Azure keeps unique on one identity. */
  public String pair() {
    return issuer + "|" + subject;
  }
}
