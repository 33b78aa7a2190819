package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against an {@link EmbeddedKubernetes} per test class, with its own kubeconfig
 * and discovery cache; the tests are skipped when kubectl is not installed.
 */
abstract class KubectlFixture {

  record Result(int exitCode, String stdout, String stderr) {}

  static Path kubectl;
  static EmbeddedKubernetes kube;
  @TempDir static Path dir;
  static final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void start() {
    Optional<Path> found = findKubectl();
    assumeTrue(found.isPresent(), "kubectl is not installed");
    kubectl = found.get();
    kube =
        EmbeddedKubernetes.builder()
            .crdResource(EmbeddedKubernetesFixture.CRD_RESOURCE)
            .namespace("team-a")
            .start();
    kube.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (kube != null) {
      kube.close();
    }
  }

  static Optional<Path> findKubectl() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          candidates.add(Path.of(entry, "kubectl"));
        }
      }
    }
    candidates.add(Path.of("/usr/bin/kubectl"));
    candidates.add(Path.of("/usr/local/bin/kubectl"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** Runs kubectl with the kubeconfig and a private discovery cache (kept off ~/.kube). */
  static Result kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(kubectl.toString());
    command.add("--kubeconfig=" + dir.resolve("kubeconfig"));
    command.add("--cache-dir=" + dir.resolve("cache"));
    command.add("--request-timeout=10s");
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl timed out: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  static Result ok(String... args) throws Exception {
    Result result = kubectl(args);
    assertThat(result.exitCode())
        .as("kubectl %s: %s", String.join(" ", args), result.stderr())
        .isZero();
    return result;
  }
}
