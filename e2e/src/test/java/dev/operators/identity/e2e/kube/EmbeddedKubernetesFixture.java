package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One embedded API server per test class, with the CRDs and the namespace team-a. */
abstract class EmbeddedKubernetesFixture {

  static final String CRD_RESOURCE =
      "META-INF/fabric8/userassignedidentities.identity.operators.dev-v1.yml";
  static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final ObjectMapper mapper = new ObjectMapper();

  static EmbeddedKubernetes kube;

  @BeforeAll
  static void startKubernetes() {
    kube = EmbeddedKubernetes.builder().crdResource(CRD_RESOURCE).namespace("team-a").start();
  }

  @AfterAll
  static void stopKubernetes() {
    kube.close();
  }
}
