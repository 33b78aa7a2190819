package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import dev.operators.identity.emulator.resources.AssigneeResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An identity's {@code properties.assignmentRestrictions.providers}: kept and returned in the
 * api-versions that define it, ignored as an unknown property in the others, and enforced when the
 * identity is attached to a resource.
 */
class EmulatorAssignmentRestrictionsWireTest extends EmulatorAssigneeWireFixture {
  private static final String PREVIEW = "?api-version=2025-05-31-preview";
  private static final String STABLE_WITH = "?api-version=2026-05-31";
  private static final String STABLE = "?api-version=2024-11-30";

  private static String restricted(String... providers) {
    StringBuilder list = new StringBuilder();
    for (String provider : providers) {
      list.append(list.length() == 0 ? "" : ",").append('"').append(provider).append('"');
    }
    return "{\"location\":\"eastus\",\"properties\":{\"assignmentRestrictions\":{\"providers\":["
        + list
        + "]}}}";
  }

  private static List<String> providers(Reply reply) {
    List<String> providers = new ArrayList<>();
    reply
        .body()
        .path("properties")
        .path("assignmentRestrictions")
        .path("providers")
        .forEach(p -> providers.add(p.asText()));
    return providers;
  }

  private static String restrictedIdentity(String name, String... providers) {
    Reply created =
        wire.arm("PUT", wire.identityPath("rg1", name) + PREVIEW, restricted(providers));
    assertThat(created.status()).isEqualTo(201);
    return wire.identityPath("rg1", name);
  }

