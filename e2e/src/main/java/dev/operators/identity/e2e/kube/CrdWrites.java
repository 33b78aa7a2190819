package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** CRD creates, updates and patches, checked by {@link CrdRegistration} before they are stored. */
final class CrdWrites {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Function<String, Optional<String>> stored;
  private final Function<RecordedRequest, MockResponse> store;

  CrdWrites(
      Function<String, Optional<String>> stored, Function<RecordedRequest, MockResponse> store) {
    this.stored = stored;
    this.store = store;
  }

  Optional<MockResponse> handle(RecordedRequest request, String path, WriteAdmission admission) {
    HttpMethod method = request.method();
    boolean collection = path.equals(EmbeddedKubernetesDispatcher.CRD_PATH);
    boolean object =
        path.startsWith(EmbeddedKubernetesDispatcher.CRD_PATH + "/")
            && path.indexOf('/', EmbeddedKubernetesDispatcher.CRD_PATH.length() + 1) < 0;
    boolean write =
        (method == HttpMethod.POST && collection)
            || ((method == HttpMethod.PUT || method == HttpMethod.PATCH) && object);
    if (!write) {
      return Optional.empty();
    }
    try {
      ObjectNode written;
      if (method == HttpMethod.PATCH) {
        Optional<String> current = stored.apply(path);
        if (current.isEmpty()) {
          return Optional.empty();
        }
        written = CustomResourceWrites.patch(request, CustomResourceWrites.parse(current.get()));
      } else {
        written = CustomResourceWrites.parse(request.getUtf8Body());
      }
      CustomResourceDefinition crd =
          SERIALIZATION.unmarshal(written.toString(), CustomResourceDefinition.class);
      List<StatusCause> causes = CrdRegistration.problems(crd);
      if (!causes.isEmpty()) {
        return Optional.of(EmbeddedKubernetesDispatcher.jsonResponse(422, invalid(crd, causes)));
      }
      Optional<MockResponse> refused =
          admission.check(
              written,
              method == HttpMethod.POST
                  ? null
                  : stored.apply(path).map(CustomResourceWrites::parse).orElse(null));
      if (refused.isPresent()) {
        return refused;
      }
      return Optional.of(
          store.apply(
              StoreAnswers.jsonRequest(
                  method == HttpMethod.POST ? HttpMethod.POST : HttpMethod.PUT,
                  path,
                  written.toString())));
    } catch (CustomResourceWrites.Refused refused) {
      return Optional.of(refused.response);
    }
  }

  private static Object invalid(CustomResourceDefinition crd, List<StatusCause> causes) {
    String name = crd.getMetadata() == null ? "" : crd.getMetadata().getName();
    return StoreAnswers.invalid("CustomResourceDefinition", "apiextensions.k8s.io", name, causes);
  }
}
