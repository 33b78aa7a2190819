package dev.operators.identity.operator.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the policies selecting a resource's namespace say of it: the policies applied (their names,
 * or the secure default), every rule broken, what cannot be judged until Azure answers, and how
 * long Azure asked to wait before asking again (a throttled role lookup).
 */
public record PolicyVerdict(
    List<String> policies,
    List<Violation> violations,
    List<String> undecided,
    Optional<Duration> retryAfter) {

  public PolicyVerdict {
    policies = List.copyOf(policies);
    violations = List.copyOf(violations);
    undecided = List.copyOf(undecided);
  }

  PolicyVerdict(List<String> policies, List<Violation> violations, List<String> undecided) {
    this(policies, violations, undecided, Optional.empty());
  }

  /** This verdict, retried no sooner than Azure asked. */
  PolicyVerdict withRetryAfter(Optional<Duration> wait) {
    return new PolicyVerdict(policies, violations, undecided, wait);
  }

  /** Nothing broken, nothing left to judge. */
  public boolean compliant() {
    return violations.isEmpty() && undecided.isEmpty();
  }

  /**
   * Every rule broken, one sentence each, joined: the admission webhook's denial, and the start of
   * the reconciler's PolicyViolation message (the one function both callers use).
   */
  public String violationMessage() {
    return violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
  }

  /** What could not be judged, joined. */
  public String undecidedMessage() {
    return String.join("; ", undecided);
  }
}
