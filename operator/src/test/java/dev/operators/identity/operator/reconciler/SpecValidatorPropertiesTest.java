package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.ArmId.Shape;
import dev.operators.identity.operator.azure.HostileIds;
import dev.operators.identity.operator.azure.IdentityRef;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The spec validator over generated specs ({@link HostileSpecs}): it never throws; every problem
 * names its field and says what is wrong, with the value quoted (no raw control, format or
 * line-separator character reaches a status); one bad field is refused by that field's name and
 * nothing else; and a spec it accepts holds only well-formed ARM IDs, role references and tags.
 */
class SpecValidatorPropertiesTest {

  /** A problem starts with the field it is about (spec.x, spec.x[i].y, metadata.name), then why. */
  static final Pattern NAMES_A_FIELD =
      Pattern.compile(
          "^(spec\\.[a-zA-Z]+(\\[\\d+])?(\\.[a-zA-Z]+)?|metadata\\.name)[ :] ?\\S.{8,}");

  private final SpecValidator validator = new SpecValidator(Optional.of(ReconcilerFixture.SUB));

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void anySpecIsJudgedWithoutAnExceptionAndEveryProblemNamesItsField(
      @ForAll("specs") UserAssignedIdentity uai) {
    SpecValidator.Result result = validator.validate(uai);

    Statistics.label("verdict").collect(result.valid() ? "accepted" : "refused");
    Statistics.label("verdict").coverage(c -> c.check("accepted").percentage(p -> p > 3 && p < 97));
    assertThat(result.valid()).isEqualTo(result.problems().isEmpty());
    for (String problem : result.problems()) {
      assertThat(problem).matches(NAMES_A_FIELD).doesNotContain("Exception");
      assertThat(problem.length()).as(problem).isLessThan(1500);
      assertPrintable(problem);
    }
  }

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
  void oneBadFieldIsRefusedByItsNameAndNothingElseIs(
      @ForAll("validSpecs") UserAssignedIdentity uai, @ForAll("breakages") Breakage breakage) {
    assertThat(validator.validate(uai).problems()).as("the spec before %s", breakage).isEmpty();

    String field = breakage.apply(uai.getSpec());
    SpecValidator.Result result = validator.validate(uai);

    // A broken entry may also repeat another one in another letter case: that names the entry.
    String repeats = field.replaceFirst("\\.[a-zA-Z]+$", "") + " repeats ";
    assertThat(result.problems()).as(breakage.toString()).isNotEmpty();
    assertThat(result.problems())
        .allSatisfy(p -> assertThat(p.startsWith(field) || p.startsWith(repeats)).as(p).isTrue());
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void anAcceptedSpecHoldsOnlyWellFormedIdsRolesAndTags(
      @ForAll("someWellFormedSpecs") UserAssignedIdentity uai) {
    SpecValidator.Result result = validator.validate(uai);
    if (!result.valid()) {
      return;
    }
    UserAssignedIdentitySpec spec = uai.getSpec();
    IdentityRef ref = result.ref();
    ArmId identity = ArmId.parse(ref.resourceId(), Shape.RESOURCE);
    assertThat(URLDecoder.decode(ref.path(), StandardCharsets.UTF_8)).isEqualTo(ref.resourceId());
    assertThat(identity.fullType()).isEqualTo(IdentityRef.RESOURCE_TYPE);
    assertThat(ref.subscriptionId()).matches(AzureNameRules.SUBSCRIPTION_ID);
    assertThat(spec.effectiveRoleAssignments())
        .hasSameSizeAs(spec.getRoleAssignments() == null ? List.of() : spec.getRoleAssignments())
        .hasSizeLessThanOrEqualTo(AzureNameRules.MAX_ROLE_ASSIGNMENTS);
    for (RoleAssignmentSpec a : spec.effectiveRoleAssignments()) {
      ArmId.parse(a.getScope(), Shape.SCOPE);
      if (a.getRole().startsWith("/")) {
        ArmId.parse(a.getRole(), Shape.ROLE_DEFINITION);
      }
      assertThat(a.getRole()).matches(AzureNameRules.ROLE).hasSizeLessThanOrEqualTo(512);
      assertWellFormedUtf16(a.getRole(), a.getDescription(), a.getCondition());
    }
    assertThat(spec.effectiveAssignees()).hasSizeLessThanOrEqualTo(AzureNameRules.MAX_ASSIGNEES);
    for (AssigneeSpec assignee : spec.effectiveAssignees()) {
      assertThat(ArmId.parse(assignee.getResourceId(), Shape.RESOURCE).namespace())
          .isNotEqualToIgnoringCase(AzureNameRules.MANAGED_IDENTITY_NAMESPACE);
    }
    Map<String, String> tags = spec.effectiveTags();
    assertThat(tags).hasSizeLessThanOrEqualTo(AzureNameRules.MAX_USER_TAGS);
    assertThat(tags.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).distinct())
        .hasSameSizeAs(tags.keySet());
    tags.forEach(
        (name, value) -> {
          assertThat(name)
              .isNotEmpty()
              .hasSizeLessThanOrEqualTo(512)
              .doesNotContain("<", ">", "%", "&", "\\", "?", "/");
          assertThat(name.toLowerCase(Locale.ROOT))
              .doesNotStartWith(AzureNameRules.OWNER_TAG_PREFIX);
          assertThat(value).as("value of tag %s", name).isNotNull().hasSizeLessThanOrEqualTo(256);
          assertWellFormedUtf16(name, value);
        });
  }

