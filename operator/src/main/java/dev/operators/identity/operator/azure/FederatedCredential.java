package dev.operators.identity.operator.azure;

import java.util.List;

/**
 * A federated identity credential as Azure holds it, or as the operator writes it: it trusts the
 * issuer's tokens for one {@code subject}, or for the tokens whose claims match {@code expression}
 * (a flexible credential); exactly one of the two is set. A credential listed with an api-version
 * that does not show expressions (2024-11-30) has neither.
 */
public record FederatedCredential(
    String name, String issuer, String subject, Expression expression, List<String> audiences) {

  /** Azure's {@code claimsMatchingExpression}. */
  public record Expression(String value, int languageVersion) {}

  public FederatedCredential {
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
  }

  /** A credential for one exact subject. */
  public FederatedCredential(String name, String issuer, String subject, List<String> audiences) {
    this(name, issuer, subject, null, audiences);
  }

  /** Whether only an api-version with {@code claimsMatchingExpression} can write it. */
  public boolean flexible() {
    return expression != null;
  }

  /**
   * Issuer and subject, or issuer and expression: what one credential trusts. Azure keeps issuer
   * and subject unique per identity; the operator also keeps issuer and expression unique among the
   * declared ones.
   */
  public String pair() {
    return expression == null
        ? issuer + "|" + subject
        : issuer + "|claims v" + expression.languageVersion() + "|" + expression.value();
  }

  /** What it trusts, for messages: "subject X" or "claims matching X". */
  public String trusts() {
    if (expression != null) {
      return "claims matching " + expression.value();
    }
    return subject == null ? "an expression this api-version does not show" : "subject " + subject;
  }
}
