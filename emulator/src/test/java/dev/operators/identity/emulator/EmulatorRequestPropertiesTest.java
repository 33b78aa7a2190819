package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The emulator's request parsing under generated hostile paths and queries (dot segments, encoded
 * slashes and NULs, repeated and empty parameters, odd methods): every answer is an ARM answer, an
 * error always with ARM's code, and no request makes the emulator fail (no 500).
 */
class EmulatorRequestPropertiesTest {

  static ArmEmulator emulator;
  static EmulatorWire wire;

  @BeforeContainer
  static void start() {
    emulator = ArmEmulator.start(EmulatorConfig.defaults());
    wire = new EmulatorWire(emulator);
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "rg1", "eastus");
  }

  @AfterContainer
  static void stop() {
    emulator.close();
  }

  private static final List<String> PIECES =
      List.of(
          "/subscriptions/",
          "00000000-0000-0000-0000-000000000001",
          "/resourceGroups/",
          "rg1",
          "/providers/",
          "Microsoft.ManagedIdentity",
          "/userAssignedIdentities/",
          "id-1",
          "Microsoft.Authorization",
          "/roleAssignments/",
          "/roleDefinitions",
          "/locations",
          "..",
          ".",
          "/",
          "//",
          "%2F",
          "%00",
          "%20",
          "%3F",
          "%25",
          "~",
          "'",
          "(",
          ";",
          "=",
          "@",
          "?api-version=2024-11-30",
          "?api-version=2022-04-01",
          "&api-version=2021-04-01",
          "&$filter=principalId%20eq%20'x'",
          "&",
          "=",
          "?");

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of(PIECES)
        .list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .map(pieces -> String.join("", pieces))
        .map(path -> "/subscriptions" + (path.startsWith("/") ? path : "/" + path));
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "PUT", "PATCH", "DELETE", "POST", "HEAD");
  }

  @Property(tries = 200)
  void everyAnswerIsAnArmAnswerAndNoneIsAFailure(
      @ForAll("methods") String method, @ForAll("paths") String path) {
    String body =
        method.equals("PUT") || method.equals("PATCH") ? "{\"location\":\"eastus\"}" : null;

    Reply reply = wire.arm(method, path, body);

    assertThat(reply.status()).as("%s %s", method, path).isNotEqualTo(500);
    if (reply.status() >= 400 && !method.equals("HEAD")) {
      assertThat(reply.code()).as("%s %s: %s", method, path, reply.raw().body()).isNotBlank();
    }
  }
}