  /** One field of a valid spec made invalid; {@link #apply} returns the field's path. */
  record Breakage(String describe, Function<UserAssignedIdentitySpec, String> edit) {
    String apply(UserAssignedIdentitySpec spec) {
      return edit.apply(spec);
    }

    @Override
    public String toString() {
      return describe;
    }
  }

  @Provide
  Arbitrary<UserAssignedIdentity> specs() {
    return HostileSpecs.specs();
  }

  @Provide
  Arbitrary<UserAssignedIdentity> someWellFormedSpecs() {
    return Arbitraries.oneOf(HostileSpecs.specs(), HostileSpecs.wellFormedSpecs());
  }

  @Provide
  Arbitrary<UserAssignedIdentity> validSpecs() {
    // Lists below their bounds, so that one more entry is refused for itself only.
    return HostileSpecs.wellFormedSpecs()
        .filter(uai -> validator.validate(uai).valid())
        .filter(uai -> uai.getSpec().effectiveRoleAssignments().size() < 100)
        .filter(uai -> uai.getSpec().effectiveAssignees().size() < 50);
  }

  /** Pieces that no name, GUID or ID segment holds, wherever they are inserted. */
  private static final List<String> NEVER_IN_A_NAME =
      List.of(
          "?", "#", "%", "&", "\\", " ", "\t", "\n", "\u0000", "\u007f", "\u202e", "\u200b", "'",
          "\"", "<", ">", "+", ";", "=", ":", "@", "$", "~", "..");

