package dev.operators.identity.operator.reconciler;

import static dev.operators.identity.operator.reconciler.SpecValidatorPropertiesTest.assertPrintable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.ArmId.Shape;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * The reconciler on generated specs ({@link HostileSpecs}) against the in-memory Azure: a spec the
 * validator refuses makes no Azure call at all, not even a read, and deleting it makes none either;
 * a spec it accepts reaches the ports only as parsed values (every role reference, scope, name and
 * resource ID of the grammar), and no status message or event shows a control, format or
 * line-separator character raw.
 */
class HostileSpecReconcilerPropertiesTest extends ReconcilerFixture {

  private static final Pattern GUID = Pattern.compile("^" + AzureNameRules.GUID + "$");
  private static final Pattern IDENTITY_NAME = Pattern.compile(AzureNameRules.IDENTITY_NAME);

  private final SpecValidator validator = new SpecValidator(Optional.of(SUB));

  @BeforeProperty
  void fixture() {
    setUpFixture();
  }

  /** An empty Azure for each try (a new reconciler per try would read its support table anew). */
  @BeforeTry
  void emptyAzure() {
    azure.store.clear();
    azure.calls.clear();
    azure.regionLookups.set(0);
    authorization.assignments.clear();
    authorization.calls.clear();
    assignees.resources.clear();
    assignees.calls.clear();
    events.events.clear();
  }

  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void aRefusedSpecMakesNoAzureCallAndDeletingItNone(@ForAll("specs") UserAssignedIdentity uai) {
    SpecValidator.Result verdict = validator.validate(uai);
    Assume.that(!verdict.valid());

    reconcile(uai);

    assertNoAzureCall();
    Condition identity = condition(uai, "IdentityReady");
    assertThat(identity.getReason()).isEqualTo("InvalidSpec");
    assertThat(identity.getMessage()).contains(verdict.problems().get(0));
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("False");
    uai.getStatus().getConditions().forEach(c -> assertPrintable(c.getMessage()));
    events.events.forEach(SpecValidatorPropertiesTest::assertPrintable);

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertNoAzureCall();
  }

  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void anAcceptedSpecReachesThePortsOnlyAsParsedValues(
      @ForAll("wellFormedSpecs") UserAssignedIdentity uai) {
    Assume.that(validator.validate(uai).valid());
    Set<String> roles =
        uai.getSpec().effectiveRoleAssignments().stream()
            .map(RoleAssignmentSpec::getRole)
            .collect(Collectors.toSet());

    reconcile(uai);

    for (String call : List.copyOf(authorization.calls)) {
      String kind = call.substring(0, call.indexOf(' '));
      String value = call.substring(call.indexOf(' ') + 1);
      switch (kind) {
        case "role-name" -> {
          assertThat(roles).contains(value);
          assertThat(value).doesNotStartWith("/").doesNotMatch(GUID);
        }
        case "role-id" -> {
          assertThat(roles).contains(value);
          if (!GUID.matcher(value).matches()) {
            ArmId.parse(value, Shape.ROLE_DEFINITION);
          }
        }
        case "list" -> ArmId.parse(value, Shape.AZURE_SCOPE);
        case "create" -> {
          ArmId.parse(value.substring(0, value.indexOf(' ')), Shape.SCOPE);
          ArmId.parse(value.substring(value.indexOf(' ') + 1), Shape.ROLE_DEFINITION);
        }
        case "delete" -> ArmId.parse(value, Shape.ROLE_ASSIGNMENT);
        default -> throw new AssertionError("unexpected call " + call);
      }
    }
    for (String call : List.copyOf(azure.calls)) {
      assertThat(call.substring(call.indexOf(' ') + 1)).matches(IDENTITY_NAME);
    }
    for (String call : List.copyOf(assignees.calls)) {
      ArmId.parse(call.substring(call.indexOf(' ') + 1), Shape.AZURE_RESOURCE);
    }
    uai.getStatus().getConditions().forEach(c -> assertPrintable(c.getMessage()));
    uai.getStatus().getRoleAssignments().forEach(e -> assertPrintable(messageOf(e.getMessage())));
    uai.getStatus().getAssignees().forEach(e -> assertPrintable(messageOf(e.getMessage())));
    events.events.forEach(SpecValidatorPropertiesTest::assertPrintable);
  }

  @Provide
  Arbitrary<UserAssignedIdentity> specs() {
    return HostileSpecs.specs();
  }

  @Provide
  Arbitrary<UserAssignedIdentity> wellFormedSpecs() {
    return HostileSpecs.wellFormedSpecs();
  }

  private void assertNoAzureCall() {
    assertThat(azure.calls).as("identity calls").isEmpty();
    assertThat(azure.regionLookups.get()).as("region lookups").isZero();
    assertThat(authorization.calls).as("role definition and assignment calls").isEmpty();
    assertThat(assignees.calls).as("assignee calls").isEmpty();
  }

  private static String messageOf(String message) {
    return message == null ? "" : message;
  }
}
