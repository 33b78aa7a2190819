package dev.operators.identity.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One emulator per test class on default settings, with a raw-wire client for it. */
abstract class EmulatorWireFixture {

  static ArmEmulator emulator;
  static EmulatorWire wire;

  @BeforeAll
  static void startEmulator() {
    emulator = ArmEmulator.start(EmulatorConfig.defaults());
    wire = new EmulatorWire(emulator);
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }
}
