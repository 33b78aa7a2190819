package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSweep;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweepSpec;
import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.operator.HealthEndpoint;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitoringE2ETest extends E2EFixture {

  @Test
  void scrape() throws Exception {
    stack
        .emulator()
        .control()
        .injectFault(FaultRule.status("PUT", "/userAssignedIdentities/", 429, 1));
    apply(identity("mon-ready", "eastus"));
    awaitReady("mon-ready");
    var bad = identity("mon-bad", "eastus");
    bad.getSpec().setResourceGroup("rg-missing");
    apply(bad);
    awaitCondition("mon-bad", "Ready", "False", "AzureError");
    RoleAssignmentSweep sweep = new RoleAssignmentSweep();
    sweep.setMetadata(new ObjectMetaBuilder().withName("mon-sweep").build());
    RoleAssignmentSweepSpec spec = new RoleAssignmentSweepSpec();
    spec.setScopes(List.of("/subscriptions/" + sub + "/resourceGroups/" + RG));
    spec.setMinimumAge("0s");
    sweep.setSpec(spec);
    stack.client().resource(sweep).create();
    Thread.sleep(3000);
    try (HealthEndpoint endpoint =
        HealthEndpoint.start(0, () -> true, () -> true, stack.operator().metrics()::scrape)) {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      System.out.println("SCRAPE\n" + body);
      assertThat(body).isNotEmpty();
    }
  }
}
