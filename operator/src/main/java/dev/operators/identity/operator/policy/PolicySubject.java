package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.List;

/**
 * What a policy judges of one resource: its namespace, the identity it names (the operator's
 * default subscription filled in), its valid spec, and its declared roles as looked up.
 */
public record PolicySubject(
    String namespace,
    IdentityRef identity,
    UserAssignedIdentitySpec spec,
    List<DeclaredRole> roles) {

  public PolicySubject {
    roles = List.copyOf(roles);
  }
}
