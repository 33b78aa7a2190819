package dev.operators.identity.api.v1alpha1;

import java.util.List;
import java.util.Objects;

/** A policy's lists as read: absent is empty, and null entries are left out. */
final class PolicyLists {
  private PolicyLists() {}

  static List<String> of(List<String> values) {
    return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
  }
}
