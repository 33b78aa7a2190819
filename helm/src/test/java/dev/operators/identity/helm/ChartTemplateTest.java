package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartRenderer.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code helm template} with representative value sets (src/test/resources/values/*.yaml). */
class ChartTemplateTest {

  static final String FULLNAME = "aio-azure-identity-operator";
  static final String WEBHOOK = FULLNAME + "-webhook";
  static final String CLIENT_ID = "33333333-3333-3333-3333-333333333333";
  static final String TENANT_ID = "11111111-1111-1111-1111-111111111111";
  static final String SUBSCRIPTION_ID = "22222222-2222-2222-2222-222222222222";
  static final Set<String> CLUSTER_SCOPED =
      Set.of("ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration");

  static Container operator(Rendered rendered) {
    PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).hasSize(1);
    return pod.getContainers().get(0);
  }

  /** Env vars with a literal value; those with valueFrom map to "valueFrom". */
  static Map<String, String> env(Rendered rendered) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : operator(rendered).getEnv()) {
      assertThat(env).as("duplicate env var %s", var.getName()).doesNotContainKey(var.getName());
      env.put(var.getName(), var.getValueFrom() != null ? "valueFrom" : var.getValue());
    }
    return env;
  }

  static List<String> kinds(Rendered rendered) {
    return rendered.objects().stream().map(HasMetadata::getKind).toList();
  }

  @Test
  void everyNamespacedObjectIsInTheReleaseNamespaceExceptWatchedNamespaceRbac() {
    Rendered rendered = ChartRenderer.withValuesFile("watch-namespaces");
    assertThat(rendered.objects())
        .filteredOn(o -> !(o instanceof Role) && !(o instanceof RoleBinding))
        .filteredOn(o -> !CLUSTER_SCOPED.contains(o.getKind()))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
  }
}
