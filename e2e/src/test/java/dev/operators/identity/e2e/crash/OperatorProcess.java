package dev.operators.identity.e2e.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator's runnable jar as a child process, as in a pod: started from its environment, killed
 * with SIGKILL ({@link Process#destroyForcibly()} on Linux: no shutdown hook, no graceful stop,
 * requests in flight cut off), and started again. Its output is appended to one log file.
 */
public final class OperatorProcess implements AutoCloseable {

  /** Small and quick to start: the machine is shared, and the operator is restarted often. */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-Xss512k");

  private final Path jar;
  private final List<String> jvmOptions;
  private final Map<String, String> environment;
  private final Path log;
  private Process process;
  private int starts;
  private int kills;
  private boolean killedLast;

  OperatorProcess(Path jar, Map<String, String> environment, Path log) {
    this(jar, JVM_OPTIONS, environment, log);
  }

  /** With JVM options of its own (the benchmark: a heap large enough to measure). */
  public OperatorProcess(
      Path jar, List<String> jvmOptions, Map<String, String> environment, Path log) {
    this.jar = jar;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  /** Starts the operator; it must not be running. */
  public synchronized void start() {
    if (alive()) {
      throw new IllegalStateException("the operator is already running");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(environment);
    note("start #" + (starts + 1));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator: " + command, e);
    }
    starts++;
    killedLast = false;
  }

  /** SIGKILL, then waits until the process is gone (its sockets closed by the kernel). */
  synchronized void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    kills++;
    killedLast = true;
    note("killed (SIGKILL), exit " + process.exitValue());
  }

  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** What a kubelet does for a container that exited: starts it again. Whether it had to. */
  synchronized boolean restartIfExited() {
    if (alive()) {
      return false;
    }
    if (process != null && !killedLast) {
      note("exited by itself with " + process.exitValue() + ": restarted");
    }
    start();
    return true;
  }

  synchronized int starts() {
    return starts;
  }

  synchronized int kills() {
    return kills;
  }

  Path log() {
    return log;
  }

  /** A line in the operator's log, to tell its runs apart. */
  void note(String what) {
    try {
      Files.writeString(
          log,
          "----- harness " + Instant.now() + ": " + what + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process's id while it runs (for /proc and jcmd). */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("the operator has not started");
    }
    return process.pid();
  }

  @Override
  public synchronized void close() {
    kill();
  }
}
