package dev.skiff.server.cluster;

import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.client.KubernetesClients;
import dev.skiff.kubernetes.executor.PodExecutor;
import dev.skiff.kubernetes.notebook.KubernetesNotebookLauncher;
import dev.skiff.kubernetes.operator.SkiffOperator;
import dev.skiff.kubernetes.operator.notebook.NotebookReconciler;
import dev.skiff.kubernetes.operator.profile.ProfileMembers;
import dev.skiff.kubernetes.operator.profile.ProfileReconciler;
import dev.skiff.kubernetes.operator.profile.ProfileSync;
import dev.skiff.kubernetes.pod.ArtifactStoreEnv;
import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.server.config.ClusterConfig;
import dev.skiff.store.Database;
import dev.skiff.store.artifact.ArtifactStore;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skiff on a Kubernetes cluster ({@code engine.executor: kubernetes}): steps run as pods, notebook
 * servers as {@code Notebook} resources, and each Skiff profile has a {@code Profile} resource that
 * the operator in this process reconciles into its namespace, RBAC, quota and network policy. Every
 * replica runs the executor; the operator reconciles on the replica that holds the lease.
 */
public final class ClusterMode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterMode.class);

  /** How long a first step or server waits for its profile's namespace to be made. */
  static final Duration NAMESPACE_WAIT = Duration.ofSeconds(20);

  /** How often every Skiff profile is checked against its Profile resource. */
  static final Duration PROFILE_RESYNC = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final ClusterConfig config;
  private final Applier applier;
  private final ArtifactStoreConfig artifacts;
  private final ProfileSync profiles;
  private final ProfileReconciler profileReconciler;
  private final SkiffOperator operator;
  private final ScheduledExecutorService resync;
  private final ProfileNamespaces namespaces;

  /**
   * Cluster mode over {@code client}.
   *
   * @param client the cluster (closed by {@link #close})
   * @param config {@code kubernetes.*}
   * @param applier how objects are written: server-side apply on a real API server
   * @param artifacts the artifact store as steps' launchers open it
   * @param database Skiff's profiles and members
   */
  public ClusterMode(
      KubernetesClient client,
      ClusterConfig config,
      Applier applier,
      ArtifactStoreConfig artifacts,
      Database database) {
    this.client = client;
    this.config = config;
    this.applier = applier;
    this.artifacts = artifacts;
    KubernetesSettings settings = config.settings();
    this.profiles = new ProfileSync(client, database.profiles());
    this.profileReconciler =
        new ProfileReconciler(
            client,
            applier,
            ProfileMembers.store(database.identity().members()),
            settings.namespace(),
            settings.artifactSecret(),
            Clock.systemUTC());
    this.operator =
        new SkiffOperator(client, settings)
            .register(profileReconciler)
            .register(new NotebookReconciler(applier));
    this.namespaces = new ProfileNamespaces(client, profiles, settings.namespace(), NAMESPACE_WAIT);
    this.resync =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("skiff-profile-sync").daemon().factory());
  }

  /** Cluster mode on the cluster the settings name, written by server-side apply. */
  public static ClusterMode open(
      ClusterConfig config, ArtifactStoreConfig artifacts, Database database) {
    KubernetesClient client = KubernetesClients.open(config.settings());
    return new ClusterMode(
        client,
        config,
        Applier.serverSide(client, config.settings().fieldManager()),
        artifacts,
        database);
  }

  /** The cluster cannot be used; the message says why and what to do, in one line. */
  public static final class UnreachableException extends RuntimeException {
    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Checks, before anything is started, that the API server answers and serves the Profile and
   * Notebook kinds, so that a wrong context or a cluster without Skiff's CRDs stops the server with
   * one line instead of a hang or a stack trace. Closes the client when it fails.
   *
   * @return this
   * @throws UnreachableException naming the API server and the fix
   */
  public ClusterMode verify() {
    String where = client.getMasterUrl().toString();
    try {
      client.getKubernetesVersion();
    } catch (RuntimeException e) {
      client.close();
      throw new UnreachableException(
          "cannot reach the Kubernetes API server at "
              + where
              + " ("
              + KubernetesClients.reason(e)
              + "); check kubernetes.context, KUBECONFIG or the pod's service account",
          e);
    }
    for (Class<? extends HasMetadata> kind :
        List.<Class<? extends HasMetadata>>of(Profile.class, Notebook.class)) {
      boolean served;
      try {
        var resources = client.getApiResources(HasMetadata.getApiVersion(kind));
        served =
            resources != null
                && resources.getResources().stream()
                    .anyMatch(r -> r.getKind().equals(HasMetadata.getKind(kind)));
      } catch (RuntimeException e) {
        served = false;
      }
      if (!served) {
        client.close();
        throw new UnreachableException(
            "the cluster at "
                + where
                + " does not serve "
                + HasMetadata.getKind(kind)
                + " (kubeflow.org/v1); install Skiff's CRDs first: skiff render crds | kubectl"
                + " apply --server-side -f -",
            null);
      }
    }
    return this;
  }

  /** The step executor over the engine's artifact store. */
  public StepExecutor executor(ArtifactStore store) {
    return new NamespaceReadyExecutor(
        new PodExecutor(client, config.settings(), store, ArtifactStoreEnv.write(artifacts)),
        namespaces);
  }

  /** Runs notebook servers as Notebook resources. */
  public NotebookLauncher notebookLauncher() {
    return new NamespaceReadyLauncher(
        new KubernetesNotebookLauncher(client, config.settings(), applier, config.notebookImages()),
        namespaces);
  }

  /**
   * Starts the operator (it reconciles once it holds the lease) and keeps every Skiff profile's
   * Profile resource in step, now and every {@link #PROFILE_RESYNC}.
   */
  public ClusterMode start() {
    try {
      operator.start();
    } catch (RuntimeException e) {
      resync.shutdownNow();
      client.close();
      throw new UnreachableException(
          "the operator could not start on the cluster at "
              + client.getMasterUrl()
              + ": "
              + KubernetesClients.reason(e)
              + " (are Skiff's CRDs installed and its RBAC applied? skiff status says)",
          e);
    }
    resync.scheduleWithFixedDelay(this::syncAll, 0, PROFILE_RESYNC.toSeconds(), TimeUnit.SECONDS);
    return this;
  }

  /** A Skiff profile was created, changed or deleted: its resources follow now. */
  public void profileChanged(String profile) {
    namespaces.forget(profile);
    try {
      profiles.sync(profile);
      profileReconciler.membersChanged(profile);
    } catch (RuntimeException e) {
      log.warn("profile '{}' not synced to the cluster yet: {}", profile, e.toString());
    }
  }

  private void syncAll() {
    try {
      profiles.syncAll();
    } catch (RuntimeException e) {
      log.warn("profiles not synced to the cluster: {}", e.toString());
    }
  }

  /**
   * This server as pods in the cluster reach it (notebook servers' {@code KF_PIPELINES_ENDPOINT}):
   * the Service {@code skiff} in Skiff's namespace, which the install manifests create, on the
   * server's port.
   */
  public URI serverUrl(int port) {
    KubernetesSettings k = config.settings();
    return URI.create(
        "http://skiff." + k.namespace() + ".svc." + k.clusterDomain() + ":" + port + "/");
  }

  /** The client, for the server's health and status. */
  public KubernetesClient client() {
    return client;
  }

  /** Whether this replica's operator reconciles now (holds the lease). */
  public boolean leading() {
    return operator.isLeader();
  }

  /** Stops the operator and the resync; pods and notebook servers keep running. */
  @Override
  public void close() {
    resync.shutdownNow();
    operator.close();
    client.close();
  }
}
