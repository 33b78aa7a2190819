package dev.operators.identity.operator.azure;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ARM ID or scope, parsed by the one strict grammar of {@link AzureNameRules} (the same patterns
 * the CRD gives the API server, so both refuse the same values). Requests are built from {@link
 * #path()}: the parsed segments, each percent-encoded, so no value can add a query, a fragment or a
 * path segment of its own. The Azure SDK's {@code ResourceId} is not used: it knows no management
 * groups and accepts any character in a name.
 */
public final class ArmId {

  /** What the ID's scope is. */
  public enum Kind {
    TENANT_ROOT,
    MANAGEMENT_GROUP,
    SUBSCRIPTION,
    RESOURCE_GROUP,
    RESOURCE
  }

  /** The shapes an ID can be required to have, each with its pattern and a description. */
  public enum Shape {
    SCOPE(
        AzureNameRules.SCOPE,
        false,
        "a management group, subscription, resource group or resource ID"),
    RESOURCE(
        AzureNameRules.RESOURCE_ID,
        false,
        "a resource ID (/subscriptions/{id}/resourceGroups/{name}/providers/{namespace}/{type}/{name})"),
    ROLE_DEFINITION(
        "^" + AzureNameRules.ROLE_DEFINITION_ID + "$",
        false,
        "a role definition ID (.../providers/Microsoft.Authorization/roleDefinitions/{guid})"),
    /** A role assignment ID as Azure returns it (any letter case). */
    ROLE_ASSIGNMENT(
        "^"
            + AzureNameRules.SCOPE_PATH
            + "/providers/Microsoft\\.Authorization/roleAssignments/"
            + AzureNameRules.GUID
            + "$",
        true,
        "a role assignment ID ({scope}/providers/Microsoft.Authorization/roleAssignments/{guid})"),
    /** A scope as Azure returns it (any letter case). */
    AZURE_SCOPE(AzureNameRules.SCOPE, true, "a scope"),
    /** A resource ID as Azure returns it (any letter case). */
    AZURE_RESOURCE(AzureNameRules.RESOURCE_ID, true, "a resource ID");

    private final Pattern pattern;
    private final String description;

    Shape(String regex, boolean anyCase, String description) {
      this.pattern = Pattern.compile(regex, anyCase ? Pattern.CASE_INSENSITIVE : 0);
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final String text;
  private final List<String> segments;

  private ArmId(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
  }

  /** Parses {@code text} as {@code shape}; {@link InvalidArmIdException} says exactly why not. */
  public static ArmId parse(String text, Shape shape) {
    if (text == null || text.isEmpty()) {
      throw new InvalidArmIdException("is empty");
    }
    if (text.length() > AzureNameRules.MAX_ID_LENGTH) {
      throw new InvalidArmIdException(
          "is longer than " + AzureNameRules.MAX_ID_LENGTH + " characters");
    }
    if (!shape.pattern.matcher(text).matches()) {
      throw new InvalidArmIdException(diagnose(text).orElse("is not " + shape.description));
    }
    List<String> parts = Arrays.asList(text.substring(1).split("/", -1));
    return new ArmId(text, List.copyOf(parts));
  }

  /**
   * Parses a value that goes into a request of {@code operation}; refused before sending if bad.
   */
  public static ArmId forRequest(String text, Shape shape, String operation) {
    try {
      return parse(text, shape);
    } catch (InvalidArmIdException e) {
      throw AzureRequestException.refused(operation, text, e.getMessage());
    }
  }

  /** {@code text} parsed as {@code shape}, or empty when it is not one. */
  public static Optional<ArmId> tryParse(String text, Shape shape) {
    try {
      return Optional.of(parse(text, shape));
    } catch (InvalidArmIdException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code text} parses as {@code shape}. */
  public static boolean isValid(String text, Shape shape) {
    return tryParse(text, shape).isPresent();
  }

  /** The most specific reason a value is not an ARM ID, when it breaks a rule of every shape. */
  static Optional<String> diagnose(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (c == '?' || c == '#' || c == '%' || c == '&' || c == '\\') {
        return Optional.of("contains '" + (char) c + "', which no ARM ID holds");
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return Optional.of("contains whitespace, which no ARM ID holds");
      }
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return Optional.of(
            "contains the control character U+"
                + String.format("%04X", c)
                + ", which no ARM ID holds");
      }
      i += Character.charCount(c);
    }
    if (!text.startsWith("/")) {
      return Optional.of("does not start with '/'");
    }
    if (text.endsWith("/") || text.contains("//")) {
      return Optional.of("has an empty segment");
    }
    if (text.contains("..")) {
      return Optional.of("contains '..'");
    }
    for (String segment : text.substring(1).split("/")) {
      if (segment.startsWith(".") || segment.endsWith(".")) {
        return Optional.of("has a segment starting or ending with '.' ('" + segment + "')");
      }
    }
    return Optional.empty();
  }

  /** The ID as written. */
  public String text() {
    return text;
  }

  /** The request path: every segment percent-encoded, joined by '/'. */
  public String path() {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      path.append('/').append(encodeSegment(segment));
    }
    return path.toString();
  }

  /** The kind of scope the ID starts with. */
  public Kind kind() {
    if (is(0, "providers") && is(1, "Microsoft.Management")) {
      return segments.size() == 4 ? Kind.MANAGEMENT_GROUP : Kind.RESOURCE;
    }
    if (is(0, "providers")) {
      return Kind.TENANT_ROOT;
    }
    return switch (segments.size()) {
      case 2 -> Kind.SUBSCRIPTION;
      case 4 -> is(2, "resourceGroups") ? Kind.RESOURCE_GROUP : Kind.RESOURCE;
      default -> Kind.RESOURCE;
    };
  }

  public Optional<String> subscriptionId() {
    return is(0, "subscriptions") ? Optional.of(segments.get(1)) : Optional.empty();
  }

  /** The provider namespace of a resource (the last provider in the ID). */
  public String namespace() {
    return segments.get(lastProviders() + 1);
  }

  /** The full type of a resource, child types included: Microsoft.Web/sites/slots. */
  public String fullType() {
    int providers = lastProviders();
    StringBuilder type = new StringBuilder(segments.get(providers + 1));
    for (int i = providers + 2; i < segments.size(); i += 2) {
      type.append('/').append(segments.get(i));
    }
    return type.toString();
  }

  /** The type below the namespace, child types included: sites/slots. */
  public String typeName() {
    String full = fullType();
    return full.substring(full.indexOf('/') + 1);
  }

  /**
   * The subscription or management group this scope belongs to: where the principal's assignments
   * are listed (a subscription's list includes everything below it).
   */
  public String searchRoot() {
    return subscriptionId()
        .map(ArmId::subscriptionScope)
        .orElseGet(() -> "/providers/Microsoft.Management/managementGroups/" + segments.get(3));
  }

  /** A management group or a whole subscription: broad enough to be privileged by itself. */
  public boolean isBroad() {
    return kind() == Kind.MANAGEMENT_GROUP || kind() == Kind.SUBSCRIPTION;
  }

  public static String subscriptionScope(String subscriptionId) {
    return "/subscriptions/" + subscriptionId.toLowerCase(Locale.ROOT);
  }

  private int lastProviders() {
    for (int i = segments.size() - 3; i >= 0; i--) {
      if (is(i, "providers")) {
        return i;
      }
    }
    throw new IllegalStateException("not a resource ID: " + text);
  }

  private boolean is(int index, String word) {
    return index < segments.size() && segments.get(index).equalsIgnoreCase(word);
  }

  /** ASCII letters, digits and - _ . ( ) stay; everything else is UTF-8 percent-encoded. */
  public static String encodeSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-_.()".indexOf(c) >= 0;
      if (plain) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /**
   * A value for a message: control, format and line-separator characters and unpaired surrogates
   * escaped (none of them shows as itself in a terminal: a right-to-left override or a line
   * separator would change what the rest of the message seems to say), long values shortened.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    value
        .codePoints()
        .limit(300)
        .forEach(
            c -> {
              if (unprintable(c)) {
                out.append(String.format("\\u%04X", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    if (value.codePointCount(0, value.length()) > 300) {
      out.append("...");
    }
    return out.append('\'').toString();
  }

  private static boolean unprintable(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArmId other && text.equalsIgnoreCase(other.text);
  }

  @Override
  public int hashCode() {
    return text.toLowerCase(Locale.ROOT).hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
