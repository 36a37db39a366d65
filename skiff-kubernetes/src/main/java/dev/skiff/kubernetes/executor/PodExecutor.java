package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.kubernetes.pod.StepLaunchJson;
import dev.skiff.store.artifact.ArtifactStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each step attempt as a pod ({@link StepPodBuilder}) and follows every step pod through one
 * informer on the label {@code app.kubernetes.io/component=skiff-step} — no polling. The result is
 * the launcher's {@link AttemptReport} in the artifact store, read once the pod's containers are
 * done; a pod that ended without one (OOM kill, eviction, deadline) fails with the pod's own
 * reason. A pod that cannot be scheduled or whose image cannot be pulled shows Kubernetes' reason
 * through {@link StepListener#waiting}; hopeless reasons ({@code InvalidImageName}) and image pull
 * or container configuration errors (a missing secret) that last longer than {@link
 * PodExecutorOptions#imagePullLimit()} fail the attempt.
 *
 * <p>Before a pod is deleted (once its result is taken, or on cancel) its log is archived to the
 * artifact store, where {@link #logs()} reads it afterwards. {@link #close()} stops the informer
 * and leaves pods running: a restarted server {@linkplain #reclaim reclaims} them.
 */
public final class PodExecutor implements StepExecutor {
  private static final Logger log = LoggerFactory.getLogger(PodExecutor.class);

  private final KubernetesClient client;
  private final StepPodBuilder pods;
  private final AttemptRecords records;
  private final PodLogSource logs;
  private final PvcSteps pvcs;
  private final ArtifactStore store;
  private final KubernetesSettings settings;
  private final PodExecutorOptions options;
  private final Clock clock;
  private final Map<String, StepPod> byPod = new ConcurrentHashMap<>();
  private final Map<StepId, StepPod> byId = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Pod> informer;
  private volatile boolean closed;

  /**
   * An executor on this cluster.
   *
   * @param client the cluster
   * @param settings Skiff's image, namespace, service account and accelerators
   * @param store the engine's artifact store (reports and archived logs)
   * @param artifactsEnv the store as the launcher opens it ({@code ArtifactStoreEnv.write})
   */
  public PodExecutor(
      KubernetesClient client,
      KubernetesSettings settings,
      ArtifactStore store,
      String artifactsEnv) {
    this(
        client,
        settings,
        store,
        artifactsEnv,
        ContainerLogs.of(client),
        PodExecutorOptions.DEFAULTS,
        Clock.systemUTC());
  }

  /** An executor with explicit log access, timing and clock. */
  public PodExecutor(
      KubernetesClient client,
      KubernetesSettings settings,
      ArtifactStore store,
      String artifactsEnv,
      ContainerLogs containerLogs,
      PodExecutorOptions options,
      Clock clock) {
    this.client = client;
    this.settings = settings;
    this.store = store;
    this.pods = new StepPodBuilder(settings, artifactsEnv);
    this.records = new AttemptRecords(store, containerLogs);
    this.logs = new PodLogSource(store, containerLogs);
    this.pvcs = new PvcSteps(client, pods);
    this.options = options;
    this.clock = clock;
    this.informer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(PodContract.LABEL_COMPONENT, PodContract.COMPONENT_STEP)
            .inform(new Handler(), resyncMillis(options));
  }

  /**
   * The informer replays its cache this often (no API calls), so that an image pull error that the
   * kubelet stops reporting still reaches its limit.
   */
  private static long resyncMillis(PodExecutorOptions options) {
    return Math.max(1_000, Math.min(30_000, options.imagePullLimit().toMillis()));
  }

  @Override
  public CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener) {
    if (closed) {
      throw new IllegalStateException("the executor is closed");
    }
    if (PvcSteps.handles(launch)) {
      return pvcs.run(launch, listener);
    }
    Pod pod;
    try {
      pod = pods.build(launch, StepLaunchJson.write(launch));
    } catch (PodRefusedException e) {
      return CompletableFuture.completedFuture(new StepResult.Unschedulable(e.getMessage()));
    }
    StepPod step =
        follow(launch, listener, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    Thread.ofVirtual().name("skiff-pod-create").start(() -> create(step, pod));
    return step.future;
  }

  private StepPod follow(StepLaunch launch, StepListener listener, String namespace, String name) {
    StepPod step = new StepPod(launch, listener, namespace, name);
    byPod.put(step.key(), step);
    byId.put(launch.id(), step);
    logs.running(launch.id(), namespace, name, PodContract.logUri(store, launch));
    return step;
  }

  private void create(StepPod step, Pod pod) {
    Duration pause = options.quotaRetry();
    while (true) {
      try {
        client.pods().inNamespace(step.namespace).resource(pod).create();
        break;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) { // the pod of this very attempt exists already; follow it
          break;
        }
        String why = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
        if (!exceededQuota(e, why)) {
          end(
              step,
              new StepResult.Failed(
                  "cannot create pod " + step.key() + ": " + why, null, Duration.ZERO),
              false);
          return;
        }
        // The profile's ResourceQuota is full for now: wait for running pods to end, as a pod
        // waits for a node, instead of failing the attempt.
        try {
          step.listener.waiting("ExceededQuota: " + why);
        } catch (RuntimeException listenerFailed) {
          log.warn("listener of step {} failed: {}", step.launch.id(), listenerFailed.toString());
        }
        if (!pauseUnlessCanceled(step, pause)) {
          if (step.canceled) {
            cancelNow(step);
          } // else the executor closed: the attempt is reclaimed (and created) after a restart
          return;
        }
        Duration longest = options.quotaRetry().multipliedBy(16);
        pause = pause.multipliedBy(2).compareTo(longest) < 0 ? pause.multipliedBy(2) : longest;
      }
    }
    try {
      step.listener.started(PodNames.handle(step.namespace, step.name), "pod");
    } catch (RuntimeException e) {
      log.warn("listener of step {} failed on start: {}", step.launch.id(), e.toString());
    }
    if (step.canceled) {
      cancelNow(step);
      return;
    }
    Pod now = informer.getStore().getByKey(step.key());
    if (now != null) {
      observe(now);
    }
  }

  /**
   * Kubernetes' quota admission refuses a pod that would exceed its namespace's ResourceQuota with
   * 403 {@code exceeded quota: …}; every other 403 (e.g. {@code failed quota: … must specify
   * limits}) is final.
   */
  private static boolean exceededQuota(KubernetesClientException e, String why) {
    return e.getCode() == 403 && why != null && why.contains("exceeded quota");
  }

  /** Waits {@code pause}; false when the step was canceled or the executor closed meanwhile. */
  private boolean pauseUnlessCanceled(StepPod step, Duration pause) {
    long until = System.nanoTime() + pause.toNanos();
    while (System.nanoTime() < until) {
      if (step.canceled || closed) {
        return false;
      }
      try {
        Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !(step.canceled || closed);
  }

  /**
   * Re-attaches to a pod that is still there (the informer follows it on), adopts the report of a
   * pod that is gone, else answers {@link StepResult.Lost}.
   */
  @Override
  public CompletableFuture<StepResult> reclaim(StepLaunch launch, Optional<StepHandle> handle) {
    StepPod running = byId.get(launch.id());
    if (running != null) {
      return running.future;
    }
    if (PvcSteps.handles(launch)) {
      return pvcs.run(launch, StepListener.NONE);
    }
    String namespace = pods.namespace(launch);
    String name = PodNames.podName(launch.id());
    if (handle.isPresent()) {
      Optional<PodNames.PodRef> ref = PodNames.parse(handle.get());
      if (ref.isPresent()) {
        namespace = ref.get().namespace();
        name = ref.get().name();
      }
    }
    Pod pod;
    try {
      pod = client.pods().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      return CompletableFuture.completedFuture(
          new StepResult.Lost("cannot look for pod " + namespace + "/" + name + ": " + e));
    }
    if (pod != null && pod.getMetadata().getDeletionTimestamp() == null) {
      log.info("Re-attaching to pod {}/{} of {}", namespace, name, launch.id());
      StepPod step = follow(launch, StepListener.NONE, namespace, name);
      observe(pod);
      return step.future;
    }
    try {
      Optional<AttemptReport> report = records.report(launch);
      if (report.isPresent()) {
        return CompletableFuture.completedFuture(AttemptRecords.result(report.get()));
      }
    } catch (IOException e) {
      return CompletableFuture.completedFuture(
          new StepResult.Lost("cannot read the attempt's report: " + e.getMessage()));
    }
    return CompletableFuture.completedFuture(
        new StepResult.Lost("pod " + namespace + "/" + name + " is gone and left no report"));
  }

  @Override
  public void cancel(StepId id) {
    StepPod step = byId.get(id);
    if (step == null) {
      return;
    }
    step.canceled = true;
    Thread.ofVirtual().name("skiff-pod-cancel").start(() -> cancelNow(step));
  }

  private void cancelNow(StepPod step) {
    if (!step.ending.compareAndSet(false, true)) {
      return;
    }
    records.archiveLog(step.launch, step.namespace, step.name, "canceled");
    logs.archived(step.launch.id(), PodContract.logUri(store, step.launch));
    delete(step);
    complete(step, new StepResult.Canceled(Duration.ZERO));
  }

  /** An accelerator type not in the cluster's catalogue ({@link KubernetesSettings}). */
  @Override
  public Optional<String> acceleratorRefusal(String type) {
    return StepResources.refusal(
        new dev.skiff.engine.executor.ResourceRequest(0, 0, type, 1), settings);
  }

  @Override
  public int launchWindow() {
    return options.launchWindow();
  }

  @Override
  public LogSource logs() {
    return logs;
  }

  /**
   * Archived logs and reports live under the run's prefix in the artifact store, so the store's own
   * {@code runBytes}/{@code deleteRun} count and remove them with the run's artifacts.
   */
  @Override
  public dev.skiff.engine.executor.RunFiles runFiles() {
    return dev.skiff.engine.executor.RunFiles.NONE;
  }

  /** Stops the informer; pods keep running for a restarted server to reclaim. */
  @Override
  public void close() {
    closed = true;
    informer.close();
  }

  /** Acts on what a pod's status says now (informer thread: quick, no I/O). */
  void observe(Pod pod) {
    StepPod step = byPod.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
    if (step == null || step.ending.get()) {
      return;
    }
    PodState state = PodState.of(pod);
    switch (state) {
      case PodState.Running r -> waiting(step, null);
      case PodState.Waiting w -> {
        waiting(step, w.text());
        if (w.hopeless()) {
          fail(step, w.text(), null);
        } else if (PodState.MAY_HEAL.contains(w.reason())) {
          Instant now = clock.instant();
          if (step.pullErrorSince == null) {
            step.pullErrorSince = now;
          } else if (Duration.between(step.pullErrorSince, now).compareTo(options.imagePullLimit())
              >= 0) {
            fail(step, w.text(), null);
          }
          return;
        }
        step.pullErrorSince = null;
      }
      case PodState.Ended e -> {
        if (step.ending.compareAndSet(false, true)) {
          Thread.ofVirtual().name("skiff-pod-result").start(() -> takeResult(step, e));
        }
      }
    }
  }

  private void waiting(StepPod step, String reason) {
    synchronized (step) {
      if (java.util.Objects.equals(step.waitingReason, reason)) {
        return;
      }
      step.waitingReason = reason;
    }
    try {
      step.listener.waiting(reason);
    } catch (RuntimeException e) {
      log.warn("listener of step {} failed: {}", step.launch.id(), e.toString());
    }
  }

  private void fail(StepPod step, String reason, Integer exitCode) {
    if (step.ending.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .name("skiff-pod-fail")
          .start(() -> end(step, new StepResult.Failed(reason, exitCode, Duration.ZERO), true));
    }
  }

  private void takeResult(StepPod step, PodState.Ended ended) {
    try {
      end(step, records.awaitResult(step.launch, ended, options.reportGrace(), clock), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Archives the log, deletes the pod, completes the attempt. */
  private void end(StepPod step, StepResult result, boolean podExists) {
    step.ending.set(true);
    if (podExists) {
      String note = result instanceof StepResult.Failed f ? f.message() : null;
      records.archiveLog(step.launch, step.namespace, step.name, note);
      logs.archived(step.launch.id(), PodContract.logUri(store, step.launch));
      delete(step);
    }
    complete(step, result);
  }

  private void delete(StepPod step) {
    try {
      client.pods().inNamespace(step.namespace).withName(step.name).delete();
    } catch (KubernetesClientException e) {
      log.warn("cannot delete pod {}: {}", step.key(), e.getMessage());
    }
  }

  private void complete(StepPod step, StepResult result) {
    byPod.remove(step.key(), step);
    byId.remove(step.launch.id(), step);
    step.future.complete(result);
  }

  /** A pod deleted by someone else before its result was taken. */
  private void deleted(Pod pod) {
    StepPod step = byPod.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
    if (step == null || !step.ending.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual()
        .name("skiff-pod-deleted")
        .start(
            () -> {
              StepResult result;
              try {
                result =
                    records
                        .report(step.launch)
                        .map(AttemptRecords::result)
                        .orElse(
                            new StepResult.Failed(
                                "pod " + step.key() + " was deleted", null, Duration.ZERO));
              } catch (IOException e) {
                result = new StepResult.Failed(e.getMessage(), null, Duration.ZERO);
              }
              complete(step, result);
            });
  }

  private final class Handler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      observe(pod);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      observe(newPod);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      deleted(pod);
    }
  }
}
