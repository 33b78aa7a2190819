package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import org.junit.jupiter.api.Test;

/** The Kubernetes protobuf envelope kubectl sends, read into the JSON the store keeps. */
class ProtobufBodiesTest {

  static byte[] envelope(String apiVersion, String kind, com.google.protobuf.Message object) {
    byte[] unknown =
        io.kubernetes.client.proto.Runtime.Unknown.newBuilder()
            .setTypeMeta(
                io.kubernetes.client.proto.Runtime.TypeMeta.newBuilder()
                    .setApiVersion(apiVersion)
                    .setKind(kind))
            .setRaw(object.toByteString())
            .build()
            .toByteArray();
    byte[] body = new byte[4 + unknown.length];
    System.arraycopy(new byte[] {'k', '8', 's', 0}, 0, body, 0, 4);
    System.arraycopy(unknown, 0, body, 4, unknown.length);
    return body;
  }

  @Test
  void aNamespaceAndAConfigMapBecomeJson() throws Exception {
    var namespace =
        V1.Namespace.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("team-x"))
            .build();
    var configMap =
        V1.ConfigMap.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("settings").setNamespace("team-x"))
            .putData("region", "eastus")
            .build();

    JsonNode ns =
        new ObjectMapper()
            .readTree(ProtobufBodies.toJson(envelope("v1", "Namespace", namespace)).orElseThrow());
    JsonNode cm =
        new ObjectMapper()
            .readTree(ProtobufBodies.toJson(envelope("v1", "ConfigMap", configMap)).orElseThrow());

    System.out.println(ns + "\n" + cm);
    assertThat(ns.path("kind").asText()).isEqualTo("Namespace");
    assertThat(ns.path("metadata").path("name").asText()).isEqualTo("team-x");
    assertThat(cm.path("data").path("region").asText()).isEqualTo("eastus");
    assertThat(ProtobufBodies.toJson("{}".getBytes())).isEmpty();
  }
}
