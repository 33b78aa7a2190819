package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.HostileIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated specs a real user could send, field by field: valid values (at the bounds too, in the
 * letter cases tools print, in other subscriptions and management groups), values one over the
 * bound, and values spoiled by one piece that could steer a request or fool a terminal ({@link
 * HostileIds#SPOILERS}), mixed case, and null entries. Each field is valid in most samples, so that
 * whole specs are accepted often enough for the properties about accepted specs to mean something.
 */
final class HostileSpecs {

  static final String SUB = ReconcilerFixture.SUB;

  /** A subscription of another tenant: a GUID like any other, for the operator. */
  static final String OTHER_TENANT_SUB = "9f1c2d3e-4b5a-4c6d-8e7f-00000000abcd";

  static final String RG_SCOPE = "/subscriptions/" + SUB + "/resourceGroups/rg-data";
  static final String SITES =
      "/subscriptions/" + SUB + "/resourceGroups/rg-orders/providers/Microsoft.Web/sites/";

  /** How often a field is hostile, against 6 for valid. */
  private final int hostileWeight;

  private HostileSpecs(int hostileWeight) {
    this.hostileWeight = hostileWeight;
  }

  /** Specs with every field drawn from its own values: valid in most samples, hostile in others. */
  static Arbitrary<UserAssignedIdentity> specs() {
    return new HostileSpecs(1).all();
  }

  /**
   * Specs whose every field holds one of its valid values (at the bounds, in other subscriptions,
   * in any case): most are accepted; some are refused as a whole (two tags differing only in case,
   * the same role and scope twice, a metadata.name that is no identity name).
   */
  static Arbitrary<UserAssignedIdentity> wellFormedSpecs() {
    return new HostileSpecs(0).all();
  }

  private Arbitrary<UserAssignedIdentity> all() {
    Arbitrary<Where> where =
        Combinators.combine(
                field(
                    Arbitraries.of(SUB, OTHER_TENANT_SUB, SUB.toUpperCase(Locale.ROOT))
                        .injectNull(0.5),
                    hostileSubscriptions()),
                field(
                    validGroups(),
                    Arbitraries.oneOf(
                        spoiled(validGroups()),
                        Arbitraries.of("", " ", "r".repeat(91), "rg.", ".rg", "rg..x"))),
                field(
                    Arbitraries.of("orders-api", "id_1", "abc", "a".repeat(128)).injectNull(0.5),
                    hostileIdentityNames()),
                Arbitraries.of("orders-api", "orders-api", "orders.api", "ab"),
                field(
                    Arbitraries.of("eastus", "westeurope", "mars", "e" + "1".repeat(49)),
                    hostileLocations()))
            .as(Where::new);
    Arbitrary<What> what =
        Combinators.combine(
                field(
                    Arbitraries.of("None", "Regional").injectNull(0.4),
                    Arbitraries.of("regional", "1", "", "None ", "Global")),
                field(
                    Arbitraries.of("Delete", "Orphan").injectNull(0.4),
                    Arbitraries.of("orphan", "1", "", "Keep")),
                tags(),
                roleAssignments(),
                assignees())
            .as(What::new);
    return Combinators.combine(where, what).as(HostileSpecs::resource);
  }

  record Where(String subscription, String group, String azureName, String name, String location) {}

  record What(
      String isolation,
      String deletion,
      Map<String, String> tags,
      List<RoleAssignmentSpec> roles,
      List<AssigneeSpec> assignees) {}

  static UserAssignedIdentity resource(Where where, What what) {
    UserAssignedIdentity uai = ReconcilerFixture.resource(where.name());
    var spec = uai.getSpec();
    spec.setSubscriptionId(where.subscription());
    spec.setResourceGroup(where.group());
    spec.setAzureName(where.azureName());
    spec.setLocation(where.location());
    spec.setIsolationScope(what.isolation());
    spec.setDeletionPolicy(what.deletion());
    spec.setTags(what.tags());
    spec.setRoleAssignments(what.roles());
    spec.setAssignees(what.assignees());
    return uai;
  }

  /** Mostly {@code valid}, sometimes {@code hostile} (never, for well-formed specs). */
  private <T> Arbitrary<T> field(Arbitrary<T> valid, Arbitrary<T> hostile) {
    return hostileWeight == 0
        ? valid
        : Arbitraries.frequencyOf(Tuple.of(6, valid), Tuple.of(hostileWeight, hostile));
  }

  /** {@code base} with one hostile piece inserted somewhere, or with its letters' case mixed. */
  static Arbitrary<String> spoiled(Arbitrary<String> base) {
    Arbitrary<String> inserted =
        Combinators.combine(
                base, Arbitraries.of(HostileIds.SPOILERS), Arbitraries.integers().between(0, 1000))
            .as(
                (value, piece, where) -> {
                  int at = where * value.length() / 1000;
                  return value.substring(0, at) + piece + value.substring(at);
                });
    Arbitrary<String> mixedCase =
        Combinators.combine(base, Arbitraries.longs()).as(HostileSpecs::mixCase);
    return Arbitraries.frequencyOf(Tuple.of(4, inserted), Tuple.of(1, mixedCase));
  }

  static String mixCase(String value, long seed) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            c ->
                out.appendCodePoint(
                    random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c)));
    return out.toString();
  }

  static Arbitrary<String> hostileSubscriptions() {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "{" + SUB + "}", SUB.replace("-", ""), SUB + "0", "not-a-guid"),
        spoiled(Arbitraries.just(SUB)));
  }

  static Arbitrary<String> validGroups() {
    return Arbitraries.of(
        "rg-orders",
        "rg.data(eu)",
        "RG_1",
        "dätä",
        "(x)",
        "1",
        "r".repeat(90),
        "rg-" + "ä".repeat(87));
  }

  static Arbitrary<String> hostileIdentityNames() {
    return Arbitraries.oneOf(
        Arbitraries.of("ab", "a".repeat(129), "-abc", "_abc", "orders.api", "", " "),
        spoiled(Arbitraries.just("orders-api")));
  }

  static Arbitrary<String> hostileLocations() {
    return Arbitraries.oneOf(
        Arbitraries.of("EastUS", "east us", "East US", "e".repeat(51), "", " ", "east-us"),
        spoiled(Arbitraries.just("eastus")));
  }

  private Arbitrary<Map<String, String>> tags() {
    Arbitrary<String> names =
        field(
            Arbitraries.of(
                "team",
                "Team",
                "cost-center",
                "Team Name",
                "ümlaut",
                "n".repeat(512),
                "x.identity.operators.dev.y"),
            Arbitraries.oneOf(
                Arbitraries.of(
                    "",
                    "n".repeat(513),
                    "Identity.Operators.Dev.Cluster",
                    "identity.operators.dev.name",
                    "a/b",
                    "a<b",
                    "a%b",
                    "a?b",
                    "a\\b",
                    "a&b",
                    "a>b"),
                spoiled(Arbitraries.just("team"))));
    Arbitrary<String> values =
        field(
                Arbitraries.of("orders", "", "v".repeat(256), "ü"),
                Arbitraries.oneOf(
                    Arbitraries.of("v".repeat(257)), spoiled(Arbitraries.just("orders"))))
            .injectNull(0.02);
    Arbitrary<Map<String, String>> few = Arbitraries.maps(names, values).ofMaxSize(4);
    Arbitrary<Map<String, String>> many =
        Combinators.combine(
                few,
                Arbitraries.integers()
                    .between(AzureNameRules.MAX_USER_TAGS - 2, AzureNameRules.MAX_USER_TAGS + 1))
            .as(
                (some, count) -> {
                  Map<String, String> tags = new LinkedHashMap<>(some);
                  for (int i = 0; tags.size() < count; i++) {
                    tags.put("t" + i, "v");
                  }
                  return tags;
                });
    return Arbitraries.frequencyOf(Tuple.of(12, few), Tuple.of(1, many)).injectNull(0.1);
  }

  private Arbitrary<String> roles() {
    return field(
        Arbitraries.of(
            "Reader",
            "Storage Blob Data Reader",
            "reader",
            "Contributor",
            "Owner",
            HostileIds.ROLE_GUID,
            HostileIds.ROLE_GUID.toUpperCase(Locale.ROOT),
            "/providers/Microsoft.Authorization/roleDefinitions/" + HostileIds.ROLE_GUID,
            "/subscriptions/"
                + SUB
                + "/providers/Microsoft.Authorization/roleDefinitions/"
                + HostileIds.ROLE_GUID,
            "/providers/Microsoft.Management/managementGroups/mg-platform/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
            "Rôle spécial",
            "r".repeat(AzureNameRules.MAX_ROLE_LENGTH)),
        Arbitraries.oneOf(
            HostileIds.roles(),
            Arbitraries.of("", " ", "r".repeat(AzureNameRules.MAX_ROLE_LENGTH + 1))));
  }

  static Arbitrary<String> validScopes() {
    String sub = "/subscriptions/" + SUB;
    String longGroup = sub + "/resourceGroups/";
    return Arbitraries.of(
        sub,
        "/subscriptions/" + OTHER_TENANT_SUB,
        "/subscriptions/" + OTHER_TENANT_SUB + "/resourceGroups/rg-theirs",
        RG_SCOPE,
        sub + "/resourcegroups/rg-data",
        "/Subscriptions/" + SUB.toUpperCase(Locale.ROOT) + "/ResourceGroups/rg.data(eu)",
        RG_SCOPE + "/providers/Microsoft.Storage/storageAccounts/ordersdata",
        RG_SCOPE
            + "/providers/Microsoft.Storage/storageAccounts/a/blobServices/default/containers/exports",
        "/providers/Microsoft.Management/managementGroups/mg-platform",
        "/providers/Microsoft.Management/managementGroups/contoso-tenant-root",
        longGroup + "g".repeat(AzureNameRules.MAX_ID_LENGTH - longGroup.length()));
  }

  private Arbitrary<String> scopes() {
    String longGroup = "/subscriptions/" + SUB + "/resourceGroups/";
    return field(
        validScopes(),
        Arbitraries.oneOf(
            HostileIds.scopes(),
            spoiled(validScopes()),
            Arbitraries.of(
                "",
                "/",
                "/subscriptions",
                "/SUBSCRIPTIONS/" + SUB,
                "/subscriptions/" + SUB + "/RESOURCEGROUPS/rg",
                "/providers/microsoft.management/managementGroups/mg",
                "/providers/Microsoft.Management/managementGroups",
                RG_SCOPE + "/../../" + OTHER_TENANT_SUB,
                RG_SCOPE + "%2F..%2F..%2Fother",
                "/providers/Microsoft.Authorization/roleDefinitions/" + HostileIds.ROLE_GUID,
                longGroup + "g".repeat(AzureNameRules.MAX_ID_LENGTH + 1 - longGroup.length()))));
  }

  private Arbitrary<RoleAssignmentSpec> roleAssignment() {
    Arbitrary<String> descriptions =
        field(
                Arbitraries.of(
                    "read order exports", "d".repeat(AzureNameRules.MAX_DESCRIPTION_LENGTH)),
                Arbitraries.oneOf(
                    Arbitraries.of("d".repeat(AzureNameRules.MAX_DESCRIPTION_LENGTH + 1)),
                    spoiled(Arbitraries.just("read"))))
            .injectNull(0.7);
    Arbitrary<String[]> conditions =
        field(
                Arbitraries.of(
                    new String[] {
                      "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'exports'",
                      "2.0"
                    },
                    new String[] {"c".repeat(AzureNameRules.MAX_CONDITION_LENGTH), null}),
                Arbitraries.of(
                    new String[] {"c".repeat(AzureNameRules.MAX_CONDITION_LENGTH + 1), "2.0"},
                    new String[] {"x", "1.0"},
                    new String[] {"x", "2"},
                    new String[] {"x", "2.0 "},
                    new String[] {null, "2.0"},
                    new String[] {"x\u0000", ""}))
            .injectNull(0.8);
    return Combinators.combine(roles(), scopes(), descriptions, conditions)
        .as(
            (role, scope, description, condition) -> {
              RoleAssignmentSpec a = new RoleAssignmentSpec(role, scope);
              a.setDescription(description);
              if (condition != null) {
                a.setCondition(condition[0]);
                a.setConditionVersion(condition[1]);
              }
              return a;
            });
  }

  private Arbitrary<List<RoleAssignmentSpec>> roleAssignments() {
    Arbitrary<List<RoleAssignmentSpec>> few = roleAssignment().injectNull(0.03).list().ofMaxSize(3);
    Arbitrary<List<RoleAssignmentSpec>> many =
        Arbitraries.integers()
            .between(
                AzureNameRules.MAX_ROLE_ASSIGNMENTS - 1, AzureNameRules.MAX_ROLE_ASSIGNMENTS + 1)
            .map(
                n ->
                    IntStream.range(0, n)
                        .mapToObj(
                            i ->
                                new RoleAssignmentSpec(
                                    "Reader",
                                    RG_SCOPE
                                        + "/providers/Microsoft.Storage/storageAccounts/sa"
                                        + i))
                        .toList());
    return Arbitraries.frequencyOf(Tuple.of(20, few), Tuple.of(1, many)).injectNull(0.1);
  }

  private Arbitrary<String> resourceIds() {
    String sub = "/subscriptions/" + SUB + "/resourceGroups/rg-orders/providers/";
    return field(
        Arbitraries.of(
            sub + "Microsoft.Compute/virtualMachines/vm-1",
            SITES + "orders-web",
            SITES + "orders-web/slots/staging",
            "/subscriptions/"
                + OTHER_TENANT_SUB
                + "/resourceGroups/rg/providers/Microsoft.App/containerApps/app",
            "/Subscriptions/" + SUB + "/resourcegroups/RG-ORDERS/providers/microsoft.web/sites/x"),
        Arbitraries.oneOf(
            HostileIds.resourceIds(),
            spoiled(Arbitraries.just(SITES + "orders-web")),
            Arbitraries.of(
                sub + "Microsoft.ManagedIdentity/userAssignedIdentities/other",
                sub + "microsoft.managedidentity/userassignedidentities/other",
                "/subscriptions/" + SUB + "/resourceGroups/rg-orders",
                SITES + "x".repeat(AzureNameRules.MAX_ID_LENGTH + 1 - SITES.length()))));
  }

  private Arbitrary<List<AssigneeSpec>> assignees() {
    Arbitrary<List<AssigneeSpec>> few =
        resourceIds().map(AssigneeSpec::new).injectNull(0.03).list().ofMaxSize(3);
    Arbitrary<List<AssigneeSpec>> many =
        Arbitraries.integers()
            .between(AzureNameRules.MAX_ASSIGNEES - 1, AzureNameRules.MAX_ASSIGNEES + 1)
            .map(
                n ->
                    IntStream.range(0, n)
                        .mapToObj(i -> new AssigneeSpec(SITES + "s" + i))
                        .toList());
    return Arbitraries.frequencyOf(Tuple.of(20, few), Tuple.of(1, many)).injectNull(0.1);
  }
}
