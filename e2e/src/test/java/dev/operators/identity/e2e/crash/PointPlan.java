package dev.operators.identity.e2e.crash;

import dev.operators.identity.emulator.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kill points of a change, decided from a dry run (the change carried out with nothing killed):
 * each Azure write the operator made (PUT, PATCH, DELETE; the first of each method and target) and
 * each write it made to its resource in the Kubernetes API (status writes, and the PATCHes that add
 * or remove its finalizer), each at both moments. Pure: table-tested in {@code PointPlanTest}.
 */
final class PointPlan {

  private static final Set<String> WRITES = Set.of("PUT", "PATCH", "DELETE");
  private static final String ROLE_ASSIGNMENTS =
      "/providers/Microsoft.Authorization/roleAssignments/";

  private PointPlan() {}

  /**
   * The points of a dry run: {@code azure} is the emulator's request log of the change, {@code
   * kubernetes} the API's writes ({@code METHOD path}), {@code resourcePath} the resource's path in
   * the API.
   */
  static List<KillPoint> of(
      Scenario.Change change,
      List<RecordedRequest> azure,
      List<String> kubernetes,
      String resourcePath) {
    List<KillPoint> points = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Map<String, Integer> ordinals = new HashMap<>();
    for (RecordedRequest request : azure) {
      if (!WRITES.contains(request.method()) || !request.path().startsWith("/subscriptions/")) {
        continue;
      }
      String pattern = pattern(request.path());
      if (!seen.add(request.method() + " " + pattern)) {
        continue;
      }
      String kind = request.method() + " " + kind(request.path());
      int ordinal = ordinals.merge(kind, 1, Integer::sum);
      for (KillPoint.Moment moment : KillPoint.Moment.values()) {
        points.add(
            new KillPoint(
                change,
                KillPoint.Target.AZURE,
                request.method(),
                pattern,
                1,
                moment,
                kind + " #" + ordinal));
      }
    }
    Map<String, Integer> writes = new HashMap<>();
    for (String write : kubernetes) {
      int space = write.indexOf(' ');
      String method = write.substring(0, space);
      String path = write.substring(space + 1);
      String what;
      String subresource;
      if (path.equals(resourcePath + "/status")) {
        what = "status write";
        subresource = "/status";
      } else if (path.equals(resourcePath) && method.equals("PATCH")) {
        // JOSDK's JSON patches of metadata.finalizers (a PUT there is the harness's own change)
        what = "finalizer write";
        subresource = "";
      } else {
        continue;
      }
      int ordinal = writes.merge(write, 1, Integer::sum);
      for (KillPoint.Moment moment : KillPoint.Moment.values()) {
        points.add(
            new KillPoint(
                change,
                KillPoint.Target.KUBERNETES,
                method,
                subresource,
                ordinal,
                moment,
                what + " #" + ordinal));
      }
    }
    return List.copyOf(points);
  }

  /**
   * The path pattern that finds this write again in another run: a role assignment by its scope
   * (its name is a GUID of the principal, new in each run), anything else by its whole path.
   */
  static String pattern(String path) {
    int at = path.toLowerCase(Locale.ROOT).indexOf(ROLE_ASSIGNMENTS.toLowerCase(Locale.ROOT));
    if (at >= 0) {
      return "^"
          + Pattern.quote(path.substring(0, at))
          + Pattern.quote(ROLE_ASSIGNMENTS)
          + "[^/]+$";
    }
    return "^" + Pattern.quote(path) + "$";
  }

  /** What a write is to: the identity, a role assignment, or an assignee. */
  static String kind(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.contains(ROLE_ASSIGNMENTS.toLowerCase(Locale.ROOT))) {
      return "roleAssignment";
    }
    if (lower.contains("/microsoft.managedidentity/userassignedidentities/")) {
      return "identity";
    }
    return "assignee";
  }
}
