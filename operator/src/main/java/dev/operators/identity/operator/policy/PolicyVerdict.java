package dev.operators.identity.operator.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the policies selecting a resource's namespace say of it: the policies applied (their names,
 * or the secure default), every rule broken, and what cannot be judged until Azure answers.
 */
public record PolicyVerdict(
    List<String> policies, List<Violation> violations, List<String> undecided) {

  public PolicyVerdict {
    policies = List.copyOf(policies);
    violations = List.copyOf(violations);
    undecided = List.copyOf(undecided);
  }

  /** Nothing broken, nothing left to judge. */
  public boolean compliant() {
    return violations.isEmpty() && undecided.isEmpty();
  }

  /** Every rule broken, one sentence each, joined. */
  public String violationMessage() {
    return violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
  }

  /** What could not be judged, joined. */
  public String undecidedMessage() {
    return String.join("; ", undecided);
  }
}
