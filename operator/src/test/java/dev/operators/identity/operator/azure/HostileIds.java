package dev.operators.identity.operator.azure;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

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
