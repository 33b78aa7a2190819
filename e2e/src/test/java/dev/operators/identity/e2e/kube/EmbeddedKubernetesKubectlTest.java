package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real kubectl against {@link EmbeddedKubernetes}; skipped when kubectl is not installed. */
class EmbeddedKubernetesKubectlTest extends KubectlFixture {

  static final String UAI_YAML =
      """
      apiVersion: identity.operators.dev/v1alpha1
      kind: UserAssignedIdentity
      metadata:
        name: %s
        namespace: team-a
      spec:
        resourceGroup: rg-1
        location: westeurope
      """;

  @Test
  void applyGetPatchDelete() throws Exception {
    Path file = dir.resolve("uai.yaml");
    Files.writeString(file, UAI_YAML.formatted("demo"));

    assertThat(ok("apply", "--validate=false", "-f", file.toString()).stdout())
        .contains("userassignedidentity.identity.operators.dev/demo created");
    assertThat(ok("apply", "--validate=false", "-f", file.toString()).stdout()).contains("demo");

    JsonNode json =
        mapper.readTree(ok("get", "uai", "demo", "-n", "team-a", "-o", "json").stdout());
    assertThat(json.path("kind").asText()).isEqualTo("UserAssignedIdentity");
    assertThat(json.path("spec").path("location").asText()).isEqualTo("westeurope");
    assertThat(ok("get", "uai", "demo", "-n", "team-a", "-o", "yaml").stdout())
        .contains("resourceGroup: rg-1");

    assertThat(
            ok(
                    "patch",
                    "uai",
                    "demo",
                    "-n",
                    "team-a",
                    "--type=merge",
                    "-p",
                    "{\"spec\":{\"location\":\"eastus\"}}")
                .stdout())
        .contains("patched");
    UserAssignedIdentity patched =
        kube.client()
            .resources(UserAssignedIdentity.class)
            .inNamespace("team-a")
            .withName("demo")
            .get();
    assertThat(patched.getSpec().getLocation()).isEqualTo("eastus");
    assertThat(patched.getSpec().getResourceGroup()).isEqualTo("rg-1");

    assertThat(
            ok(
                    "patch",
                    "uai",
                    "demo",
                    "-n",
                    "team-a",
                    "--subresource=status",
                    "--type=merge",
                    "-p",
                    "{\"status\":{\"clientId\":\"c-42\"}}")
                .stdout())
        .contains("patched");
    assertThat(
            kube.client()
                .resources(UserAssignedIdentity.class)
                .inNamespace("team-a")
                .withName("demo")
                .get()
                .getStatus()
                .getClientId())
        .isEqualTo("c-42");

    assertThat(ok("delete", "uai", "demo", "-n", "team-a").stdout()).contains("deleted");
    assertThat(
            kube.client()
                .resources(UserAssignedIdentity.class)
                .inNamespace("team-a")
                .withName("demo")
                .get())
        .isNull();
    Result missing = kubectl("get", "uai", "demo", "-n", "team-a");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("\"demo\" not found");
  }

  @Test
  void getShowsPrinterColumns() throws Exception {
    Path file = dir.resolve("columns.yaml");
    Files.writeString(file, UAI_YAML.formatted("columns"));
    ok("apply", "--validate=false", "-f", file.toString());
    ok(
        "patch",
        "uai",
        "columns",
        "-n",
        "team-a",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"clientId\":\"cid-7\",\"location\":\"westeurope\",\"isolationScope\":\"Regional\","
            + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Reconciled\"}]}}");

    String table = ok("get", "uai", "-A").stdout();
    List<String> lines = table.lines().toList();
    // the CRD's priority-0 columns, in the CRD's order (which the CRD generator decides)
    assertThat(lines.get(0).split("\\s{2,}"))
        .startsWith("NAMESPACE", "NAME")
        .containsExactlyInAnyOrder(
            "NAMESPACE", "NAME", "AGE", "LOCATION", "CLIENT ID", "READY", "ISOLATION");
    String row = lines.stream().filter(l -> l.contains("columns")).findFirst().orElseThrow();
    assertThat(row.split("\\s+"))
        .startsWith("team-a", "columns")
        .contains("westeurope", "cid-7", "True", "Regional");

    String wide = ok("get", "uai", "columns", "-n", "team-a", "-o", "wide").stdout();
    assertThat(wide.lines().findFirst().orElseThrow()).contains("REASON");
    assertThat(wide).contains("Reconciled");
    ok("delete", "uai", "columns", "-n", "team-a");
  }

