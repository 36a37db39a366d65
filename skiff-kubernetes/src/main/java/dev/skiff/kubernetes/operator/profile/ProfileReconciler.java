package dev.skiff.kubernetes.operator.profile;

import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.operator.Interruption;
import dev.skiff.kubernetes.resource.Profile;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@link Profile} into its namespace, as Kubeflow's profile controller does (see
 * {@link ProfileObjects} for what is made). Invalid input makes nothing and says why in the {@code
 * Ready} condition; an existing namespace the profile does not own is never adopted. Members come
 * from Skiff ({@link ProfileMembers}): their bindings follow every reconcile, which runs on changes
 * to the profile, at least every {@value #RESYNC_MINUTES} minutes, and at once after {@link
 * #membersChanged}.
 *
 * <p>Every write goes through the {@link Applier}; on delete the finalizer removes the namespace it
 * made (garbage collection would too, through the owner reference, but later and only where a
 * controller manager runs), and leaves a namespace it does not own alone.
 */
@ControllerConfiguration(
    name = ProfileReconciler.NAME,
    maxReconciliationInterval =
        @MaxReconciliationInterval(
            interval = ProfileReconciler.RESYNC_MINUTES,
            timeUnit = TimeUnit.MINUTES))
public final class ProfileReconciler implements Reconciler<Profile>, Cleaner<Profile> {
  /** The controller's name. */
  public static final String NAME = "profile";

  /** Members are re-read at least this often, even without an event. */
  public static final int RESYNC_MINUTES = 5;

  private static final Logger log = LoggerFactory.getLogger(ProfileReconciler.class);

  private final KubernetesClient client;
  private final Applier applier;
  private final ProfileMembers members;
  private final String skiffNamespace;
  private final String artifactSecret;
  private final ProfileStatuses statuses;
  private final SimpleInboundEventSource<Profile> memberEvents =
      new SimpleInboundEventSource<>("profile-members");

  /**
   * A reconciler writing through {@code applier}.
   *
   * @param skiffNamespace where Skiff runs ({@code KubernetesSettings.namespace()}): admitted by
   *     each profile's network policy
   */
  public ProfileReconciler(
      KubernetesClient client,
      Applier applier,
      ProfileMembers members,
      String skiffNamespace,
      Clock clock) {
    this(client, applier, members, skiffNamespace, "", clock);
  }

  /**
   * A reconciler that also copies the Secret {@code artifactSecret} (the artifact store's
   * credentials, {@code kubernetes.artifactSecret}) from Skiff's namespace into each profile's,
   * where step pods read it; none when empty.
   */
  public ProfileReconciler(
      KubernetesClient client,
      Applier applier,
      ProfileMembers members,
      String skiffNamespace,
      String artifactSecret,
      Clock clock) {
    this.artifactSecret = Objects.requireNonNull(artifactSecret, "artifactSecret");
    this.client = Objects.requireNonNull(client, "client");
    this.applier = Objects.requireNonNull(applier, "applier");
    this.members = Objects.requireNonNull(members, "members");
    this.skiffNamespace = Objects.requireNonNull(skiffNamespace, "skiffNamespace");
    this.statuses = new ProfileStatuses(clock);
  }

  /**
   * Asks for a reconcile of {@code profile} now (its members changed in Skiff). Does nothing while
   * the operator is not running or this replica is not the leader; the periodic resync catches up.
   */
  public void membersChanged(String profile) {
    if (memberEvents.isRunning()) {
      memberEvents.propagateEvent(new ResourceID(profile));
    }
  }

  /**
   * Member changes ({@link #membersChanged}) and the deletion of a profile's namespace (by someone
   * else) trigger a reconcile. Other namespace updates do not: the reconciler's own writes would
   * otherwise trigger it again, and drift is repaired by the periodic resync.
   */
  @Override
  public List<EventSource<?, Profile>> prepareEventSources(EventSourceContext<Profile> context) {
    InformerEventSource<Namespace, Profile> namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, Profile.class)
                .withName("profile-namespaces")
                .withLabelSelector(ProfileObjects.PART_OF + "=skiff-profile")
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Profile.class, true))
                .withOnAddFilter(ns -> false)
                .withOnUpdateFilter(
                    (now, before) ->
                        now.getMetadata().getDeletionTimestamp() != null
                            && before.getMetadata().getDeletionTimestamp() == null)
                .build(),
            context);
    return List.of(memberEvents, namespaces);
  }

  @Override
  public UpdateControl<Profile> reconcile(Profile profile, Context<Profile> context) {
    String name = profile.getMetadata().getName();
    Optional<String> problem = ProfileCheck.problem(profile);
    if (problem.isPresent()) {
      log.info("profile {}: invalid: {}", name, problem.get());
      return statuses.set(profile, false, "InvalidSpec", problem.get());
    }
    ProfileObjects objects = new ProfileObjects(profile, skiffNamespace);
    Namespace existing = client.namespaces().withName(name).get();
    if (existing != null && !objects.owns(existing)) {
      return statuses.set(
          profile,
          false,
          "NamespaceNotOwned",
          "namespace " + name + " already exists, but is not owned by profile " + name);
    }
    applier.apply(objects.namespaceObject());
    objects.serviceAccounts().forEach(applier::apply);
    objects.fixedBindings().forEach(applier::apply);
    int memberCount = memberBindings(objects);
    ResourceQuota quota = objects.quota();
    if (quota != null) {
      applier.apply(quota);
    } else {
      client.resourceQuotas().inNamespace(name).withName(ProfileObjects.QUOTA).delete();
    }
    applier.apply(objects.networkPolicy());
    copyArtifactSecret(objects);
    return statuses.set(
        profile,
        true,
        "Reconciled",
        "namespace "
            + name
            + " is ready for "
            + profile.getSpec().owner().name()
            + " and "
            + memberCount
            + (memberCount == 1 ? " member" : " members"));
  }

  /**
   * Copies the artifact store's credentials into the profile's namespace (changes reach it with the
   * next reconcile, at most {@value #RESYNC_MINUTES} minutes later); a missing source is left to
   * the administrator (a Workload Identity install has none) and logged.
   */
  private void copyArtifactSecret(ProfileObjects objects) {
    if (artifactSecret.isEmpty() || objects.namespace().equals(skiffNamespace)) {
      return;
    }
    Secret source = client.secrets().inNamespace(skiffNamespace).withName(artifactSecret).get();
    if (source == null) {
      log.warn(
          "profile {}: Secret {}/{} (kubernetes.artifactSecret) does not exist; step pods in {}"
              + " cannot read the artifact store until it does",
          objects.namespace(),
          skiffNamespace,
          artifactSecret,
          objects.namespace());
      return;
    }
    applier.apply(objects.artifactCredentials(source));
  }

  /** Applies the members' bindings, removes stale ones; how many members have a binding. */
  private int memberBindings(ProfileObjects objects) {
    List<RoleBinding> desired = objects.memberBindings(members.of(objects.namespace()));
    desired.forEach(applier::apply);
    Set<String> keep =
        desired.stream().map(b -> b.getMetadata().getName()).collect(Collectors.toSet());
    for (RoleBinding b :
        client
            .rbac()
            .roleBindings()
            .inNamespace(objects.namespace())
            .withLabel(ProfileObjects.MEMBER_LABEL, "true")
            .list()
            .getItems()) {
      if (!keep.contains(b.getMetadata().getName())) {
        log.info(
            "profile {}: removing stale binding {}",
            objects.namespace(),
            b.getMetadata().getName());
        client.resource(b).delete();
      }
    }
    return desired.size();
  }

  @Override
  public DeleteControl cleanup(Profile profile, Context<Profile> context) {
    String name = profile.getMetadata().getName();
    Namespace ns = client.namespaces().withName(name).get();
    if (ns != null && new ProfileObjects(profile, skiffNamespace).owns(ns)) {
      log.info("profile {} deleted: deleting its namespace", name);
      client.namespaces().withName(name).delete();
    }
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<Profile> updateErrorStatus(
      Profile profile, Context<Profile> context, Exception e) {
    if (Interruption.caused(e)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    UpdateControl<Profile> c =
        statuses.set(profile, false, "ReconcileError", message.lines().findFirst().orElse(""));
    return c.isPatchStatus()
        ? ErrorStatusUpdateControl.patchStatus(profile)
        : ErrorStatusUpdateControl.noStatusUpdate();
  }
}