  @Provide
  Arbitrary<Breakage> breakages() {
    Arbitrary<String> piece = Arbitraries.of(NEVER_IN_A_NAME);
    Arbitrary<Integer> at = Arbitraries.integers().between(1, 9);
    Arbitrary<String> badSub =
        Arbitraries.oneOf(
            Arbitraries.of("", " ", "not-a-guid", "{" + HostileSpecs.SUB + "}"),
            insert(Arbitraries.just(HostileSpecs.SUB), piece, at));
    Arbitrary<String> badGroup =
        Arbitraries.oneOf(
            Arbitraries.of("", " ", "r".repeat(91), "rg.", ".rg", "rg..x"),
            insert(Arbitraries.just("rg-orders"), piece, at));
    Arbitrary<String> badName =
        Arbitraries.oneOf(
            Arbitraries.of("ab", "a".repeat(129), "-abc", "orders.api", "dätä-id", "", " "),
            insert(Arbitraries.just("orders-api"), piece, at));
    Arbitrary<String> badLocation =
        Arbitraries.oneOf(
            Arbitraries.of("EastUS", "east-us", "e".repeat(51), "", " "),
            insert(Arbitraries.just("eastus"), piece, at));
    Arbitrary<String> badScope =
        Arbitraries.oneOf(
            Arbitraries.of(
                "", "/", "/SUBSCRIPTIONS/" + HostileSpecs.SUB, HostileSpecs.RG_SCOPE + "/"),
            insert(HostileSpecs.validScopes(), piece, at));
    Arbitrary<String> badRole =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                " ",
                "r".repeat(513),
                "/Reader",
                "Reader\u0000",
                "Reader\ud800",
                "/providers/microsoft.authorization/roleDefinitions/" + HostileIds.ROLE_GUID),
            insert(
                Arbitraries.just(
                    "/providers/Microsoft.Authorization/roleDefinitions/" + HostileIds.ROLE_GUID),
                piece,
                at));
    Arbitrary<String> badResource =
        Arbitraries.oneOf(
            Arbitraries.of(
                HostileSpecs.SITES.replace(
                        "Microsoft.Web/sites", "Microsoft.ManagedIdentity/identities")
                    + "other",
                "/subscriptions/" + HostileSpecs.SUB + "/resourceGroups/rg-orders"),
            insert(Arbitraries.just(HostileSpecs.SITES + "orders-web"), piece, at));
    Arbitrary<String> badTagName =
        Arbitraries.of(
            "",
            "n".repeat(513),
            "a/b",
            "a<b",
            "a%b",
            "a?b",
            "a\\b",
            "a&b",
            "a>b",
            "Team\ud800",
            "Identity.Operators.Dev.Name",
            "IDENTITY.OPERATORS.DEV.x");
    return Arbitraries.oneOf(
        badSub.map(v -> breakage("spec.subscriptionId", v, (s, x) -> s.setSubscriptionId(x))),
        badGroup.map(v -> breakage("spec.resourceGroup", v, (s, x) -> s.setResourceGroup(x))),
        badName.map(v -> breakage("spec.azureName", v, (s, x) -> s.setAzureName(x))),
        badLocation.map(v -> breakage("spec.location", v, (s, x) -> s.setLocation(x))),
        Arbitraries.of("regional", "1", "", "Global")
            .map(v -> breakage("spec.isolationScope", v, (s, x) -> s.setIsolationScope(x))),
        Arbitraries.of("orphan", "1", "", "Keep")
            .map(v -> breakage("spec.deletionPolicy", v, (s, x) -> s.setDeletionPolicy(x))),
        badTagName.map(
            v -> breakage("spec.tags", v, (s, x) -> s.setTags(with(s.getTags(), x, "v")))),
        Arbitraries.of("v".repeat(257), "v\ud800")
            .map(v -> breakage("spec.tags", v, (s, x) -> s.setTags(with(s.getTags(), "new", x)))),
        badScope.map(v -> entry(".scope", v, i -> new RoleAssignmentSpec("Reader", v))),
        badRole.map(v -> entry(".role", v, i -> new RoleAssignmentSpec(v, freshScope(i)))),
        Arbitraries.of("d".repeat(2049), "d\ud800")
            .map(v -> entry(".description", v, i -> described(i, v))),
        Arbitraries.of("1.0", "2", "", "2.0 ")
            .map(v -> entry(".conditionVersion", v, i -> versioned(i, v))),
        Arbitraries.just("null").map(v -> entry("", v, i -> null)),
        badResource.map(
            v ->
                new Breakage(
                    "assignee " + ArmId.quote(v),
                    s -> {
                      List<AssigneeSpec> list = new ArrayList<>(s.effectiveAssignees());
                      list.add(new AssigneeSpec(v));
                      s.setAssignees(list);
                      return "spec.assignees[" + (list.size() - 1) + "].resourceId";
                    })));
  }

  private static Arbitrary<String> insert(
      Arbitrary<String> base, Arbitrary<String> piece, Arbitrary<Integer> tenths) {
    return Combinators.combine(base, piece, tenths)
        .as(
            (value, p, where) -> {
              int i = where * value.length() / 10;
              return value.substring(0, i) + p + value.substring(i);
            });
  }

  private interface Setter {
    void set(UserAssignedIdentitySpec spec, String value);
  }

  private static Breakage breakage(String field, String value, Setter setter) {
    return new Breakage(
        field + " " + ArmId.quote(value),
        spec -> {
          setter.set(spec, value);
          return field;
        });
  }

  private interface Entry {
    RoleAssignmentSpec at(int index);
  }

  /** A role assignment appended at index i; the problem is about {@code suffix} of that entry. */
  private static Breakage entry(String suffix, String value, Entry entry) {
    return new Breakage(
        "roleAssignments[]" + suffix + " " + ArmId.quote(value),
        spec -> {
          List<RoleAssignmentSpec> list = new ArrayList<>(spec.effectiveRoleAssignments());
          list.add(entry.at(list.size()));
          spec.setRoleAssignments(list);
          return "spec.roleAssignments[" + (list.size() - 1) + "]" + suffix;
        });
  }

  private static String freshScope(int i) {
    return HostileSpecs.RG_SCOPE + "/providers/Microsoft.Storage/storageAccounts/fresh" + i;
  }

  private static RoleAssignmentSpec described(int i, String description) {
    RoleAssignmentSpec a = new RoleAssignmentSpec("Reader", freshScope(i));
    a.setDescription(description);
    return a;
  }

  private static RoleAssignmentSpec versioned(int i, String version) {
    RoleAssignmentSpec a = new RoleAssignmentSpec("Reader", freshScope(i));
    a.setCondition("@Resource[x] StringEquals 'y'");
    a.setConditionVersion(version);
    return a;
  }

  private static Map<String, String> with(Map<String, String> tags, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(tags == null ? Map.of() : tags);
    copy.put(name, value);
    return copy;
  }

  /** No character that changes what a terminal shows raw in the text. */
  static void assertPrintable(String text) {
    text.codePoints()
        .forEach(c -> assertThat(printable(c)).as("U+%04X in %s", c, ArmId.quote(text)).isTrue());
  }

  static boolean printable(int c) {
    int type = Character.getType(c);
    return !Character.isISOControl(c)
        && type != Character.FORMAT
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && type != Character.SURROGATE;
  }

  private static void assertWellFormedUtf16(String... texts) {
    for (String text : texts) {
      if (text != null) {
        assertThat(text.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE))
            .as("no unpaired surrogate in %s", ArmId.quote(text))
            .isTrue();
      }
    }
  }
}
