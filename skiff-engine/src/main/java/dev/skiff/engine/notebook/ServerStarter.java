package dev.skiff.engine.notebook;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.notebook.LaunchResult;
import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.engine.executor.notebook.ServerEndpoint;
import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.engine.executor.notebook.ServerLaunch;
import dev.skiff.engine.quota.QuotaLedger;
import dev.skiff.engine.quota.StepDemand;
import dev.skiff.store.PrivateFiles;
import dev.skiff.store.notebook.StoredNotebook;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts, finds again and stops one notebook's server: the profile's quota first (the same ledger
 * as the pipeline steps), then the machine through the launcher; the server's environment from the
 * configurations, the user's variables and the profile's credentials, and the KFP SDK's context
 * file in the workspace ({@link KfpContextFile}). Called on each start's own thread.
 */
final class ServerStarter {
  private final NotebookLauncher launcher;
  private final QuotaLedger quotas;
  private final NotebookCredentials credentials;
  private final NotebookEnvironments environments;
  private final NotebookPaths paths;
  private final Map<String, Map<String, String>> configurations;

  ServerStarter(
      NotebookLauncher launcher,
      QuotaLedger quotas,
      NotebookCredentials credentials,
      NotebookEnvironments environments,
      NotebookPaths paths,
      Map<String, Map<String, String>> configurations) {
    this.launcher = launcher;
    this.quotas = quotas;
    this.credentials = credentials;
    this.environments = environments;
    this.paths = paths;
    this.configurations = Map.copyOf(configurations);
  }

  /** What {@link #start} did. */
  sealed interface Outcome {
    /** The server's process runs. */
    record Started(LiveServer server, ServerEndpoint endpoint) implements Outcome {}

    /** It waits for the quota or the machine. */
    record Waiting(String reason) implements Outcome {}

    /** It cannot start. */
    record Failed(String reason) implements Outcome {}
  }

  /**
   * A warning event for the notebook.
   *
   * @param reason e.g. {@code KfpContext}
   * @param message one line
   */
  record Warning(String reason, String message) {}

  /**
   * Tries to start the server of a notebook that is wanted running (blocks until its process runs;
   * called on the start's own thread).
   *
   * @param warnings told what went wrong without stopping the start
   */
  Outcome start(StoredNotebook row, Instant now, Consumer<Warning> warnings) {
    NotebookKey key = new NotebookKey(row.profile(), row.name());
    Optional<ServerEnvironment> env = environments.server(row.environment());
    if (env.isEmpty()) {
      return new Outcome.Failed("environment '" + row.environment() + "' is no longer configured");
    }
    ResourceRequest request = request(row);
    Optional<String> never = launcher.unschedulable(request);
    if (never.isPresent()) {
      return new Outcome.Failed(words(never.get()));
    }
    switch (quotas.tryAcquire(row.profile(), key, demand(row))) {
      case QuotaLedger.Admission.Refused r -> {
        return new Outcome.Failed(words(r.reason()));
      }
      case QuotaLedger.Admission.Waiting w -> {
        return new Outcome.Waiting(words(w.reason()));
      }
      case QuotaLedger.Admission.Admitted a -> {}
    }
    Optional<String> busy = launcher.shortage(request);
    if (busy.isPresent()) {
      quotas.release(key);
      return new Outcome.Waiting(busy.get());
    }
    Path privateDir = paths.privateDir(row.profile(), row.name());
    Path workspace = paths.workspace(row.profile(), row.name());
    Map<String, String> vars = new LinkedHashMap<>();
    NotebookSpec spec = NotebookRows.spec(row);
    for (String c : spec.configurations()) {
      vars.putAll(configurations.getOrDefault(c, Map.of()));
    }
    vars.putAll(spec.env());
    Map<String, Path> links = new LinkedHashMap<>();
    for (NotebookSpec.Volume v : spec.volumes()) {
      links.put(v.mountPath(), paths.volume(row.profile(), v.name()));
    }
    Map<String, String> issued;
    try {
      PrivateFiles.createDirectories(privateDir);
      issued = credentials.issue(row.profile(), row.name(), row.createdBy(), privateDir);
    } catch (IOException | RuntimeException e) {
      quotas.release(key);
      return new Outcome.Failed("cannot give the server its credentials: " + e.getMessage());
    }
    vars.putAll(issued);
    kfpContext(row, workspace, issued, warnings);
    ServerLaunch launch =
        new ServerLaunch(
            row.profile(),
            row.name(),
            env.get(),
            Notebook.pathOf(row.profile(), row.name()),
            workspace,
            privateDir,
            links,
            vars,
            request);
    switch (launcher.start(launch)) {
      case LaunchResult.Started s -> {
        return new Outcome.Started(live(s.handle(), s.endpoint(), row, now), s.endpoint());
      }
      case LaunchResult.Waiting w -> {
        quotas.release(key);
        credentials.revoke(row.profile(), row.name());
        return new Outcome.Waiting(w.reason());
      }
      case LaunchResult.Failed f -> {
        quotas.release(key);
        credentials.revoke(row.profile(), row.name());
        return new Outcome.Failed(f.reason());
      }
    }
  }

