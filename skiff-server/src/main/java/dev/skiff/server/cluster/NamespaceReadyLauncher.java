package dev.skiff.server.cluster;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.notebook.LaunchResult;
import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.engine.executor.notebook.ServerEndpoint;
import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.engine.executor.notebook.ServerLaunch;
import dev.skiff.engine.executor.notebook.ServerProbe;
import dev.skiff.engine.executor.notebook.ServerState;
import java.util.Optional;

/** The notebook launcher, with each server's namespace made sure of before it is created. */
final class NamespaceReadyLauncher implements NotebookLauncher {
  private final NotebookLauncher notebooks;
  private final ProfileNamespaces namespaces;

  NamespaceReadyLauncher(NotebookLauncher notebooks, ProfileNamespaces namespaces) {
    this.notebooks = notebooks;
    this.namespaces = namespaces;
  }

  @Override
  public LaunchResult start(ServerLaunch launch) {
    namespaces.await(launch.profile());
    return notebooks.start(launch);
  }

  @Override
  public ServerProbe probe(ServerEnvironment environment) {
    return notebooks.probe(environment);
  }

  @Override
  public Optional<String> unschedulable(ResourceRequest request) {
    return notebooks.unschedulable(request);
  }

  @Override
  public Optional<String> shortage(ResourceRequest request) {
    return notebooks.shortage(request);
  }

  @Override
  public int freeGpus() {
    return notebooks.freeGpus();
  }

  @Override
  public Optional<ServerEndpoint> reattach(String handle) {
    return notebooks.reattach(handle);
  }

  @Override
  public ServerState state(String handle) {
    return notebooks.state(handle);
  }

  @Override
  public void stop(String handle) {
    notebooks.stop(handle);
  }

  @Override
  public void deleteWorkspace(String profile, String name) {
    notebooks.deleteWorkspace(profile, name);
  }

  @Override
  public void close() {
    notebooks.close();
  }
}
