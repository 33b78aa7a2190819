package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes protobuf bodies kubectl sends for built-in kinds ({@code kubectl create
 * namespace}, {@code create configmap}, {@code create secret}), read with the Kubernetes Java
 * client's generated classes and handed on as JSON, which the store keeps: the envelope is the
 * magic {@code k8s\0} and a {@code runtime.Unknown} with the type and the object's own protobuf
 * bytes.
 */
final class ProtobufBodies {

  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private interface Parser {
    Message parse(ByteString bytes) throws InvalidProtocolBufferException;
  }

  private static final Map<String, Parser> KINDS =
      Map.of(
          "Namespace", V1.Namespace::parseFrom,
          "ConfigMap", V1.ConfigMap::parseFrom,
          "Secret", V1.Secret::parseFrom,
          "ServiceAccount", V1.ServiceAccount::parseFrom);

  private ProtobufBodies() {}

  /** A metav1.Time ({seconds, nanos} in protobuf) as JSON has it: RFC 3339, or absent when zero. */
  private static void times(ObjectNode metadata, String field) {
    if (metadata.get(field) instanceof ObjectNode time) {
      long seconds = time.path("seconds").asLong(0);
      if (seconds == 0) {
        metadata.remove(field);
      } else {
        metadata.put(field, Instant.ofEpochSecond(seconds).toString());
      }
    }
  }

  /** The body as JSON; empty when it is no protobuf envelope of a kind read here. */
  static Optional<String> toJson(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      return Optional.empty();
    }
    try {
      Runtime.Unknown unknown =
          Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
      Parser parser = KINDS.get(unknown.getTypeMeta().getKind());
      if (parser == null) {
        return Optional.empty();
      }
      Message object = parser.parse(unknown.getRaw());
      ObjectNode json = (ObjectNode) MAPPER.readTree(JsonFormat.printer().print(object));
      if (json.get("metadata") instanceof ObjectNode metadata) {
        times(metadata, "creationTimestamp");
        times(metadata, "deletionTimestamp");
      }
      json.put("apiVersion", unknown.getTypeMeta().getApiVersion());
      json.put("kind", unknown.getTypeMeta().getKind());
      return Optional.of(json.toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
