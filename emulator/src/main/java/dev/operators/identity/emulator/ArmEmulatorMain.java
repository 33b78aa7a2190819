package dev.operators.identity.emulator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone: {@code java -jar arm-emulator.jar [--port 8443] [--out DIR]}.
 * Prints the connection details, writes {@code DIR/ca.pem} and {@code DIR/emulator.env}, and runs
 * until killed.
 */
public final class ArmEmulatorMain {
  private ArmEmulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 8443;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "-h", "--help" -> {
          System.out.println("usage: java -jar arm-emulator.jar [--port 8443] [--out DIR]");
          return;
        }
        default -> {
          System.err.println("unknown argument: " + args[i]);
          System.exit(2);
        }
      }
    }
    ArmEmulator emulator = ArmEmulator.start(EmulatorConfig.defaults().withPort(port));
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "arm-emulator-shutdown"));
    Path caFile = null;
    if (out != null) {
      caFile = emulator.writeCaCertificate(out.resolve("ca.pem")).toAbsolutePath();
      emulator.writeConnectionEnv(out.resolve("emulator.env"), caFile);
    }
    System.out.println("ARM emulator listening on " + emulator.baseUrl());
    System.out.println("ARM_EMULATOR_URL=" + emulator.baseUrl());
    System.out.println("AZURE_TENANT_ID=" + emulator.tenantId());
    System.out.println("AZURE_CLIENT_ID=" + emulator.clientId());
    System.out.println("AZURE_CLIENT_SECRET=" + emulator.clientSecret());
    System.out.println("AZURE_SUBSCRIPTION_ID=" + emulator.defaultSubscriptionId());
    if (caFile != null) {
      System.out.println("ARM_EMULATOR_CA_FILE=" + caFile);
    }
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
