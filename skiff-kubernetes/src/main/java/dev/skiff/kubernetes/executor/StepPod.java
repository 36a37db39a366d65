package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.StepExecutor.StepListener;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One attempt the executor follows: its pod, its listener, how long it has waited and why. */
final class StepPod {
  final StepLaunch launch;
  final StepListener listener;
  final String namespace;
  final String name;
  final CompletableFuture<StepResult> future = new CompletableFuture<>();

  /** Set once: whoever sets it takes the result and deletes the pod. */
  final AtomicBoolean ending = new AtomicBoolean();

  volatile boolean canceled;

  /** The reason last shown through {@link StepListener#waiting}, or null. */
  String waitingReason;

  /** Since when the pod has waited on its current image pull error, or null. */
  Instant pullErrorSince;

  StepPod(StepLaunch launch, StepListener listener, String namespace, String name) {
    this.launch = launch;
    this.listener = listener;
    this.namespace = namespace;
    this.name = name;
  }

  String key() {
    return namespace + "/" + name;
  }
}
