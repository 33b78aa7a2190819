package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.ClaimsMatchingExpressionSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.operator.azure.ArmId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for spec.federatedCredentials, the same as the CRD's (patterns, bounds, exactly one of
 * subject and claimsMatchingExpression): for API servers that cannot check them, and for the
 * message status shows.
 */
final class FederatedCredentialEntryRules {

  private static final Pattern FIC_NAME = Pattern.compile(AzureNameRules.FEDERATED_CREDENTIAL_NAME);
  private static final Pattern ISSUER = Pattern.compile(AzureNameRules.ISSUER);
  private static final Pattern SUBJECT = Pattern.compile(AzureNameRules.SUBJECT);
  private static final Pattern CLAIMS_MATCHING_EXPRESSION =
      Pattern.compile(AzureNameRules.CLAIMS_MATCHING_EXPRESSION);

  private FederatedCredentialEntryRules() {}

  static List<String> problems(List<FederatedCredentialSpec> credentials) {
    List<String> problems = new ArrayList<>();
    if (credentials == null) {
      return problems;
    }
    SpecEntryRules.tooMany(
            "spec.federatedCredentials",
            credentials.size(),
            AzureNameRules.MAX_FEDERATED_CREDENTIALS)
        .ifPresent(problems::add);
    int max = AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD;
    for (int i = 0; i < credentials.size(); i++) {
      String where = "spec.federatedCredentials[" + i + "]";
      FederatedCredentialSpec c = credentials.get(i);
      if (c == null) {
        problems.add(where + " is empty");
        continue;
      }
      if (c.getName() != null && !FIC_NAME.matcher(c.getName()).matches()) {
        problems.add(
            where
                + ".name "
                + ArmId.quote(c.getName())
                + " is not 3 to 120 letters, digits, - and _ starting with a letter or digit");
      }
      if (c.getIssuer() == null || !ISSUER.matcher(c.getIssuer()).matches()) {
        problems.add(where + ".issuer " + ArmId.quote(c.getIssuer()) + " is not an https URL");
      }
      SpecEntryRules.tooLong(where + ".issuer", c.getIssuer(), max).ifPresent(problems::add);
      if ((c.getSubject() == null) == (c.getClaimsMatchingExpression() == null)) {
        problems.add(where + ": " + FederatedCredentialSpec.SUBJECT_XOR_EXPRESSION);
      }
      if (c.getSubject() != null && !SUBJECT.matcher(c.getSubject()).matches()) {
        problems.add(where + ".subject must not be empty or hold control characters");
      }
      SpecEntryRules.tooLong(where + ".subject", c.getSubject(), max).ifPresent(problems::add);
      expressionProblem(where + ".claimsMatchingExpression", c.getClaimsMatchingExpression())
          .ifPresent(problems::add);
      if (c.getAudiences() != null && c.getAudiences().size() != 1) {
        problems.add(
            where
                + ".audiences has "
                + c.getAudiences().size()
                + " entries; Azure takes exactly one (api://AzureADTokenExchange by default)");
      }
      if (c.getAudiences() != null) {
        for (String audience : c.getAudiences()) {
          if (audience == null || audience.isBlank()) {
            problems.add(where + ".audiences has an empty entry");
          } else {
            SpecEntryRules.tooLong(where + ".audiences[]", audience, max).ifPresent(problems::add);
          }
        }
      }
    }
    return problems;
  }

  /** Entra's flexible-credential expression: a claim lookup first, language version 1, bounded. */
  private static Optional<String> expressionProblem(
      String field, ClaimsMatchingExpressionSpec expression) {
    if (expression == null) {
      return Optional.empty();
    }
    String value = expression.getValue();
    if (value == null || !CLAIMS_MATCHING_EXPRESSION.matcher(value).matches()) {
      return Optional.of(
          field
              + ".value "
              + ArmId.quote(value)
              + " is not an expression starting with a claim lookup such as claims['sub'] (and"
              + " without control characters)");
    }
    if (expression.effectiveLanguageVersion() != AzureNameRules.CLAIMS_MATCHING_LANGUAGE_VERSION) {
      return Optional.of(
          field + ".languageVersion is " + expression.getLanguageVersion() + "; Azure has only 1");
    }
    return SpecEntryRules.tooLong(
            field + ".value", value, AzureNameRules.MAX_FEDERATED_CREDENTIAL_FIELD)
        .or(() -> SpecEntryRules.unpairedSurrogate(field + ".value", value));
  }
}
