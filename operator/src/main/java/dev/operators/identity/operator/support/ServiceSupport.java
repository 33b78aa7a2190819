package dev.operators.identity.operator.support;

import java.util.List;
import java.util.Map;

/**
 * One service of the document's first section: a resource an identity is attached to, with its
 * availability per cloud as the document's table gives it.
 *
 * @param service the service's heading in the document
 * @param resourceTypes the ARM resource types the service's identity lives on
 * @param systemAssigned the availability of a system-assigned identity, by cloud name
 * @param userAssigned the availability of user-assigned identities, by cloud name
 * @param note wording the table carries besides the status, or doubts about the mapping; may be
 *     null
 */
public record ServiceSupport(
    String service,
    List<String> resourceTypes,
    Map<String, String> systemAssigned,
    Map<String, String> userAssigned,
    String note) {

  public ServiceSupport {
    resourceTypes = resourceTypes == null ? List.of() : List.copyOf(resourceTypes);
    systemAssigned = systemAssigned == null ? Map.of() : Map.copyOf(systemAssigned);
    userAssigned = userAssigned == null ? Map.of() : Map.copyOf(userAssigned);
  }

  /** The system-assigned availability in a cloud named as the data file names it. */
  public ManagedIdentitySupport.Availability systemAssignedIn(String cloud) {
    return ManagedIdentitySupport.Availability.fromData(systemAssigned.get(cloud));
  }

  /** The user-assigned availability in a cloud named as the data file names it. */
  public ManagedIdentitySupport.Availability userAssignedIn(String cloud) {
    return ManagedIdentitySupport.Availability.fromData(userAssigned.get(cloud));
  }
}
