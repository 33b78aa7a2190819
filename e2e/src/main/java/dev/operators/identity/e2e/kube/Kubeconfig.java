package dev.operators.identity.e2e.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The kubeconfig of an embedded API: what kubectl and Fabric8 clients read to reach it. */
final class Kubeconfig {

  private Kubeconfig() {}

  /** One cluster (plain http), one user with a token, one context with namespace default. */
  static String of(String server, String context, String user, String token) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: " + context,
        "  cluster:",
        "    server: " + server,
        "contexts:",
        "- name: " + context,
        "  context:",
        "    cluster: " + context,
        "    user: " + user,
        "    namespace: default",
        "current-context: " + context,
        "users:",
        "- name: " + user,
        "  user:",
        "    token: " + token,
        "preferences: {}",
        "");
  }

  /** Writes {@code text} to {@code file} readable by its owner only (where supported). */
  static Path writePrivate(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
