package dev.operators.identity.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Out-of-band control of a running emulator: faults, request log, throttling and state seeding.
 * State operations bypass authentication, throttling and faults ("someone using the portal").
 */
public interface EmulatorControl {

  /** Adds a rule after the existing ones; returns it. */
  FaultRule injectFault(FaultRule rule);

  /** Removes every rule, and releases the requests they hold. */
  void clearFaults();

  /**
   * Requests held now by {@link FaultRule.FaultKind#HOLD_THEN_DROP} (not applied) and {@link
   * FaultRule.FaultKind#APPLY_THEN_DROP} (applied, answer not sent) rules, oldest first.
   */
  List<RecordedRequest> heldRequests();

  /** Ends every hold now: each held request's connection is closed without an answer. */
  void releaseHeldRequests();

  /** Every ARM/Entra request served, oldest first. */
  List<RecordedRequest> requests();

  /** Requests served whose method matches ({@code null} = any) and whose path matches the regex. */
  long count(String method, String pathRegex);

  /** Like {@link #count} but only 2xx answers. */
  long countSucceeded(String method, String pathRegex);

  void clearRequests();

  /**
   * Replaces the throttling buckets of every subscription (full buckets), and the identity
   * provider's own throttling with the one the configuration carries (off unless it says so).
   */
  void setThrottling(ThrottlingConfig config);

  /**
   * Switches the managed identity provider's own throttling ({@link
   * IdentityProviderThrottling#published()} on, {@link IdentityProviderThrottling#off()} off), its
   * buckets full, ARM's left as they are.
   */
  void setIdentityProviderThrottling(IdentityProviderThrottling config);

  /**
   * The federated identity credentials of an identity (its ARM id, any casing), ordered by name, as
   * ARM returns them; empty when it has none or does not exist.
   */
  List<JsonNode> federatedCredentials(String identityId);

  /**
   * How long a write of an identity's federated identity credentials holds the identity's lock on
   * the emulator's clock (50 ms by default; zero: only while it is served): a second write of the
   * same identity's credentials within it answers 409 {@code
   * ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity}. Kept across {@link
   * #reset()}, which only forgets the locks held.
   */
  void setFederatedCredentialLockDuration(java.time.Duration duration);

  void createResourceGroup(String subscriptionId, String name, String location);

  /**
   * Creates or replaces a resource under an existing resource group; identities get principal,
   * client and tenant ids as a real create would (kept when the identity already exists).
   */
  JsonNode putResource(String armId, JsonNode body);

  /** The resource as ARM would return it on GET (latest api-version shape). */
  Optional<JsonNode> getResource(String armId);

  /** Deletes a resource (or a resource group with everything in it); false if absent. */
  boolean deleteResource(String armId);

  /** Resources of a type, e.g. {@code Microsoft.ManagedIdentity/userAssignedIdentities}. */
  List<JsonNode> listResources(String type);

  /**
   * Resources (any type) whose {@code identity.userAssignedIdentities} carries this identity id
   * (compared case-insensitively), as ARM returns them.
   */
  List<JsonNode> listResourcesWithIdentity(String identityId);

  /** How long the long-running operations of VMs, scale sets and container apps run (300 ms). */
  void setAsyncOperationDuration(java.time.Duration duration);

  /**
   * Role assignments younger than this are left out of list results, as ARM's eventually consistent
   * listings do right after a write (GET and PUT conflicts still see them). Zero by default.
   */
  void setRoleAssignmentListingLag(java.time.Duration lag);

  /**
   * Simulated RBAC denial: ARM requests whose action (e.g. {@code
   * Microsoft.Authorization/roleAssignments/write}; {@code {namespace}/{type}/read|write|delete},
   * {@code .../action} for POST) matches the regex (whole, case-insensitive) and whose scope starts
   * with the prefix ({@code null} or empty = any) answer 403 {@code AuthorizationFailed}.
   */
  void denyAction(String actionRegex, String scopePrefix);

  void clearDenials();

  /** Creates a management group under the tenant root group (no subscriptions in it). */
  void createManagementGroup(String id);

  /**
   * Creates a management group under {@code parentId} ({@code null} = tenant root group) holding
   * these subscriptions (for role-assignment inheritance).
   */
  void createManagementGroup(String id, String parentId, List<String> subscriptionIds);

  /** Every role assignment, any scope, as ARM returns them. */
  List<JsonNode> roleAssignments();

  /**
   * Creates a role assignment ({@code {scope}/providers/Microsoft.Authorization/roleAssignments/
   * {guid}}, body as ARM's PUT takes it) as a tenant administrator would: ARM's rules for the body
   * apply, including the condition check, but not the caller's authority. Assignments of the
   * emulator's own client ({@code ArmEmulator.clientObjectId()}) make its role-assignment writes
   * and deletes subject to them: Role Based Access Control Administrator with a condition limits
   * what the client may grant and remove. Returns the assignment as ARM does.
   */
  JsonNode putRoleAssignment(String assignmentId, JsonNode body);

  /**
   * Makes a principal known to the directory (already replicated), e.g. a user or a group; type is
   * one of User, Group, ServicePrincipal, ForeignGroup, Device.
   */
  void addPrincipal(String objectId, String principalType);

  /**
   * Deletes a principal from the directory (a user, group or service principal deleted out of
   * band): its role assignments stay, and ARM reports their principal type as Unknown.
   */
  void removePrincipal(String objectId);

  /**
   * Empties the state (subscriptions stay), clears faults and the request log, refills buckets,
   * forgets the credential write locks held.
   */
  void reset();
}
