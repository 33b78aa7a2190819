package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.RecordedRequest;
import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import dev.operators.identity.operator.cli.CliContext;
import dev.operators.identity.operator.cli.OperatorCli;
import dev.operators.identity.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code import} and {@code trace} in-process against the emulator, through the Azure SDK and
 * azure-identity: the imported YAML, applied with the operator running, is adopted and changes
 * nothing the estate holds.
 */
class ImportE2ETest extends E2EFixture {

  static ImportedEstate estate;

  @BeforeAll
  static void seedTheEstate() throws Exception {
    estate = new ImportedEstate(stack.emulator(), someoneElse());
  }

  /** What a command printed, and its exit code. */
  record Run(int exitCode, String out, String err) {}

  /** The jar's command line, on the emulator's endpoints and CA, with no environment. */
  static Run cli(String... arguments) throws Exception {
    OperatorConfig operator = stack.operatorConfig(RESYNC);
    Path secret = Files.writeString(work.resolve("client-secret"), operator.clientSecret());
    List<String> args = new ArrayList<>(List.of(arguments));
    args.addAll(
        List.of(
            "--cloud", "Custom",
            "--resource-manager-endpoint", operator.cloud().resourceManagerEndpoint(),
            "--authority-host", operator.cloud().authorityHost(),
            "--tenant-id", operator.tenantId(),
            "--client-id", operator.clientId(),
            "--client-secret-file", secret.toString(),
            "--ca-file", operator.caCertificateFile().toString()));
    var context =
        new CliContext(
            Map.of(),
            SdkAzurePorts::connect,
            stack.kubernetes()::newClient,
            env -> {
              throw new AssertionError("the operator is not started by import or trace");
            });
    var cli = OperatorCli.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  static List<UserAssignedIdentity> read(String yaml) {
    List<HasMetadata> items =
        stack
            .client()
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .items();
    var serialization = stack.client().getKubernetesSerialization();
    return items.stream()
        .map(item -> serialization.convertValue(item, UserAssignedIdentity.class))
        .toList();
  }

  static List<RecordedRequest> armWrites() {
    return stack.emulator().control().requests().stream()
        .filter(r -> Stream.of("PUT", "PATCH", "DELETE").anyMatch(r.method()::equals))
        .toList();
  }

  @Test
  void anImportedEstateIsAdoptedAndManagingItChangesNothingButTheOwnershipTags() throws Exception {
    var before = estate.snapshot();
    Run imported =
        cli("import", "--subscription", estate.sub, "-g", ImportedEstate.GROUP, "-n", namespace);
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(armWrites()).as("import only reads").isEmpty();

    List<UserAssignedIdentity> resources = read(imported.out());
    assertThat(resources)
        .extracting(r -> r.getMetadata().getName() + " " + r.getSpec().getAzureName())
        .containsExactly("billing-reader null", "orders-api null", "orders-batch Orders_Batch");
    UserAssignedIdentity api = resources.get(1);
    assertThat(api.getMetadata().getAnnotations())
        .containsEntry("identity.operators.dev/adopt", "true");
    assertThat(api.getSpec().getManagementPolicy()).isEqualTo("Observe");
    assertThat(api.getSpec().getDeletionPolicy()).isEqualTo("Orphan");
    assertThat(api.getSpec().getIsolationScope()).isEqualTo("Regional");
    assertThat(api.getSpec().getTags())
        .containsOnly(Map.entry("team", "orders"), Map.entry("cost-center", "42"));
    assertThat(api.getSpec().getRoleAssignments())
        .extracting(a -> a.getRole() + " at " + a.getScope())
        .containsExactly(
            "Contributor at /providers/Microsoft.Management/managementGroups/"
                + ImportedEstate.MANAGEMENT_GROUP,
            "Reader at /subscriptions/" + estate.sub,
            "Storage Blob Data Reader at /subscriptions/"
                + estate.sub
                + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/ordersdata",
            "Reader at /subscriptions/" + estate.sub + "/resourceGroups/" + ImportedEstate.GROUP);
    assertThat(imported.err())
        .contains("1 at a management group above the subscription: a policy must allow that scope");
    assertThat(api.getSpec().getAssignees())
        .extracting(a -> a.getResourceId())
        .containsExactlyInAnyOrder(estate.vm, estate.web);
    assertThat(resources.get(2).getSpec().getFederatedCredentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getSubject()).isNull();
              assertThat(c.getClaimsMatchingExpression().getValue())
                  .contains("repo:contoso/orders:*");
            });

    // The estate holds what the secure default refuses (a subscription scope, Contributor): a
    // policy must allow what is imported, as on a shared cluster.
    allowTheEstate();
    stack.emulator().control().clearRequests();
    resources.forEach(this::apply);
    // Observe mode: the imported YAML reproduces the estate, so nothing is planned or written.
    for (UserAssignedIdentity resource : resources) {
      UserAssignedIdentity ready = awaitReady(resource.getMetadata().getName());
      assertThat(ready.getStatus().getResourceId()).isNotBlank();
      assertThat(ready.getStatus().getPlan().getReason()).isEqualTo("Observe");
      assertThat(ready.getStatus().getPlan().getChanges()).as("planned changes").isEmpty();
    }
    assertThat(armWrites()).as("Observe writes nothing").isEmpty();

