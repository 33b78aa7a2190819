package dev.operators.identity.e2e.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.e2e.EmbeddedStack;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Runs the whole product on one machine with no cluster and no Azure account: the embedded
 * Kubernetes API, the ARM emulator and the operator. Applies the examples, shows the identities as
 * they become ready, and keeps running so a person can use kubectl and curl against it.
 */
public final class LocalRun implements AutoCloseable {

  /** Identity seeded in the emulator as if created by hand, to show adoption (example 04). */
  static final String LEGACY_IDENTITY = "legacy-reporting";

  static final String RESOURCE_GROUP = "rg-orders";
  static final String DATA_RESOURCE_GROUP = "rg-data";

  private final EmbeddedStack stack;
  private final Options options;
  private final PrintStream out;

  /**
   * Command-line options; {@code withoutOperator}: everything but the operator, which the person
   * (or a crash test) runs from its jar as its own process.
   */
  public record Options(
      Path dir,
      Path examples,
      int kubernetesPort,
      int armPort,
      Duration resync,
      boolean withoutOperator) {

    /** With the operator running in-process. */
    public Options(Path dir, Path examples, int kubernetesPort, int armPort, Duration resync) {
      this(dir, examples, kubernetesPort, armPort, resync, false);
    }

    /** The options of a command line; usage and exit code 2 (no stack trace) when it is wrong. */
    static Options parse(String[] args) {
      Arguments arguments = new Arguments();
      CommandLine command = new CommandLine(arguments);
      try {
        command.parseArgs(args);
      } catch (CommandLine.ParameterException e) {
        System.err.println(e.getMessage());
        command.usage(System.err);
        System.exit(2);
      }
      if (command.isUsageHelpRequested()) {
        command.usage(System.out);
        System.exit(0);
      }
      return new Options(
          arguments.dir,
          arguments.examples,
          arguments.kubernetesPort,
          arguments.armPort,
          OperatorConfig.parseDuration(arguments.resync),
          arguments.withoutOperator);
    }
  }

  @CommandLine.Command(
      name = "java -jar e2e/target/local-run.jar",
      description =
          "Runs the operator locally on embedded defaults: an embedded Kubernetes API, the ARM"
              + " emulator as Azure, and the operator; applies the examples and shows the"
              + " identities it created.")
  static final class Arguments {
    @CommandLine.Option(
        names = "--dir",
        description = "Where to write the kubeconfig and emulator.env (default: .local-run)")
    Path dir = Path.of(".local-run");

    @CommandLine.Option(
        names = "--examples",
        description = "YAML files to apply at start (default: deploy/examples)")
    Path examples = Path.of("deploy", "examples");

    @CommandLine.Option(
        names = "--kubernetes-port",
        description = "Port of the embedded Kubernetes API (default: a free one)")
    int kubernetesPort;

    @CommandLine.Option(
        names = "--arm-port",
        description = "Port of the ARM emulator (default: a free one)")
    int armPort;

    @CommandLine.Option(
        names = "--resync",
        description = "How often each identity is compared with Azure (default: 30s)")
    String resync = "30s";

    @CommandLine.Option(
        names = "--without-operator",
        description =
            "Start everything but the operator, and print the command that runs its jar"
                + " (operator/target/azure-identity-operator.jar) against it as its own process")
    boolean withoutOperator;

    @CommandLine.Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit")
    boolean help;
  }

