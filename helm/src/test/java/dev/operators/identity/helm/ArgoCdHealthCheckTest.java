package dev.operators.identity.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Argo CD health check (deploy/gitops/argocd-health-userassignedidentity.lua) run by a local
 * Lua interpreter on sample objects, the way Argo CD runs it (global {@code obj}, returns {@code
 * {status, message}}). Skipped when no {@code lua} is on PATH (Debian: apt-get install lua5.4).
 */
class ArgoCdHealthCheckTest {

  static final Path GITOPS = Path.of(System.getProperty("deploy.dir", "../deploy"), "gitops");
  static final Path SCRIPT = GITOPS.resolve("argocd-health-userassignedidentity.lua");
  static final String KEY =
      "resource.customizations.health.identity.operators.dev_UserAssignedIdentity";

  @Test
  void argoCdConfigMapEmbedsTheSameScript() throws IOException {
    ConfigMap cm =
        new KubernetesSerialization()
            .unmarshal(Files.readString(GITOPS.resolve("argocd-cm-health.yaml")), ConfigMap.class);
    assertThat(cm.getData().get(KEY).strip()).isEqualTo(Files.readString(SCRIPT).strip());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no status                      | 1 | -    | -                    | -                 | Progressing
          ready for this generation      | 2 | 2    | True                 | Reconciled        | Healthy
          ready for an older generation  | 3 | 2    | True                 | Reconciled        | Progressing
          Ready missing                  | 1 | 1    | -                    | -                 | Progressing
          Ready unknown                  | 1 | 1    | Unknown              | Reconciling       | Progressing
          invalid spec                   | 1 | 1    | False                | InvalidSpec       | Degraded
          not owned                      | 1 | 1    | False                | NotOwned          | Degraded
          owned by another               | 1 | 1    | False                | OwnedByAnother    | Degraded
          change not supported           | 4 | 4    | False                | ChangeNotSupported| Degraded
          location mismatch              | 1 | 1    | False                | LocationMismatch  | Degraded
          throttled                      | 1 | 1    | False                | AzureThrottled    | Progressing
          unavailable                    | 1 | 1    | False                | AzureUnavailable  | Progressing
          failure of an older generation | 2 | 1    | False                | InvalidSpec       | Progressing
          role assignments pending       | 1 | 1    | False                | RoleAssignmentsPending | Progressing
          assignees pending              | 1 | 1    | False                | AssigneesPending  | Progressing
          waiting for the identity       | 1 | 1    | False                | WaitingForIdentity| Progressing
          role assignments failed        | 1 | 1    | False                | RoleAssignmentsFailed | Degraded
          assignees not ready            | 1 | 1    | False                | AssigneesNotReady | Degraded
          Azure refused                  | 1 | 1    | False                | AzureError        | Degraded
          authentication failed          | 1 | 1    | False                | AuthenticationFailed | Degraded
          isolation change refused       | 1 | 1    | False                | IsolationChangeRefused | Degraded
          stalled whatever Ready says    | 1 | 1    | False/stalled        | AzureThrottled    | Degraded
          reconciling whatever Ready says| 1 | 1    | False/reconciling    | AzureError        | Progressing
          being deleted                  | 1 | 1    | False/deleting       | InvalidSpec       | Progressing
          changes planned (Observe, Plan)| 1 | 1    | False                | ChangesPlanned    | Suspended
          plan awaiting approval         | 1 | 1    | False                | AwaitingApproval  | Suspended
          """)
  void healthFollowsTheConditionsAndObservedGeneration(
      String name,
      long generation,
      String observed,
      String ready,
      String reason,
      String expected,
      @TempDir Path tmp)
      throws Exception {
    String lua = whichLua();
    assumeTrue(lua != null, "no Lua interpreter on PATH");

    String extra = ready.contains("/") ? ready.substring(ready.indexOf('/') + 1) : "";
    ready = ready.contains("/") ? ready.substring(0, ready.indexOf('/')) : ready;
    String progress =
        switch (extra) {
          case "stalled" -> ", {type = 'Stalled', status = 'True', reason = 'X', message = 'm'}";
          case "reconciling" ->
              ", {type = 'Reconciling', status = 'True', reason = 'X', message = 'm'}";
          default -> "";
        };
    String deletion =
        extra.equals("deleting") ? ", deletionTimestamp = '2026-12-01T00:00:00Z'" : "";
    String object;
    if (observed.equals("-")) {
      object = "{metadata = {name = 'x', generation = %d}}".formatted(generation);
    } else {
      String conditions =
          ready.equals("-")
              ? "{}"
              : ("{{type = 'IdentityReady', status = 'True', reason = 'Provisioned'},"
                      + " {type = 'Ready', status = '%s', reason = '%s', message = 'm',"
                      + " observedGeneration = %s}%s}")
                  .formatted(ready, reason, observed, progress);
      object =
          ("{metadata = {name = 'x', generation = %d%s}, status = {observedGeneration = %s,"
                  + " conditions = %s}}")
              .formatted(generation, deletion, observed, conditions);
    }
    Path harness = tmp.resolve("harness.lua");
    Files.writeString(
        harness,
        "obj = "
            + object
            + "\nlocal check = assert(loadfile('"
            + SCRIPT.toAbsolutePath().toString().replace("\\", "/")
            + "'))\nlocal hs = check()\nio.write(hs.status)\n");

    Process process = new ProcessBuilder(lua, harness.toString()).redirectErrorStream(true).start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).isEqualTo(expected);
  }

  private static String whichLua() {
    List<String> names = List.of("lua", "lua5.4", "lua5.3", "lua5.1", "luajit");
    Map<String, Path> found =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .flatMap(dir -> names.stream().map(n -> Path.of(dir, n)))
            .filter(Files::isExecutable)
            .collect(Collectors.toMap(p -> p.getFileName().toString(), p -> p, (a, b) -> a));
    return names.stream()
        .filter(found::containsKey)
        .findFirst()
        .map(n -> found.get(n).toString())
        .orElse(null);
  }
}
