package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A resource as stored: its ARM id in the casing it was created with, its full type, the canonical
 * document (newest api-version shape; handlers trim it per api-version) and bookkeeping times.
 *
 * @param principalCreatedAt when the resource's service principal was created (identities), or
 *     {@code null}
 */
public record StoredResource(
    String id, String type, ObjectNode document, Instant createdAt, Instant principalCreatedAt) {

  public String key() {
    return ResourceStore.key(id);
  }

  public String name() {
    return document.path("name").asText();
  }

  public String location() {
    return document.path("location").asText(null);
  }

  /** A deep copy of the document, safe to hand out. */
  public ObjectNode copy() {
    return document.deepCopy();
  }

  public StoredResource withDocument(ObjectNode newDocument) {
    return new StoredResource(id, type, newDocument, createdAt, principalCreatedAt);
  }
}
