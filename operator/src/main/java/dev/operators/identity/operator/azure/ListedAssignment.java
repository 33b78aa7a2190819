package dev.operators.identity.operator.azure;

import java.time.Instant;
import java.util.Optional;

/**
 * A role assignment as a listing at a scope shows it, with what a sweep needs besides: the
 * principal type ARM reports ({@code Unknown} for a principal the directory no longer knows) and
 * when the assignment was created (absent when ARM does not say).
 */
public record ListedAssignment(
    RoleAssignment assignment, String principalType, Optional<Instant> createdOn) {

  /** The principal type ARM reports for a principal that no longer exists (ARM-FACTS, seed 002). */
  public static final String UNKNOWN = "Unknown";

  public boolean principalUnknown() {
    return UNKNOWN.equalsIgnoreCase(principalType);
  }
}
