package dev.operators.identity.emulator.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.http.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's type and principal indexes follow every way a resource is written or removed. */
class ResourceStoreTest {
  private static final String ASSIGNMENT = "Microsoft.Authorization/roleAssignments";
  private static final String IDENTITY = "Microsoft.ManagedIdentity/userAssignedIdentities";
  private static final String RG = "/subscriptions/s1/resourceGroups/rg";

  private final ResourceStore store = new ResourceStore();

  private static StoredResource resource(String id, String type, String principalId) {
    ObjectNode doc = Json.object();
    doc.put("id", id).put("name", id.substring(id.lastIndexOf('/') + 1));
    if (principalId != null) {
      doc.putObject("properties").put("principalId", principalId);
    }
    return new StoredResource(id, type, doc, Instant.EPOCH, null);
  }

  private static List<String> ids(List<StoredResource> resources) {
    return resources.stream().map(StoredResource::id).toList();
  }

  @Test
  void listsByTypeAndScopeCaseInsensitivelyInIdOrder() {
    store.put(resource(RG + "/providers/" + IDENTITY + "/b", IDENTITY, "P1"));
    store.put(resource(RG + "/providers/" + IDENTITY + "/a", IDENTITY, "P2"));
    store.put(resource(RG + "/providers/" + ASSIGNMENT + "/x", ASSIGNMENT, "P1"));
    store.put(resource("/subscriptions/s2/providers/" + ASSIGNMENT + "/y", ASSIGNMENT, "p1"));

    assertEquals(
        List.of(RG + "/providers/" + IDENTITY + "/a", RG + "/providers/" + IDENTITY + "/b"),
        ids(store.list(IDENTITY.toLowerCase(), "/SUBSCRIPTIONS/s1")));
    assertEquals(
        List.of(RG + "/providers/" + ASSIGNMENT + "/x"),
        ids(store.list(ASSIGNMENT, "/subscriptions/s1")));
    assertEquals(2, store.list(ASSIGNMENT, null).size());
    assertEquals(4, store.list(null, null).size());
    assertTrue(store.list("Microsoft.Unknown/things", null).isEmpty());
    assertEquals(
        List.of(
            RG + "/providers/" + ASSIGNMENT + "/x",
            "/subscriptions/s2/providers/" + ASSIGNMENT + "/y"),
        ids(store.withPrincipal(ASSIGNMENT, "p1")));
    assertEquals(3, store.withPrincipal(null, "P1").size());
  }

  @Test
  void indexesFollowReplaceRemoveComputeAndRemoveUnder() {
    String x = RG + "/providers/" + ASSIGNMENT + "/x";
    store.put(resource(x, ASSIGNMENT, "p1"));
    store.put(resource(x, ASSIGNMENT, "p2"));
    assertTrue(store.withPrincipal(null, "p1").isEmpty());
    assertEquals(List.of(x), ids(store.withPrincipal(ASSIGNMENT, "p2")));

    store.compute(x, old -> resource(x, ASSIGNMENT, "p3"));
    assertTrue(store.withPrincipal(null, "p2").isEmpty());
    assertEquals(List.of(x), ids(store.withPrincipal(null, "p3")));

    store.compute(x, old -> null);
    assertTrue(store.withPrincipal(null, "p3").isEmpty());
    assertTrue(store.list(ASSIGNMENT, null).isEmpty());

    store.put(resource(RG, "Microsoft.Resources/resourceGroups", null));
    store.put(resource(x, ASSIGNMENT, "p1"));
    store.put(resource(RG + "/providers/" + IDENTITY + "/a", IDENTITY, "p4"));
    assertEquals(2, store.removeUnder(RG).size());
    assertTrue(store.withPrincipal(null, "p1").isEmpty());
    assertTrue(store.list(IDENTITY, null).isEmpty());
    assertEquals(1, store.list(null, null).size());

    store.put(resource(x, ASSIGNMENT, "p1"));
    store.remove(x.toUpperCase());
    assertTrue(store.withPrincipal(null, "p1").isEmpty());
    store.put(resource(x, ASSIGNMENT, "p1"));
    store.clear();
    assertTrue(store.list(ASSIGNMENT, null).isEmpty());
    assertTrue(store.withPrincipal(null, "p1").isEmpty());
  }
}