  private LocalRun(EmbeddedStack stack, Options options, PrintStream out) {
    this.stack = stack;
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    LocalRun run = start(options, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  run.close();
                  stopped.countDown();
                },
                "local-run-shutdown"));
    run.applyExamples();
    if (!options.withoutOperator()) {
      run.showIdentities(Duration.ofSeconds(30));
    }
    run.printHowToUse();
    run.followChanges();
    stopped.await();
  }

  /**
   * Starts the stack, seeds Azure with what the examples need, and starts the operator (or, {@link
   * Options#withoutOperator}, prints how to run it).
   */
  public static LocalRun start(Options options, PrintStream out) {
    EmbeddedStack stack =
        EmbeddedStack.start(
            EmulatorConfig.defaults().withPort(options.armPort()),
            options.kubernetesPort(),
            options.dir());
    LocalRun run = new LocalRun(stack, options, out);
    run.seedAzure();
    stack.kubernetes().writeKubeconfig(options.dir().resolve("kubeconfig"));
    stack.emulator().writeConnectionEnv(options.dir().resolve("emulator.env"), stack.caFile());
    out.println("Kubernetes API (embedded): " + stack.kubernetes().url());
    out.println("ARM emulator:              " + stack.emulator().baseUrl());
    if (options.withoutOperator()) {
      out.println("Operator:                  not started; run it as its own process, from the");
      out.println("                           repository root (kill it, start it again at will):");
      out.println("  " + OperatorLaunch.shellCommand(options.dir(), options.resync()));
      return run;
    }
    stack.registerWebhook();
    stack.startOperator(
        stack.operatorConfig(options.resync()).withWebhook(EmbeddedStack.webhook()));
    out.println("Operator:                  running, resync every " + options.resync());
    out.println(
        "Admission webhook:         "
            + EmbeddedStack.WEBHOOK_NAME
            + " (deploy/manifests/webhook.yaml), refusing what breaks policy at apply time");
    return run;
  }

  public EmbeddedStack stack() {
    return stack;
  }

  /**
   * What the examples refer to, as if it already existed in Azure: resource groups, a storage
   * account (a role assignment scope), web apps and a virtual machine (assignees, in two regions),
   * and an identity created by hand (to show adoption).
   */
  private void seedAzure() {
    var control = stack.emulator().control();
    String sub = stack.emulator().defaultSubscriptionId();
    control.createResourceGroup(sub, RESOURCE_GROUP, "eastus");
    control.createResourceGroup(sub, DATA_RESOURCE_GROUP, "eastus");
    String orders = "/subscriptions/" + sub + "/resourceGroups/" + RESOURCE_GROUP + "/providers/";
    String data =
        "/subscriptions/" + sub + "/resourceGroups/" + DATA_RESOURCE_GROUP + "/providers/";
    seed(
        orders + "Microsoft.ManagedIdentity/userAssignedIdentities/" + LEGACY_IDENTITY,
        "{\"location\":\"eastus\",\"tags\":{\"createdBy\":\"portal\"}}");
    seed(
        data + "Microsoft.Storage/storageAccounts/ordersdata",
        "{\"location\":\"eastus\",\"kind\":\"StorageV2\"}");
    seed(orders + "Microsoft.Web/sites/orders-web", "{\"location\":\"eastus\",\"kind\":\"app\"}");
    seed(
        orders + "Microsoft.Compute/virtualMachines/orders-vm",
        "{\"location\":\"eastus\",\"identity\":{\"type\":\"SystemAssigned\"}}");
    // The regional identity set's assignees (example 10), one per region.
    seed(
        orders + "Microsoft.Web/sites/orders-api-eastus",
        "{\"location\":\"East US\",\"kind\":\"app\"}");
    seed(
        orders + "Microsoft.Web/sites/orders-api-westeurope",
        "{\"location\":\"West Europe\",\"kind\":\"app\"}");
  }

  private void seed(String resourceId, String json) {
    try {
      stack.emulator().control().putResource(resourceId, new ObjectMapper().readTree(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Applies every YAML file of the examples folder, in name order. */
  public List<HasMetadata> applyExamples() throws IOException {
    if (!Files.isDirectory(options.examples())) {
      out.println("No examples at " + options.examples().toAbsolutePath() + ": nothing applied.");
      return List.of();
    }
    KubernetesClient client = stack.client();
    List<Path> files;
    try (Stream<Path> list = Files.list(options.examples())) {
      files = list.filter(p -> p.toString().matches(".*\\.ya?ml$")).sorted().toList();
    }
    List<HasMetadata> applied = new ArrayList<>();
    for (Path file : files) {
      try (InputStream yaml = Files.newInputStream(file)) {
        for (HasMetadata item : client.load(yaml).items()) {
          if (item instanceof Namespace ns) {
            stack.kubernetes().createNamespace(ns.getMetadata().getName());
          } else {
            client.resource(item).createOr(existing -> existing.update());
          }
          applied.add(item);
          out.println(
              "applied "
                  + file.getFileName()
                  + ": "
                  + item.getKind()
                  + " "
                  + item.getMetadata().getName());
        }
      }
    }
    return applied;
  }

  /**
   * Waits until every identity has settled (a Ready condition, and no work in progress: kstatus'
   * Reconciling is not True), or the timeout, then prints them.
   */
  public List<UserAssignedIdentity> showIdentities(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    List<UserAssignedIdentity> identities = identities();
    while (Instant.now().isBefore(deadline)
        && !(identities.stream().allMatch(LocalRun::settled) && setsSettled())) {
      Thread.sleep(250);
      identities = identities();
    }
    out.println();
    out.printf(
        "%-14s %-26s %-6s %-11s %-9s %-36s %s%n",
        "NAMESPACE", "NAME", "READY", "LOCATION", "ISOLATION", "CLIENT ID", "REASON");
    for (UserAssignedIdentity i : identities) {
      Optional<Condition> ready = ready(i);
      var status = i.getStatus();
      out.printf(
          "%-14s %-26s %-6s %-11s %-9s %-36s %s%n",
          i.getMetadata().getNamespace(),
          i.getMetadata().getName(),
          ready.map(Condition::getStatus).orElse("-"),
          i.getSpec().getLocation(),
          status == null || status.getIsolationScope() == null ? "-" : status.getIsolationScope(),
          status == null || status.getClientId() == null ? "-" : status.getClientId(),
          ready.map(Condition::getReason).orElse("-"));
      ready
          .filter(c -> !"True".equals(c.getStatus()))
          .ifPresent(c -> out.println("    " + c.getMessage()));
    }
    return identities;
  }

  private void printHowToUse() {
    Path dir = options.dir().toAbsolutePath();
    out.println();
    out.println("Use it from another terminal:");
    if (options.withoutOperator()) {
      out.println("  " + OperatorLaunch.shellCommand(options.dir(), options.resync()));
    }
    out.println("  export KUBECONFIG=" + dir.resolve("kubeconfig"));
    out.println("  kubectl get uai -A");
    out.println("  kubectl explain uai.spec");
    out.println("  kubectl apply -f my-identity.yaml");
    if (!options.withoutOperator()) {
      out.println(
          "  kubectl apply -f deploy/examples/refused/identity-owner.yaml   # refused by the webhook");
    }
    out.println("  kubectl delete uai -n team-orders orders-batch --wait=false");
    out.println("  source " + dir.resolve("emulator.env"));
    out.println("  curl --cacert \"$ARM_EMULATOR_CA_FILE\" \"$ARM_EMULATOR_URL/_emulator/state\"");
    out.println("Press Ctrl-C to stop. Changes to identities are printed below.");
  }

  /** Every regional identity set Ready for its generation: its regional identities exist. */
  private boolean setsSettled() {
    return stack
        .client()
        .resources(RegionalIdentitySet.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .stream()
        .allMatch(
            set ->
                set.getStatus() != null
                    && java.util.Objects.equals(
                        set.getStatus().getObservedGeneration(), set.getMetadata().getGeneration())
                    && set.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
  }

  private static boolean settled(UserAssignedIdentity identity) {
    boolean reconciling =
        identity.getStatus() != null
            && identity.getStatus().getConditions().stream()
                .anyMatch(c -> "Reconciling".equals(c.getType()) && "True".equals(c.getStatus()));
    return ready(identity).isPresent() && !reconciling;
  }

  /** Prints each change of an identity's Ready condition as it happens. */
  private void followChanges() {
    stack
        .client()
        .resources(UserAssignedIdentity.class)
        .inAnyNamespace()
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, UserAssignedIdentity i) {
                String ready =
                    ready(i).map(c -> c.getStatus() + " " + c.getReason()).orElse("pending");
                out.println(
                    action
                        + " "
                        + i.getMetadata().getNamespace()
                        + "/"
                        + i.getMetadata().getName()
                        + ": Ready="
                        + ready);
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private List<UserAssignedIdentity> identities() {
    return stack.client().resources(UserAssignedIdentity.class).inAnyNamespace().list().getItems();
  }

  private static Optional<Condition> ready(UserAssignedIdentity i) {
    return i.getStatus() == null
        ? Optional.empty()
        : i.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .findFirst();
  }

  @Override
  public void close() {
    stack.close();
  }
}
