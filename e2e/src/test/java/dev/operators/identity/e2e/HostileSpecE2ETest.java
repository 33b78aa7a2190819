package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.RecordedRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The hostile specs of a black-box run, applied next to a healthy identity (the embedded API, like
 * the local run, does not enforce the CRD schema, so only the operator stands between them and
 * Azure): each gets a specific InvalidSpec, the healthy one converges, and the emulator's request
 * log, which records every request on arrival, shows that none of them reached Azure.
 */
@SchemaNotEnforced
class HostileSpecE2ETest extends E2EFixture {

  @Test
  void noValueFromASpecSteersARequest() {
    String rgData = "/subscriptions/" + sub + "/resourceGroups/" + RG;
    String site = rgData + "/providers/Microsoft.Web/sites/orders-web";
    apply(
        withSpec(
            identity("healthy", "eastus"),
            s -> s.setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", rgData)))));

    Map<String, Consumer<dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec>> hostile =
        Map.of(
            "scope-query",
            s ->
                s.setRoleAssignments(
                    List.of(
                        new RoleAssignmentSpec("Reader", rgData + "?api-version=2021-04-01&x="))),
            "scope-space",
            s -> s.setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", rgData + " x"))),
            "role-id-query",
            s ->
                s.setRoleAssignments(
                    List.of(
                        new RoleAssignmentSpec(
                            "/providers/Microsoft.Authorization/roleDefinitions/"
                                + "acdd72a7-3385-48ef-bd42-f606fba81ae7?x=1",
                            rgData))),
            "assignee-query",
            s -> s.setAssignees(List.of(new AssigneeSpec(site + "?api-version=2019-08-01&x="))),
            "assignee-identity",
            s -> s.setAssignees(List.of(new AssigneeSpec(armId("healthy")))),
            "region-mars",
            s -> s.setLocation("mars"),
            "reserved-tag",
            s -> s.setTags(Map.of("Identity.Operators.Dev.Cluster", "other")),
            "null-entry",
            s -> s.setRoleAssignments(Arrays.asList((RoleAssignmentSpec) null)),
            "ordinal-scope",
            s -> s.setIsolationScope("1"));
    hostile.forEach((name, edit) -> apply(withSpec(identity(name, "eastus"), edit)));

    awaitReady("healthy");
    for (String name : hostile.keySet()) {
      UserAssignedIdentity refused = awaitCondition(name, "IdentityReady", "False", "InvalidSpec");
      assertThat(condition(refused, "IdentityReady").orElseThrow().getMessage())
          .as(name)
          .doesNotContain("Exception");
    }

    List<RecordedRequest> requests = stack.emulator().control().requests();
    assertThat(requests).isNotEmpty();
    for (RecordedRequest r : requests) {
      assertThat(r.path()).as("path of %s", r).doesNotContain("?", "#", " ", "..", "mars");
      for (String name : hostile.keySet()) {
        assertThat(r.path().toLowerCase()).as("request for %s", name).doesNotEndWith("/" + name);
      }
      if (!r.query().isEmpty()) {
        assertThat(r.query().split("&"))
            .as("query of %s", r)
            .allSatisfy(p -> assertThat(p).matches("(api-version|\\$filter|\\$skiptoken)=.*"));
        assertThat(r.query()).doesNotContain("2021-04-01", "2019-08-01", "x=");
      }
    }
    assertThat(
            requests.stream()
                .filter(r -> !r.method().equals("GET") && r.path().startsWith("/subscriptions"))
                .map(RecordedRequest::path))
        .allSatisfy(
            path ->
                assertThat(path)
                    .matches(
                        "(?i).*(/userAssignedIdentities/healthy|/roleAssignments/[-0-9a-f]+)"));
  }

  private static UserAssignedIdentity withSpec(
      UserAssignedIdentity uai,
      Consumer<dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec> edit) {
    edit.accept(uai.getSpec());
    return uai;
  }
}
