package dev.operators.identity.operator.admission;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.policy.PolicyProblems;
import dev.operators.identity.operator.policy.PolicyVerdict;
import dev.operators.identity.operator.reconciler.ResourceChecks;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The webhook's answer to one admission request, decided by the reconciler's own checks ({@link
 * ResourceChecks}): a UserAssignedIdentity whose spec is invalid or breaks a policy is denied with
 * the sentence its status would give; one the policies cannot judge yet (Azure did not answer a
 * role lookup, the policies cannot be read) is allowed with a warning, since the reconciler still
 * checks it before any Azure write. An IdentityPolicy that cannot mean what it says is denied
 * ({@link PolicyProblems}). Deletions, and updates that leave the spec as it was (finalizers,
 * labels, the adoption annotation, a resource being deleted), are always allowed: a policy
 * tightened later must never hold up the operator's own metadata writes or a deletion.
 */
public final class AdmissionDecision {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final ResourceChecks checks;

  public AdmissionDecision(ResourceChecks checks) {
    this.checks = checks;
  }

  public AdmissionResponse decide(AdmissionRequest request) {
    String kind = request.getKind() == null ? "" : request.getKind().getKind();
    if ("DELETE".equals(request.getOperation()) || leavesSpecAsItWas(request)) {
      return allow(request, List.of());
    }
    switch (kind) {
      case "UserAssignedIdentity":
        return identity(request);
      case "IdentityPolicy":
        return policy(request);
      default:
        // The configuration sends only these two kinds; anything else is not this webhook's.
        return allow(request, List.of());
    }
  }

  private AdmissionResponse identity(AdmissionRequest request) {
    UserAssignedIdentity resource;
    try {
      resource = SERIALIZATION.convertValue(request.getObject(), UserAssignedIdentity.class);
    } catch (IllegalArgumentException e) {
      return deny(request, 400, "BadRequest", unreadable("UserAssignedIdentity", e));
    }
    if (resource.getMetadata().getNamespace() == null) {
      resource.getMetadata().setNamespace(request.getNamespace());
    }
    ResourceChecks.Outcome outcome = checks.check(resource);
    if (outcome.invalidSpec().isPresent()) {
      return deny(request, 400, "BadRequest", outcome.invalidSpec().get());
    }
    PolicyVerdict verdict = outcome.verdict().orElseThrow();
    if (!verdict.violations().isEmpty()) {
      return deny(request, 403, "Forbidden", verdict.violationMessage());
    }
    if (!verdict.undecided().isEmpty()) {
      return allow(request, List.of(undecidedWarning(verdict)));
    }
    return allow(request, List.of());
  }

  /** The warning of a write the policies could not judge: the reconciler judges it later. */
  static String undecidedWarning(PolicyVerdict verdict) {
    return "the policy could not be checked at apply time ("
        + verdict.undecidedMessage()
        + "); the operator checks it before any Azure write";
  }

  private AdmissionResponse policy(AdmissionRequest request) {
    IdentityPolicy policy;
    try {
      policy = SERIALIZATION.convertValue(request.getObject(), IdentityPolicy.class);
    } catch (IllegalArgumentException e) {
      return deny(request, 400, "BadRequest", unreadable("IdentityPolicy", e));
    }
    List<String> problems =
        policy.getSpec() == null ? List.of() : PolicyProblems.of(policy.getSpec());
    return problems.isEmpty()
        ? allow(request, List.of())
        : deny(request, 400, "BadRequest", String.join("; ", problems));
  }

  /** An update that changes no spec, or of a resource already being deleted. */
  private static boolean leavesSpecAsItWas(AdmissionRequest request) {
    if (!"UPDATE".equals(request.getOperation()) || request.getOldObject() == null) {
      return false;
    }
    JsonNode now = SERIALIZATION.convertValue(request.getObject(), JsonNode.class);
    JsonNode before = SERIALIZATION.convertValue(request.getOldObject(), JsonNode.class);
    return now.path("metadata").hasNonNull("deletionTimestamp")
        || Objects.equals(now.path("spec"), before.path("spec"));
  }

  /** Where the object could not be read, by field path; never a Java type or stack trace. */
  private static String unreadable(String kind, IllegalArgumentException e) {
    String path =
        Optional.ofNullable(e.getCause())
            .filter(JsonMappingException.class::isInstance)
            .map(c -> ((JsonMappingException) c).getPath())
            .filter(p -> !p.isEmpty())
            .map(
                p ->
                    p.stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "" + r.getIndex())
                        .collect(Collectors.joining(".")))
            .map(p -> " (at " + p + ")")
            .orElse("");
    return "the object cannot be read as a " + kind + path + ": a value has the wrong type";
  }

  private static AdmissionResponse allow(AdmissionRequest request, List<String> warnings) {
    AdmissionResponseBuilder response =
        new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true);
    return (warnings.isEmpty() ? response : response.withWarnings(warnings)).build();
  }

  private static AdmissionResponse deny(
      AdmissionRequest request, int code, String reason, String message) {
    return denied(request.getUid(), code, reason, message);
  }

  /** A denial, as the API server gives it: {@code admission webhook "..." denied the request}. */
  static AdmissionResponse denied(String uid, int code, String reason, String message) {
    return new AdmissionResponseBuilder()
        .withUid(uid)
        .withAllowed(false)
        .withStatus(
            new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build())
        .build();
  }
}