  /**
   * Writes the KFP context file in the workspace (the server's {@code HOME}); a failure is a
   * warning, not a failed start: the server is still of use without it.
   */
  private static void kfpContext(
      StoredNotebook row, Path workspace, Map<String, String> issued, Consumer<Warning> warnings) {
    try {
      KfpContextFile.write(workspace, row.profile(), issued)
          .ifPresent(
              why ->
                  warnings.accept(
                      new Warning(
                          "KfpContextReplaced",
                          "~/.config/kfp/context.json was replaced with a fresh one: " + why)));
    } catch (IOException | RuntimeException e) {
      warnings.accept(
          new Warning(
              "KfpContextFailed",
              "cannot write ~/.config/kfp/context.json (kfp.Client() will not authenticate): "
                  + e.getMessage()));
    }
  }

  /**
   * Finds a server that ran before a restart and counts it toward its profile's quota again.
   *
   * @return the server, or empty when it is gone
   */
  Optional<LiveServer> reattach(StoredNotebook row, Instant now) {
    Optional<ServerEndpoint> found = launcher.reattach(row.handle());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    quotas.charge(row.profile(), new NotebookKey(row.profile(), row.name()), demand(row));
    return Optional.of(live(row.handle(), found.get(), row, now));
  }

  /** Ends a notebook's server (when {@code handle} names one) and gives back what it held. */
  void stop(NotebookKey key, String handle) {
    if (handle != null) {
      launcher.stop(handle);
    }
    quotas.release(key);
    quotas.withdraw(key);
    credentials.revoke(key.profile(), key.name());
  }

  /** Stops waiting for the quota (the notebook no longer wants to run). */
  void withdraw(NotebookKey key) {
    quotas.withdraw(key);
  }

  NotebookLauncher launcher() {
    return launcher;
  }

  private LiveServer live(String handle, ServerEndpoint e, StoredNotebook row, Instant now) {
    boolean jupyter = !"command".equals(row.serverKind());
    return new LiveServer(
        handle, new NotebookEndpoint(e.base(), e.token()), jupyter, now, false, now);
  }

  static ResourceRequest request(StoredNotebook row) {
    return new ResourceRequest(
        row.cpuMillis() / 1000.0,
        row.memoryBytes(),
        row.gpuCount() > 0 ? row.gpuVendor() : null,
        row.gpuCount());
  }

  /** What a checked spec asks of the machine. */
  static ResourceRequest request(NotebookSpec spec) {
    return new ResourceRequest(
        NotebookRows.cpuMillis(spec.cpus()) / 1000.0,
        spec.memoryBytes(),
        spec.gpus().count() > 0 ? spec.gpus().vendor() : null,
        spec.gpus().count());
  }

  static StepDemand demand(StoredNotebook row) {
    return StepDemand.notebook(row.cpuMillis(), row.memoryBytes(), row.gpuCount());
  }

  /** The machine's words are about steps; these are notebooks. */
  static String words(String reason) {
    return reason
        .replaceFirst("^step asks", "notebook asks")
        .replace(" waiting ahead of this one", " waiting ahead of this notebook")
        .replace("; pass --allow-oversubscribe to run it anyway", "");
  }

  /** The GPU ids as stored. */
  static String gpuText(List<String> ids) {
    return String.join(",", ids);
  }
}
