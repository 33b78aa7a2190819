package dev.operators.identity.api.v1alpha1;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Enum values of the spec, read by exact name only (never by ordinal, never by another case). */
public final class EnumNames {

  private EnumNames() {}

  /** The constant named {@code value}, {@code fallback} when unset, empty when no name matches. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value, E fallback) {
    if (value == null) {
      return Optional.of(fallback);
    }
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(value)).findFirst();
  }

  /** The names, as a sentence lists them: "None, Regional". */
  public static String names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
