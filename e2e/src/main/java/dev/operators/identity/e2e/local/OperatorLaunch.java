package dev.operators.identity.e2e.local;

import dev.operators.identity.e2e.EmbeddedStack;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's runnable jar as its own process against a local run, as it runs in a pod: its
 * configuration from the environment ({@code emulator.env}'s {@code AZURE_*} settings, the
 * kubeconfig, the cluster name), so that it can be killed and started again like a container.
 */
public final class OperatorLaunch {

  /** The operator's runnable jar, relative to the repository root (built by its package phase). */
  public static final Path JAR = Path.of("operator", "target", "azure-identity-operator.jar");

  /**
   * The operator's {@code OPERATOR_AZURE_RATE_SCALE} against the emulator's defaults, whose managed
   * identity provider does not throttle: its budget then models limits far above the emulator's,
   * and only ARM's remaining-headers and 429s pace it (a benchmark sets the emulator's own scale).
   */
  public static final String EMULATOR_RATE_SCALE = "1000";

  private OperatorLaunch() {}

  /** The environment variable Fabric8's {@code Config} reads {@code http2.disable} from. */
  static final String HTTP2_DISABLE =
      Utils.convertSystemPropertyNameToEnvVar(Config.KUBERNETES_HTTP2_DISABLE);

  /**
   * The settings the operator reads besides {@code emulator.env}: the kubeconfig, the cluster name
   * of the local run's ownership tags, the resync period, HTTP/1.1 to the embedded API (as its own
   * clients use it), and no webhook.
   */
  public static Map<String, String> settings(Path kubeconfig, Duration resync) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    env.put("OPERATOR_CLUSTER_NAME", EmbeddedStack.CLUSTER_NAME);
    env.put("OPERATOR_RESYNC_PERIOD", resync.toSeconds() + "s");
    // HTTP/1.1 to the embedded API, as to a real API server over plain HTTP (Go's server has no
    // h2c upgrade; the embedded one, on vert.x, accepts it, and the JDK client's h2c broke a 2 MB
    // list: "Frame type(115) ... exceeds MAX_FRAME_SIZE"). Fabric8 reads its "http2.disable" from
    // HTTP2_DISABLE (KUBERNETES_HTTP2_DISABLE is only the name of its Java constant).
    env.put(HTTP2_DISABLE, "true");
    env.put("OPERATOR_AZURE_RATE_SCALE", EMULATOR_RATE_SCALE);
    // The local run registers a webhook only for the operator it runs itself.
    env.put("OPERATOR_WEBHOOK_PORT", "0");
    return env;
  }

  /** The operator's whole environment: {@code emulator.env}'s variables plus {@link #settings}. */
  public static Map<String, String> environment(Path envFile, Path kubeconfig, Duration resync) {
    Map<String, String> env = new LinkedHashMap<>(readEnvFile(envFile));
    env.putAll(settings(kubeconfig, resync));
    return env;
  }

  /**
   * The shell command, run from the repository root, that starts the operator against the local run
   * whose files are in {@code dir} (in a subshell, so the calling shell's environment stays as it
   * is).
   */
  public static String shellCommand(Path dir, Duration resync) {
    StringBuilder command = new StringBuilder("(source ");
    command.append(quoted(dir.toAbsolutePath().resolve("emulator.env").toString())).append(" && ");
    settings(dir.resolve("kubeconfig"), resync)
        .forEach(
            (name, value) -> command.append(name).append('=').append(quoted(value)).append(' '));
    return command.append("java -jar ").append(JAR).append(')').toString();
  }

  private static String quoted(String value) {
    return value.matches("[A-Za-z0-9_./:@%+=-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  /** The {@code export NAME=value} lines of an env file, as a map. */
  static Map<String, String> readEnvFile(Path envFile) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(envFile)) {
        String assignment = line.startsWith("export ") ? line.substring("export ".length()) : line;
        int eq = assignment.indexOf('=');
        if (eq > 0) {
          env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }
}