  @Test
  void discoveryNamespacesAndEvents() throws Exception {
    assertThat(ok("api-resources").stdout())
        .contains("userassignedidentities", "uai", "UserAssignedIdentity");
    assertThat(ok("api-versions").stdout())
        .contains("identity.operators.dev/v1alpha1", "coordination.k8s.io/v1");
    assertThat(ok("get", "ns").stdout()).contains("default", "team-a");
    assertThat(ok("get", "events", "-A").exitCode()).isZero();
    assertThat(ok("version").stdout()).contains("Server Version: v1.");

    Path ns = dir.resolve("ns.yaml");
    Files.writeString(ns, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-file\n");
    ok("create", "--validate=false", "-f", ns.toString());
    assertThat(kube.client().namespaces().withName("from-file").get()).isNotNull();
    // generators send protobuf, which the embedded API reads for the built-in kinds they create
    assertThat(ok("create", "namespace", "generated").stdout())
        .contains("namespace/generated created");
    // a protobuf body of a kind it does not read is refused quickly rather than hanging
    Result other = kubectl("create", "quota", "q", "-n", "team-a", "--hard=pods=1");
    assertThat(other.exitCode()).isNotZero();
  }

  /** kubectl wraps descriptions at 80 columns: compare with whitespace collapsed. */
  static String flat(String text) {
    return text.replaceAll("\\s+", " ");
  }

  @Test
  void explainDescribesTheCustomResource() throws Exception {
    String kind = ok("explain", "uai").stdout();
    assertThat(kind)
        .contains("GROUP:      identity.operators.dev")
        .contains("KIND:       UserAssignedIdentity")
        .contains("VERSION:    v1alpha1")
        .containsPattern("metadata\\s+<ObjectMeta>")
        .containsPattern("spec\\s+<Object>")
        .containsPattern("status\\s+<Object>");
    assertThat(flat(kind)).contains("APIVersion defines the versioned schema");

    String isolation = ok("explain", "uai.spec.isolationScope").stdout();
    assertThat(isolation).containsPattern("FIELD: isolationScope <string>");
    assertThat(flat(isolation))
        .contains("ENUM: None Regional")
        .contains(
            "Isolation scope. None (default): the identity can be attached to resources in any"
                + " region. Regional: only to resources in the identity's own region. Can be"
                + " changed in place.");

    String assignments = ok("explain", "uai.status.roleAssignments").stdout();
    assertThat(assignments).containsPattern("FIELD: roleAssignments <\\[\\]Object>");
    assertThat(flat(assignments))
        .contains("One entry per declared role assignment.")
        .contains("roleDefinitionId <string> The role definition the role resolved to.")
        .contains("state <string> enum: Failed, Pending, Planned, Ready");

    String required = ok("explain", "uai.spec").stdout();
    assertThat(required).containsPattern("location\\s+<string> -required-");

    assertThat(flat(ok("explain", "uai.metadata.name").stdout()))
        .contains("Name must be unique within a namespace.");
    assertThat(ok("explain", "uai", "--recursive").stdout())
        .containsPattern("roleAssignments\\s+<\\[\\]Object>")
        .containsPattern("ownerReferences\\s+<\\[\\]OwnerReference>");

    // Built-in kinds are not described; OpenAPI v2 is not served.
    assertThat(kubectl("explain", "namespaces").exitCode()).isNotZero();
    assertThat(kubectl("explain", "uai", "--output=plaintext-openapiv2").exitCode()).isNotZero();
  }

  @Test
  void applyAndCreateValidateByDefault() throws Exception {
    // Without --validate=false: kubectl learns from OpenAPI v3 that the server takes
    // fieldValidation, so it does not need OpenAPI v2 for client-side validation.
    Path file = dir.resolve("validated.yaml");
    Files.writeString(file, UAI_YAML.formatted("validated"));
    assertThat(ok("apply", "-f", file.toString()).stdout())
        .contains("userassignedidentity.identity.operators.dev/validated created");
    assertThat(ok("apply", "-f", file.toString()).stdout()).contains("validated unchanged");
    Files.writeString(file, UAI_YAML.formatted("validated").replace("westeurope", "eastus"));
    assertThat(ok("apply", "--validate=strict", "-f", file.toString()).stdout())
        .contains("validated configured");
    assertThat(
            kube.client()
                .resources(UserAssignedIdentity.class)
                .inNamespace("team-a")
                .withName("validated")
                .get()
                .getSpec()
                .getLocation())
        .isEqualTo("eastus");

    Path created = dir.resolve("created.yaml");
    Files.writeString(created, UAI_YAML.formatted("created"));
    assertThat(ok("create", "-f", created.toString()).stdout())
        .contains("userassignedidentity.identity.operators.dev/created created");
    Result again = kubectl("create", "-f", created.toString());
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.stderr())
        .contains("AlreadyExists")
        .contains("userassignedidentities.identity.operators.dev \"created\" already exists");

    Path builtIns = dir.resolve("built-ins.yaml");
    Files.writeString(
        builtIns,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: validated
          namespace: team-a
        data:
          key: value
        ---
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata:
          name: validated
          namespace: team-a
        spec:
          holderIdentity: someone
        """);
    assertThat(ok("apply", "-f", builtIns.toString()).stdout())
        .contains("configmap/validated created", "lease.coordination.k8s.io/validated created");

    ok("delete", "-f", file.toString());
    ok("delete", "-f", created.toString());
    ok("delete", "-f", builtIns.toString());
  }

  @Test
  void authCommandsSeeAnAllPowerfulUser() throws Exception {
    assertThat(ok("auth", "can-i", "create", "leases", "-n", "default").stdout().trim())
        .isEqualTo("yes");
    assertThat(ok("auth", "can-i", "delete", "uai", "-A").stdout().trim()).isEqualTo("yes");
    assertThat(ok("auth", "can-i", "--list", "-n", "team-a").stdout()).contains("*.*");
    assertThat(ok("auth", "whoami").stdout())
        .contains(EmbeddedKubernetes.USER)
        .contains("system:masters");
  }

  @Test
  void streamingWatchIsNotSupported() throws Exception {
    // Documented limitation: kubectl watches over HTTP streaming, the mock server only over
    // WebSocket.
    Result watch = kubectl("get", "uai", "-n", "team-a", "-w", "--request-timeout=3s");
    assertThat(watch.exitCode()).isNotZero();
  }

  @Test
  void describeListsTheObjectsEventsAndGetEventsShowsTheUsualColumns() throws Exception {
    var uai =
        kube.client()
            .resource(EmbeddedKubernetesClientTest.identity("team-a", "described", "eastus"))
            .create();
    var other =
        kube.client()
            .resource(EmbeddedKubernetesClientTest.identity("team-a", "other", "eastus"))
            .create();
    var events =
        new dev.operators.identity.operator.reconciler.KubernetesEventRecorder(kube.client());
    events.warning(uai, "AzureError", "Resource group 'rg-1' could not be found");
    events.normal(other, "Created", "Created identity other");

    String described = ok("describe", "uai", "described", "-n", "team-a").stdout();
    assertThat(described).contains("AzureError").doesNotContain("Created identity other");

    String table = ok("get", "events", "-n", "team-a").stdout();
    assertThat(table.lines().findFirst().orElseThrow().split("\\s{2,}"))
        .containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    assertThat(table).contains("userassignedidentity/described").contains("Warning");
  }
}
