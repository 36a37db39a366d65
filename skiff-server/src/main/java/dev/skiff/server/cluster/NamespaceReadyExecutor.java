package dev.skiff.server.cluster;

import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.RunFiles;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The pod executor, with each step's namespace made sure of before its pod is created. */
final class NamespaceReadyExecutor implements StepExecutor {
  private final StepExecutor pods;
  private final ProfileNamespaces namespaces;

  NamespaceReadyExecutor(StepExecutor pods, ProfileNamespaces namespaces) {
    this.pods = pods;
    this.namespaces = namespaces;
  }

  @Override
  public CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener) {
    namespaces.await(launch.profile());
    return pods.start(launch, listener);
  }

  @Override
  public CompletableFuture<StepResult> reclaim(StepLaunch launch, Optional<StepHandle> handle) {
    return pods.reclaim(launch, handle);
  }

  @Override
  public Optional<String> acceleratorRefusal(String type) {
    return pods.acceleratorRefusal(type);
  }

  @Override
  public void cancel(StepId id) {
    pods.cancel(id);
  }

  @Override
  public LogSource logs() {
    return pods.logs();
  }

  @Override
  public int launchWindow() {
    return pods.launchWindow();
  }

  @Override
  public RunFiles runFiles() {
    return pods.runFiles();
  }

  @Override
  public void close() {
    pods.close();
  }
}