  @Test
  void keptAndReturnedInTheVersionsThatDefineIt() {
    String id = restrictedIdentity("id-r1", "Microsoft.Compute", "Microsoft.Web/sites");
    assertThat(providers(wire.arm("GET", id + PREVIEW, null)))
        .containsExactly("Microsoft.Compute", "Microsoft.Web/sites");
    assertThat(providers(wire.arm("GET", id + STABLE_WITH, null)))
        .containsExactly("Microsoft.Compute", "Microsoft.Web/sites");
    assertThat(
            wire.arm("GET", id + STABLE, null)
                .body()
                .path("properties")
                .has("assignmentRestrictions"))
        .isFalse();

    // never set: an empty list in the versions that have it (the 2025-05-31-preview examples)
    JsonNode unrestricted = wire.arm("GET", id1 + PREVIEW, null).body().path("properties");
    assertThat(unrestricted.path("assignmentRestrictions").path("providers").isArray()).isTrue();
    assertThat(unrestricted.path("assignmentRestrictions").path("providers")).isEmpty();

    // a PUT or PATCH without it keeps it; PATCH changes it
    wire.arm("PUT", id + PREVIEW, "{\"location\":\"eastus\",\"tags\":{\"a\":\"b\"}}");
    assertThat(providers(wire.arm("GET", id + PREVIEW, null))).hasSize(2);
    Reply patched =
        wire.arm(
            "PATCH",
            id + PREVIEW,
            "{\"properties\":{\"assignmentRestrictions\":{\"providers\":[\"Microsoft.App\"]}}}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(providers(patched)).containsExactly("Microsoft.App");
    Reply cleared =
        wire.arm("PATCH", id + STABLE_WITH, "{\"properties\":{\"assignmentRestrictions\":{}}}");
    assertThat(providers(cleared)).isEmpty();
  }

  @Test
  void olderVersionsIgnoreItAsAnUnknownProperty() {
    Reply created =
        wire.arm("PUT", wire.identityPath("rg1", "id-r2") + STABLE, restricted("Microsoft.Web"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("properties").has("assignmentRestrictions")).isFalse();
    assertThat(providers(wire.arm("GET", wire.identityPath("rg1", "id-r2") + PREVIEW, null)))
        .isEmpty();
    // even malformed, as any unknown property
    Reply malformed =
        wire.arm(
            "PATCH",
            wire.identityPath("rg1", "id-r2") + STABLE,
            "{\"properties\":{\"assignmentRestrictions\":\"everything\"}}");
    assertThat(malformed.status()).isEqualTo(200);
    assertThat(
            wire.arm(
                    "PUT",
                    wire.identityPath("rg1", "id-r3") + "?api-version=2025-01-31-preview",
                    restricted("Microsoft.Web"))
                .body()
                .path("properties")
                .has("assignmentRestrictions"))
        .isFalse();
  }

  @Test
  void malformedRestrictionsAreRefusedWhereTheyAreDefined() {
    for (String body :
        List.of(
            "{\"location\":\"eastus\",\"properties\":{\"assignmentRestrictions\":[]}}",
            "{\"location\":\"eastus\",\"properties\":{\"assignmentRestrictions\":{\"providers\":\"Microsoft.Web\"}}}",
            "{\"location\":\"eastus\",\"properties\":{\"assignmentRestrictions\":{\"providers\":[1]}}}")) {
      Reply refused = wire.arm("PUT", wire.identityPath("rg1", "bad") + PREVIEW, body);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.code()).isEqualTo("InvalidRequestContent");
      assertThat(refused.message()).contains("assignmentRestrictions");
    }
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "bad"))).isEmpty();
  }

  @Test
  void anAttachOutsideTheListedProvidersOrTypesIsRefused() {
    String compute = restrictedIdentity("compute-only", "microsoft.compute");
    String sites = restrictedIdentity("sites-only", "Microsoft.Web/SITES");
    wire.arm("PUT", vm("vm1") + VM, "{\"location\":\"eastus\"}");
    wire.arm("PUT", path("Microsoft.Web/sites", "site1") + WEB, "{\"location\":\"eastus\"}");

    assertThat(wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", compute)).status())
        .isEqualTo(200);
    assertThat(
            wire.arm(
                    "PATCH",
                    path("Microsoft.Web/sites", "site1") + WEB,
                    attach("UserAssigned", sites))
                .status())
        .isEqualTo(200);

    Reply refused =
        wire.arm(
            "PATCH", path("Microsoft.Web/sites", "site1") + WEB, attach("UserAssigned", compute));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("FailedIdentityOperation");
    assertThat(refused.message())
        .startsWith(
            "Identity operation for resource '"
                + path("Microsoft.Web/sites", "site1")
                + "' failed with error")
        .contains(AssigneeResources.ASSIGNMENT_RESTRICTION_CODE)
        .contains("[microsoft.compute]")
        .contains("'Microsoft.Web/sites'");
    assertThat(wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", sites)).code())
        .isEqualTo("FailedIdentityOperation");
    Reply app =
        wire.arm(
            "PUT",
            path("Microsoft.App/containerApps", "app1") + ACA,
            "{\"location\":\"eastus\"," + attach("UserAssigned", compute).substring(1));
    assertThat(app.status()).isEqualTo(400);
    assertThat(app.message()).contains(AssigneeResources.ASSIGNMENT_RESTRICTION_CODE);

    // nothing changed by the refusals; an empty list and no restriction allow anything
    assertThat(emulator.control().listResourcesWithIdentity(compute)).hasSize(1);
    String any = restrictedIdentity("anywhere");
    Reply open =
        wire.arm(
            "PATCH",
            path("Microsoft.Web/sites", "site1") + WEB,
            attach("UserAssigned", sites, any, id1));
    assertThat(open.status()).isEqualTo(200);
  }

  @Test
  void seededRestrictionsAreEnforcedToo() {
    String seeded = wire.identityPath("rg1", "seeded");
    JsonNode identity =
        emulator.control().putResource(seeded, EmulatorWire.parse(restricted("Microsoft.App")));
    assertThat(
            identity
                .path("properties")
                .path("assignmentRestrictions")
                .path("providers")
                .get(0)
                .asText())
        .isEqualTo("Microsoft.App");
    assertThat(
            emulator
                .control()
                .getResource(seeded)
                .orElseThrow()
                .path("properties")
                .has("assignmentRestrictions"))
        .isTrue();
    assertThat(
            emulator
                .control()
                .getResource(id1)
                .orElseThrow()
                .path("properties")
                .has("assignmentRestrictions"))
        .isFalse();
    wire.arm("PUT", vm("vm1") + VM, "{\"location\":\"eastus\"}");
    assertThat(wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", seeded)).message())
        .contains(AssigneeResources.ASSIGNMENT_RESTRICTION_CODE);
  }
}
