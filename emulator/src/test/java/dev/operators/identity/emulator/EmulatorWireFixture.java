package dev.operators.identity.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One emulator per test class on default settings and a test clock (time moves only when a test
 * advances it), with a raw-wire client for it.
 */
abstract class EmulatorWireFixture {

  static TestClock clock;
  static ArmEmulator emulator;
  static EmulatorWire wire;

  @BeforeAll
  static void startEmulator() {
    clock = new TestClock();
    emulator = ArmEmulator.start(EmulatorConfig.defaults().withClock(clock));
    wire = new EmulatorWire(emulator);
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }
}
