package dev.operators.identity.operator.regional;

import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.RegionalIdentitySetStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.reconciler.EventRecorder;
import dev.operators.identity.operator.reconciler.OwnerReferences;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The story of one {@link RegionalIdentitySet}: read each assignee's region from Azure; decide what
 * every region's identity must be ({@link RegionalPlan}); create, overwrite, detach or delete the
 * regional identities accordingly (ordinary UserAssignedIdentity resources: their own reconciler
 * does everything in Azure); report each region from its identity's status. The regional
 * identities' changes wake the set up. Nothing to clean up on deletion: the garbage collector
 * deletes the regional identities the set owns, and each one's finalizer cleans Azure up.
 */
@ControllerConfiguration(name = RegionalIdentitySetReconciler.NAME)
public class RegionalIdentitySetReconciler implements Reconciler<RegionalIdentitySet> {

  public static final String NAME = "regionalidentityset";
  private static final Logger LOG = LoggerFactory.getLogger(RegionalIdentitySetReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** How soon a set with work under way is looked at again (its identities' events come first). */
  static final Duration WHILE_IN_PROGRESS = Duration.ofSeconds(5);

  private final AssigneePort assignees;
  private final RegionalChildren children;
  private final EventRecorder events;
  private final Duration resyncPeriod;
  private final Clock clock;

  RegionalIdentitySetReconciler(
      AssigneePort assignees,
      RegionalChildren children,
      EventRecorder events,
      Duration resyncPeriod,
      Clock clock) {
    this.assignees = assignees;
    this.children = children;
    this.events = events;
    this.resyncPeriod = resyncPeriod;
    this.clock = clock;
  }

  /** On the API server, reading assignees through {@code assignees}. */
  public static RegionalIdentitySetReconciler on(
      KubernetesClient client,
      AssigneePort assignees,
      EventRecorder events,
      Duration resyncPeriod,
      Clock clock) {
    return new RegionalIdentitySetReconciler(
        assignees, new KubernetesRegionalChildren(client), events, resyncPeriod, clock);
  }

  @Override
  public UpdateControl<RegionalIdentitySet> reconcile(
      RegionalIdentitySet set, Context<RegionalIdentitySet> context) {
    Instant now = clock.instant();
    if (set.getSpec() == null || set.getSpec().getTemplate() == null) {
      return write(set, RegionalStatus.invalid(set, "spec.template is required", now));
    }
    List<UserAssignedIdentity> owned =
        context.getSecondaryResources(UserAssignedIdentity.class).stream()
            .filter(child -> OwnerReferences.isControlledBy(child, set))
            .toList();
    AssigneeRegions observed = AssigneeRegions.read(assignees, set.getSpec().effectiveAssignees());
    RegionalPlan plan = RegionalPlan.decide(set, observed.regions(), owned);
    Set<String> taken = carryOut(set, plan);
    return write(set, RegionalStatus.of(set, plan, observed, taken, now));
  }

  /** Carries the plan out; returns the regions whose identity's name someone else holds. */
  private Set<String> carryOut(RegionalIdentitySet set, RegionalPlan plan) {
    Set<String> taken = new HashSet<>();
    for (RegionalPlan.RegionStep step : plan.regions()) {
      UserAssignedIdentity desired = ChildSpecs.resource(set, step.region(), step.spec());
      String name = desired.getMetadata().getName();
      switch (step.action()) {
        case CREATE -> {
          if (children.create(set, desired)) {
            events.normal(set, "RegionCreated", "Created " + name + " for " + step.region());
          } else {
            taken.add(step.region());
            events.warning(
                set,
                "RegionNameTaken",
                "UserAssignedIdentity " + name + " exists and is not this set's: left alone");
          }
        }
        case UPDATE -> {
          children.update(desired);
          events.normal(set, "RegionUpdated", "Applied the template to " + name);
        }
        case DETACH -> {
          children.update(desired);
          events.normal(
              set,
              "RegionDetaching",
              "No assignee left in " + step.region() + ": detaching " + name);
        }
        case DELETE -> {
          children.delete(step.child());
          events.normal(set, "RegionDeleted", "Deleted " + name + ": nothing attached any more");
        }
        case KEEP, AWAIT_DETACH, DELETING -> {
          // nothing to write: the identity is as it must be, or its own reconciler is at work
        }
      }
      LOG.debug(
          "set={} region={} action={}", set.getMetadata().getName(), step.region(), step.action());
    }
    return taken;
  }

  private UpdateControl<RegionalIdentitySet> write(
      RegionalIdentitySet set, RegionalIdentitySetStatus status) {
    Duration next = RegionalStatus.inProgress(status) ? WHILE_IN_PROGRESS : resyncPeriod;
    if (sameAs(set.getStatus(), status)) {
      return UpdateControl.<RegionalIdentitySet>noUpdate().rescheduleAfter(next);
    }
    set.setStatus(status);
    return UpdateControl.patchStatus(set).rescheduleAfter(next);
  }

  private static boolean sameAs(RegionalIdentitySetStatus before, RegionalIdentitySetStatus after) {
    return before != null
        && Objects.equals(SERIALIZATION.asJson(before), SERIALIZATION.asJson(after));
  }

  @Override
  public ErrorStatusUpdateControl<RegionalIdentitySet> updateErrorStatus(
      RegionalIdentitySet set, Context<RegionalIdentitySet> context, Exception e) {
    LOG.warn("set={} reconcile failed: {}", set.getMetadata().getName(), e.getMessage());
    events.warning(set, "ReconcileFailed", String.valueOf(e.getMessage()));
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The regional identities the set owns: their changes (status included) reconcile the set. */
  @Override
  public List<EventSource<?, RegionalIdentitySet>> prepareEventSources(
      EventSourceContext<RegionalIdentitySet> context) {
    var configuration =
        InformerEventSourceConfiguration.from(UserAssignedIdentity.class, RegionalIdentitySet.class)
            .withName("regionalidentities")
            .withLabelSelector(RegionalIdentitySet.SET_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(RegionalIdentitySet.class))
            .build();
    return List.of(new InformerEventSource<>(configuration, context));
  }
}
