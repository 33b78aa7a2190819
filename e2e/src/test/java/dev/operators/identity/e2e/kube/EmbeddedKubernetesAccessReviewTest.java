package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewSpecBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access reviews are answered as a real API server answers a member of {@code system:masters}, and
 * never stored.
 */
class EmbeddedKubernetesAccessReviewTest {

  static final String REVIEWS = "/apis/authorization.k8s.io/v1/";

  static EmbeddedKubernetes kube;
  static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void start() {
    kube = EmbeddedKubernetes.builder().start();
  }

  @AfterAll
  static void stop() {
    kube.close();
  }

  static HttpResponse<String> send(String method, String path, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(kube.url() + path))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void rulesReviewAllowsEverythingTheWayJosdkChecksLeaseAccess() {
    // As JOSDK's LeaderElectionManager asks before it starts electing.
    SelfSubjectRulesReview review = new SelfSubjectRulesReview();
    review.setSpec(new SelfSubjectRulesReviewSpecBuilder().withNamespace("default").build());

    SelfSubjectRulesReview answer = kube.client().resource(review).create();

    assertThat(answer.getSpec().getNamespace()).isEqualTo("default");
    assertThat(answer.getStatus().getIncomplete()).isFalse();
    assertThat(answer.getStatus().getEvaluationError()).isNull();
    List<ResourceRule> rules = answer.getStatus().getResourceRules();
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).getApiGroups()).containsExactly("*");
    assertThat(rules.get(0).getResources()).containsExactly("*");
    assertThat(rules.get(0).getVerbs()).containsExactly("*");
    assertThat(rules.get(0).getResourceNames()).isEmpty();
    assertThat(answer.getStatus().getNonResourceRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getNonResourceURLs()).containsExactly("*");
              assertThat(rule.getVerbs()).containsExactly("*");
            });

    // typed DSL too, and each review is evaluated afresh
    assertThat(
            kube.client()
                .authorization()
                .v1()
                .selfSubjectRulesReview()
                .create(review)
                .getStatus()
                .getIncomplete())
        .isFalse();
  }

  @Test
  void accessReviewsAreAllowed() {
    SelfSubjectAccessReview self =
        kube.client()
            .authorization()
            .v1()
            .selfSubjectAccessReview()
            .create(
                new SelfSubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withNewResourceAttributes()
                    .withGroup("coordination.k8s.io")
                    .withResource("leases")
                    .withVerb("update")
                    .withNamespace("default")
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    assertThat(self.getStatus().getAllowed()).isTrue();
    assertThat(self.getStatus().getDenied()).isNull();
    assertThat(self.getStatus().getReason()).contains("no RBAC");
    assertThat(self.getSpec().getResourceAttributes().getResource()).isEqualTo("leases");
    assertThat(self.getKind()).isEqualTo("SelfSubjectAccessReview");

    SubjectAccessReview other =
        kube.client()
            .authorization()
            .v1()
            .subjectAccessReview()
            .create(
                new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser("someone")
                    .withNewNonResourceAttributes()
                    .withPath("/healthz")
                    .withVerb("get")
                    .endNonResourceAttributes()
                    .endSpec()
                    .build());
    assertThat(other.getStatus().getAllowed()).isTrue();
    assertThat(other.getSpec().getUser()).isEqualTo("someone");

    LocalSubjectAccessReview local =
        kube.client()
            .authorization()
            .v1()
            .localSubjectAccessReview()
            .inNamespace("default")
            .create(
                new LocalSubjectAccessReviewBuilder()
                    .withNewMetadata()
                    .withNamespace("default")
                    .endMetadata()
                    .withNewSpec()
                    .withUser("someone")
                    .withNewResourceAttributes()
                    .withNamespace("default")
                    .withResource("configmaps")
                    .withVerb("get")
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    assertThat(local.getStatus().getAllowed()).isTrue();
    assertThat(local.getMetadata().getNamespace()).isEqualTo("default");
  }

  @Test
  void reviewsAreCreatedOnlyAndNeverStored() throws Exception {
    String body =
        """
        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
         "metadata":{"name":"kept-out"},
         "spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}
        """;
    HttpResponse<String> created =
        send("POST", REVIEWS + "selfsubjectaccessreviews?fieldManager=x", "application/json", body);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode review = mapper.readTree(created.body());
    assertThat(review.path("status").path("allowed").asBoolean()).isTrue();
    assertThat(review.path("metadata").path("name").asText()).isEqualTo("kept-out");
    assertThat(review.path("metadata").has("creationTimestamp")).isTrue();

    // as on a real API server: create is the only verb
    assertThat(send("GET", REVIEWS + "selfsubjectaccessreviews", null, null).statusCode())
        .isEqualTo(405);
    assertThat(send("GET", REVIEWS + "selfsubjectaccessreviews/kept-out", null, null).statusCode())
        .isEqualTo(405);
    assertThat(
            send("DELETE", REVIEWS + "selfsubjectrulesreviews/kept-out", null, null).statusCode())
        .isEqualTo(405);
  }

  @Test
  void protobufBodiesAreAnsweredInJson() throws Exception {
    // kubectl auth can-i sends its review as protobuf; the answer does not depend on it.
    HttpResponse<String> response =
        send(
            "POST",
            REVIEWS + "selfsubjectaccessreviews",
            "application/vnd.kubernetes.protobuf",
            "k8s\u0000\n\u0000binary");
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode review = mapper.readTree(response.body());
    assertThat(review.path("kind").asText()).isEqualTo("SelfSubjectAccessReview");
    assertThat(review.path("status").path("allowed").asBoolean()).isTrue();
  }

  @Test
  void selfSubjectReviewNamesTheEmbeddedUser() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            "application/json",
            "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}");
    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode userInfo = mapper.readTree(response.body()).path("status").path("userInfo");
    assertThat(userInfo.path("username").asText()).isEqualTo(EmbeddedKubernetes.USER);
    assertThat(userInfo.path("groups").toString()).contains("system:masters");
  }

  @Test
  void reviewResourcesAreDiscoverable() throws Exception {
    JsonNode list =
        mapper.readTree(send("GET", "/apis/authorization.k8s.io/v1", null, null).body());
    JsonNode rules = null;
    for (JsonNode resource : list.path("resources")) {
      if (resource.path("name").asText().equals("selfsubjectrulesreviews")) {
        rules = resource;
      }
    }
    assertThat(rules).isNotNull();
    assertThat(rules.path("verbs").toString()).isEqualTo("[\"create\"]");
    assertThat(rules.path("kind").asText()).isEqualTo("SelfSubjectRulesReview");
  }
}
