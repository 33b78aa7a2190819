package dev.operators.identity.e2e.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What to run for one scenario once its dry run found its points: a kill at every point (or those a
 * filter keeps), and, with outages, Azure lost and the Kubernetes API lost from each of its Azure
 * writes.
 */
final class CrashPlan {

  private CrashPlan() {}

  static List<Disruption> of(List<KillPoint> points, boolean outages, Predicate<KillPoint> keep) {
    List<Disruption> plan = new ArrayList<>();
    for (KillPoint point : points) {
      if (keep.test(point)) {
        plan.add(Disruption.kill(point));
      }
    }
    if (outages) {
      for (KillPoint point : points) {
        if (point.target() == KillPoint.Target.AZURE
            && point.moment() == KillPoint.Moment.BEFORE_APPLIED
            && keep.test(point)) {
          plan.add(new Disruption.AzureOutage(point));
          plan.add(new Disruption.KubernetesOutage(point));
        }
      }
    }
    return List.copyOf(plan);
  }
}
