package dev.skiff.kubernetes.operator;

import dev.skiff.kubernetes.KubernetesSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skiff's operator: one java-operator-sdk {@link Operator} in the server process, with a reconciler
 * per custom resource (Profile, Notebook). Replicas elect a leader through the Lease {@value
 * #LEASE} in Skiff's namespace; only the leader reconciles, so two server replicas can run.
 *
 * <p>Reconcilers write their objects through {@link dev.skiff.kubernetes.apply.Applier}. JOSDK's
 * own writes to the primary resource (finalizer, status) use merge patches rather than server-side
 * apply: they work on every API server (fabric8's mock server refuses server-side apply), and
 * status is written by this operator alone.
 */
public final class SkiffOperator implements AutoCloseable {
  /** The leader-election Lease's name. */
  public static final String LEASE = "skiff-operator";

  private static final Logger log = LoggerFactory.getLogger(SkiffOperator.class);

  private final Operator operator;
  private final LeaderElectionConfiguration leaderElection;
  private final List<String> registered = new ArrayList<>();
  private boolean started;
  private volatile boolean closing;
  private volatile boolean leader;

  /**
   * An operator on {@code client} (not closed by {@link #close}: the caller owns it), electing its
   * leader in {@code settings.namespace()}.
   */
  public SkiffOperator(KubernetesClient client, KubernetesSettings settings) {
    Objects.requireNonNull(client, "client");
    this.leaderElection =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
            .withLeaseNamespace(settings.namespace())
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> leading(true), () -> leading(false), id -> log.debug("leader: {}", id)))
            .build();
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withLeaderElectionConfiguration(leaderElection));
  }

  /** An operator with {@code reconcilers} registered. */
  public SkiffOperator(
      KubernetesClient client, KubernetesSettings settings, List<Reconciler<?>> reconcilers) {
    this(client, settings);
    reconcilers.forEach(this::register);
  }

  /**
   * Registers a reconciler (configured by its {@code @ControllerConfiguration}); before {@link
   * #start} only.
   *
   * @return this
   */
  public synchronized SkiffOperator register(Reconciler<?> reconciler) {
    if (started) {
      throw new IllegalStateException("the operator has started; register reconcilers before");
    }
    registered.add(operator.register(reconciler).getConfiguration().getName());
    return this;
  }

  /** The names of the registered controllers, in order. */
  public synchronized List<String> controllers() {
    return List.copyOf(registered);
  }

  /** Where leadership is held: the Lease's name and namespace. */
  public LeaderElectionConfiguration leaderElection() {
    return leaderElection;
  }

  /**
   * Starts the informers and, once this replica leads, the reconcilers. Returns when the informers
   * have synced.
   */
  public synchronized void start() {
    started = true;
    operator.start();
  }

  /** Whether this replica holds the Lease (and so reconciles). */
  public boolean isLeader() {
    return leader;
  }

  private void leading(boolean now) {
    leader = now;
    if (now) {
      log.info(
          "this replica leads the operator (Lease {}/{})",
          leaderElection.getLeaseNamespace().orElse(""),
          LEASE);
    } else if (!closing) {
      // JOSDK would otherwise exit the JVM; the server stays up for its API and reports this.
      log.error("this replica lost the operator Lease and no longer reconciles until it restarts");
    }
  }

  /** Stops reconciling and gives up leadership. */
  @Override
  public synchronized void close() {
    closing = true;
    if (started) {
      operator.stop();
    }
  }
}
