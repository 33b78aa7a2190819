package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the assignee resource types need from the emulator: its shared resource store (so that
 * resource-group deletion, reset and the control API see these resources), its regions, its
 * long-running-operation clock and the api-versions of the types served by other handlers.
 * Implemented by {@link AssigneeBridge}.
 */
interface AssigneeHost {
  /** A stored resource's document (a copy), by ARM id, case-insensitive. */
  Optional<ObjectNode> get(String armId);

  /**
   * Atomically replaces the document at an id: {@code update} gets the current document (a copy, or
   * {@code null}) and returns the new one ({@code null} removes). Exceptions propagate.
   */
  Optional<ObjectNode> compute(String armId, String fullType, UnaryOperator<ObjectNode> update);

  /** Documents of a type (case-insensitive) whose id is under a scope id, ordered by id. */
  List<ObjectNode> list(String fullType, String scopeId);

  /** A location as ARM normalises it ("East US" becomes "eastus") if the emulator offers it. */
  Optional<String> normaliseLocation(String location);

  /** The emulator's regions, normalised names, in a stable order. */
  List<String> locations();

  String tenantId();

  /** {@code https://127.0.0.1:PORT}, no trailing slash. */
  String baseUrl();

  /** The emulator's clock's current instant. */
  Instant now();

  /** How long a long-running operation runs before it succeeds. */
  Duration asyncOperationDuration();

  /**
   * Starts an operation whose {@code completion} runs once, when it is due (before the next request
   * served after that moment); returns its id.
   */
  String startOperation(String subscriptionId, Duration duration, Runnable completion);

  /**
   * The api-versions a type served by another handler of the emulator accepts (e.g.
   * Microsoft.ManagedIdentity/userAssignedIdentities), if there is one.
   */
  Optional<List<String>> servedApiVersions(String fullType);
}
