package dev.operators.identity.emulator.graph;

import dev.operators.identity.emulator.graph.GraphDirectory.AppRole;
import dev.operators.identity.emulator.graph.GraphDirectory.ServicePrincipal;
import java.util.List;

/**
 * Resource applications every tenant has: Microsoft Graph, with its real appId and the real IDs of
 * some of its application permissions (app roles are the same in every tenant; the service
 * principal's object ID is per tenant, here a fixed one). IDs from Microsoft Graph's permissions
 * reference.
 */
public final class WellKnownResources {
  public static final String MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

  /** The object ID of Microsoft Graph's service principal in the emulator's tenant. */
  public static final String MICROSOFT_GRAPH_OBJECT_ID = "6b1a1d6c-0000-4000-8000-00000000a1a1";

  public static final String USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
  public static final String GROUP_READ_ALL = "5b567255-7703-4780-807c-7be8301ae99b";
  public static final String APPLICATION_READ_ALL = "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30";
  public static final String DIRECTORY_READ_ALL = "7ab1d382-f21e-4acd-a863-ba3e13f7da61";
  public static final String GROUP_MEMBER_READ_WRITE_ALL = "dbaae8cf-10b5-4b86-a4a1-f871c94c6695";
  public static final String APP_ROLE_ASSIGNMENT_READ_WRITE_ALL =
      "06b708a9-e830-4db3-a914-8e69da51d44f";

  private WellKnownResources() {}

  public static List<ServicePrincipal> all() {
    return List.of(microsoftGraph());
  }

  static ServicePrincipal microsoftGraph() {
    return new ServicePrincipal(
        MICROSOFT_GRAPH_OBJECT_ID,
        MICROSOFT_GRAPH_APP_ID,
        "Microsoft Graph",
        "Application",
        List.of(),
        List.of(
            new AppRole(USER_READ_ALL, "User.Read.All", "Read all users' full profiles"),
            new AppRole(GROUP_READ_ALL, "Group.Read.All", "Read all groups"),
            new AppRole(APPLICATION_READ_ALL, "Application.Read.All", "Read all applications"),
            new AppRole(DIRECTORY_READ_ALL, "Directory.Read.All", "Read directory data"),
            new AppRole(
                GROUP_MEMBER_READ_WRITE_ALL,
                "GroupMember.ReadWrite.All",
                "Read and write all group memberships"),
            new AppRole(
                APP_ROLE_ASSIGNMENT_READ_WRITE_ALL,
                "AppRoleAssignment.ReadWrite.All",
                "Manage app permission grants and app role assignments")));
  }
}
