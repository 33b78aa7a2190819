package dev.operators.identity.operator.azure;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated values a hostile spec could hold: valid ARM ID pieces mixed with what could steer a
 * request (queries, fragments, encoded slashes, dot segments, whitespace, control and format
 * characters, quotes, non-ASCII letters).
 */
public final class HostileIds {

  static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";

  private static final List<String> PIECES =
      List.of(
          SUB,
          SUB,
          "/resourceGroups/",
          "/resourcegroups/",
          "rg-data",
          "rg.data",
          "dätä",
          "(1)",
          "/providers/",
          "Microsoft.Storage",
          "/storageAccounts/",
          "ordersdata",
          "/blobServices/default",
          "/providers/Microsoft.Management/managementGroups/",
          "mg-platform",
          "/providers/Microsoft.Authorization/roleDefinitions/",
          "acdd72a7-3385-48ef-bd42-f606fba81ae7",
          "?api-version=2021-04-01",
          "&x=",
          "?",
          "#frag",
          "%2F",
          "%",
          "%00",
          " ",
          "\t",
          "\n",
          "\u0000",
          "\u202E",
          "\u200B",
          "..",
          ".",
          "/",
          "//",
          "/../",
          "'",
          "\"",
          "+",
          ";",
          "=",
          ":",
          "@",
          "\\",
          "~");

  /**
   * Single pieces that change a value's meaning in a path, a query, a filter or a terminal, to
   * insert into otherwise valid values: dot segments, slashes plain and encoded, query and fragment
   * characters, whitespace, control, format and line-separator characters, an unpaired surrogate,
   * quotes, and letters that change under case mapping or count twice in UTF-16.
   */
  public static final List<String> SPOILERS =
      List.of(
          "..",
          ".",
          "/",
          "//",
          "%2f",
          "%2F",
          "%",
          "?",
          "#",
          "&",
          "\\",
          " ",
          "\t",
          "\n",
          "\r",
          "\u0000",
          "\u0007",
          "\u007f",
          "\u0085",
          "\u00a0",
          "\u2028",
          "\u200b",
          "\u200e",
          "\u202e",
          "\ufeff",
          "\ud800",
          "'",
          "\"",
          "<",
          ">",
          "+",
          ";",
          "=",
          ":",
          "@",
          "$",
          "~",
          "\ud835\udc00",
          "dätä",
          "İ",
          "\u212a");

  private HostileIds() {}

  /** Concatenations of 1 to 12 pieces: mostly near-valid scopes with something hostile inside. */
  public static Arbitrary<String> scopes() {
    Arbitrary<String> piece = Arbitraries.of(PIECES);
    Arbitrary<String> hostile =
        piece.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
    Arbitrary<String> nearValid =
        Arbitraries.of(
                SUB + "/resourceGroups/rg-data",
                SUB
                    + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/ordersdata",
                "/providers/Microsoft.Management/managementGroups/mg-platform",
                SUB)
            .flatMap(base -> piece.map(p -> base + p));
    return Arbitraries.oneOf(hostile, nearValid);
  }

  /** A built-in role definition's GUID (Reader). */
  public static final String ROLE_GUID = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  /**
   * What a spec's role can hold: names (quotes and OData words that could leave a $filter, Unicode,
   * format and line-separator characters, at the length bound and over it), GUIDs in every case and
   * malformed, role definition IDs at every scope in every letter case, and the hostile scopes.
   */
  public static Arbitrary<String> roles() {
    Arbitrary<String> names =
        Arbitraries.of(
            "Reader",
            "Storage Blob Data Reader",
            "reader",
            "Reader' or roleName eq 'Owner",
            "Reader') or (roleName eq 'Owner",
            "O'Brien's role",
            "''",
            " Reader",
            "Reader ",
            "Rôle spécial",
            "读者",
            "Reader\u202E",
            "Reader\u200B",
            "Reader\u2028Owner",
            "\uD835\uDC00",
            "\uD800",
            "Reader%27",
            "Reader&$filter=x",
            "Reader#x",
            "Reader+x",
            "$filter",
            "r".repeat(512),
            "r".repeat(513));
    Arbitrary<String> spoiledNames =
        Combinators.combine(names, Arbitraries.of(PIECES)).as((n, p) -> n + p);
    Arbitrary<String> guids =
        Arbitraries.of(
            ROLE_GUID,
            ROLE_GUID.toUpperCase(Locale.ROOT),
            "{" + ROLE_GUID + "}",
            ROLE_GUID.replace("-", ""),
            ROLE_GUID + "0",
            ROLE_GUID.substring(1));
    Arbitrary<String> ids =
        Combinators.combine(
                Arbitraries.of(
                    "",
                    SUB,
                    SUB + "/resourceGroups/rg-data",
                    SUB.toUpperCase(Locale.ROOT),
                    "/providers/Microsoft.Management/managementGroups/mg-platform"),
                Arbitraries.of(
                    "/providers/Microsoft.Authorization/roleDefinitions/",
                    "/Providers/Microsoft.Authorization/roleDefinitions/",
                    "/providers/microsoft.authorization/roledefinitions/"),
                guids,
                Arbitraries.of(PIECES).injectNull(0.7))
            .as((scope, type, guid, piece) -> scope + type + guid + (piece == null ? "" : piece));
    return Arbitraries.oneOf(names, spoiledNames, guids, ids, scopes());
  }

  /** Resource IDs of assignees, hostile the same way. */
  public static Arbitrary<String> resourceIds() {
    return scopes()
        .map(
            s ->
                s.startsWith(SUB + "/resourceGroups/rg-data")
                    ? s
                    : SUB + "/resourceGroups/rg-data/providers/Microsoft.Web/sites/" + s);
  }
}
