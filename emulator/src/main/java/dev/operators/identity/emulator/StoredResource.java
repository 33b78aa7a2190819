package dev.operators.identity.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A resource as stored: its ARM id in the casing it was created with, its full type, the canonical
 * document (newest api-version shape; handlers trim it per api-version) and bookkeeping times.
 *
 * @param principalCreatedAt when the resource's service principal was created (identities), or
 *     {@code null}
 */
record StoredResource(
    String id, String type, ObjectNode document, Instant createdAt, Instant principalCreatedAt) {

  String key() {
    return ResourceStore.key(id);
  }

  String name() {
    return document.path("name").asText();
  }

  String location() {
    return document.path("location").asText(null);
  }

  /** A deep copy of the document, safe to hand out. */
  ObjectNode copy() {
    return document.deepCopy();
  }

  StoredResource withDocument(ObjectNode newDocument) {
    return new StoredResource(id, type, newDocument, createdAt, principalCreatedAt);
  }
}