    // Managing it (the mode removed) takes the identities over and changes nothing else.
    for (UserAssignedIdentity resource : resources) {
      String name = resource.getMetadata().getName();
      edit(name, spec -> spec.setManagementPolicy(null));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                UserAssignedIdentity managed = awaitReady(name);
                assertThat(managed.getStatus().getPlan()).isNull();
              });
    }

    assertThat(estate.snapshot()).isEqualTo(before);
    // The management-group assignment is the principal's own: imported, it is kept.
    assertThat(stack.emulator().control().getResource(estate.managementGroupAssignment))
        .as("the management-group assignment, imported with the rest")
        .isPresent();
    assertThat(armWrites())
        .as("only the adoption's ownership tags")
        .extracting(
            r ->
                r.method()
                    + " "
                    + r.path()
                        .replaceAll("(?i).*/(userAssignedIdentities|managementGroups)/", "$1/"))
        .containsExactlyInAnyOrder(
            "PATCH userAssignedIdentities/billing-reader",
            "PATCH userAssignedIdentities/orders-api",
            "PATCH userAssignedIdentities/Orders_Batch");
    assertThat(
            stack
                .emulator()
                .control()
                .getResource(estate.ordersApi)
                .orElseThrow()
                .path("tags")
                .has("identity.operators.dev.cluster"))
        .isTrue();
  }

  private void allowTheEstate() {
    IdentityPolicy policy =
        stack
            .client()
            .getKubernetesSerialization()
            .unmarshal(
                "apiVersion: identity.operators.dev/v1alpha1\nkind: IdentityPolicy\nmetadata:\n"
                    + "  name: imported-"
                    + namespace
                    + "\nspec:\n  namespaces: ["
                    + namespace
                    + "]\n  roleAssignments:\n    scopePrefixes: [/subscriptions/"
                    + estate.sub
                    + ", /providers/Microsoft.Management/managementGroups/"
                    + ImportedEstate.MANAGEMENT_GROUP
                    + "]\n    allowedRoles: [Reader, Contributor, Storage Blob Data Reader]\n",
                IdentityPolicy.class);
    stack.client().resource(policy).create();
  }

  @AfterEach
  void removePolicies() {
    stack.client().resources(IdentityPolicy.class).withName("imported-" + namespace).delete();
  }

  @Test
  void importByIdWritesOneFilePerIdentityInPlanMode() throws Exception {
    Path dir = work.resolve("imported-" + namespace);
    Run imported =
        cli(
            "import",
            "--id",
            estate.ordersBatch,
            "--id",
            estate.billing,
            "-n",
            namespace,
            "--mode",
            "Plan",
            "--output-dir",
            dir.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("orders-batch.yaml", "billing-reader.yaml");
    }
    UserAssignedIdentity batch = read(Files.readString(dir.resolve("orders-batch.yaml"))).get(0);
    assertThat(batch.getSpec().getManagementPolicy()).isEqualTo("Plan");
    assertThat(batch.getSpec().getAssignees())
        .extracting(a -> a.getResourceId())
        .containsExactly(estate.vm);
    assertThat(batch.getSpec().getRoleAssignments())
        .extracting(a -> a.getRole() + " at " + a.getScope())
        .containsExactly("Contributor at /subscriptions/" + estate.sub + "/resourceGroups/rg-data");
  }

  @Test
  void traceShowsHowAzureLooksAssignmentsAboveTheSubscriptionIncluded() throws Exception {
    Run text = cli("trace", "--id", estate.ordersApi);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains(
            "Identity orders-api",
            "isolation scope: Regional",
            "principal ID: " + estate.principal(estate.ordersApi))
        .contains(
            "Role assignments (4)",
            "Contributor at /providers/Microsoft.Management/managementGroups/mg-estate  [at a management group above the subscription]")
        .contains(
            "Federated credentials (1)",
            "aks-orders-api: "
                + ImportedEstate.ISSUER
                + " subject system:serviceaccount:team-orders:orders-api")
        .contains("Assignees (2)", estate.vm, estate.web);

    Run json = cli("trace", "--id", estate.ordersBatch, "-o", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    var doc = JSON.readTree(json.out());
    assertThat(doc.at("/identity/name").asText()).isEqualTo("Orders_Batch");
    assertThat(doc.at("/federatedCredentials/0/claimsMatchingExpression").asText())
        .contains("repository_id");
    assertThat(doc.at("/roleAssignments/0/role").asText()).isEqualTo("Contributor");
    assertThat(doc.at("/roleAssignments/0/aboveSubscription").asBoolean()).isFalse();

    Run missing = cli("trace", "--id", estate.ordersApi.replace("orders-api", "nobody"));
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("Azure has no identity");
  }

  @Test
  void traceOfAResourceInTheClusterFindsItsIdentity() throws Exception {
    var uai = identity("traced", "eastus");
    uai.getSpec().setResourceGroup(ImportedEstate.GROUP);
    uai.getSpec().setSubscriptionId(estate.sub);
    uai.getSpec().setAzureName("Orders_Batch");
    uai.getSpec().setDeletionPolicy("Orphan");
    // Not adopted: the operator refuses it (NotOwned), which trace does not need.
    apply(uai);
    Run yaml = cli("trace", "--namespace", namespace, "--name", "traced", "-o", "yaml");
    assertThat(yaml.exitCode()).as(yaml.err()).isZero();
    assertThat(yaml.out())
        .contains(
            "resourceId: \"" + estate.ordersBatch.replace("resourceGroups", "resourcegroups"));
  }
}
