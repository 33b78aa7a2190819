package dev.operators.identity.e2e.crash;

/**
 * Where the operator is killed: at one of its writes, to Azure (matched by method and a path
 * pattern, {@code path}; its first match in the change) or to the Kubernetes API (the {@code
 * ordinal}-th write of a method to the resource, or to its subresource {@code path} such as {@code
 * /status}), before the write is applied or after it was applied but not answered.
 *
 * @param label the write as the matrix names it, e.g. {@code PUT roleAssignment #2}, {@code status
 *     write #1}
 */
record KillPoint(
    Scenario.Change change,
    Target target,
    String method,
    String path,
    int ordinal,
    Moment moment,
    String label) {

  /** Which server the write goes to. */
  enum Target {
    AZURE,
    KUBERNETES
  }

  /** When, relative to the write, the operator dies. */
  enum Moment {
    BEFORE_APPLIED("arrived, not applied"),
    AFTER_APPLIED("applied, not answered");

    final String label;

    Moment(String label) {
      this.label = label;
    }
  }

  /** The matrix row: the change, the write and the moment. */
  String row() {
    return change.label + " | " + label + " | " + moment.label;
  }
}
