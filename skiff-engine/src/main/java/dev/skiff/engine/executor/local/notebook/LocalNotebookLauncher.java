package dev.skiff.engine.executor.local.notebook;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.local.Admission;
import dev.skiff.engine.executor.local.MachineReservations;
import dev.skiff.engine.executor.notebook.LaunchResult;
import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.engine.executor.notebook.ServerEndpoint;
import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.engine.executor.notebook.ServerLaunch;
import dev.skiff.engine.executor.notebook.ServerProbe;
import dev.skiff.engine.executor.notebook.ServerState;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notebook servers as local processes: each in its own process group ({@code setsid}), bound
 * to loopback on a free port with a random token, its output appended to {@code server.log} in the
 * notebook's private folder. CPU, memory and GPUs come from the local executor's pool ({@link
 * MachineReservations}); assigned GPUs are the only ones in {@code CUDA_VISIBLE_DEVICES}. {@code
 * HOME} is the notebook's workspace, as in a Kubeflow notebook pod (whose {@code /home/jovyan} is
 * the workspace volume): dotfiles, {@code ~/.local} and the KFP SDK's {@code
 * ~/.config/kfp/context.json} stay with the workspace across stop and start.
 *
 * <p>{@link #start} blocks until the server listens (at most 15 s); the notebook service calls it
 * on each start's own thread.
 */
public final class LocalNotebookLauncher implements NotebookLauncher {
  private static final Logger log = LoggerFactory.getLogger(LocalNotebookLauncher.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How often a port taken between picking and binding is tried again with another. */
  private static final int PORT_TRIES = 3;

  private final MachineReservations machine;
  private final PythonProbe probe;
  private final ResourceLimits limits;
  private final ServerProcesses processes;
  private final Map<String, Admission.Reservation> held = new ConcurrentHashMap<>();

  /**
   * A launcher drawing resources from {@code machine}; checks once whether limits can be enforced.
   */
  public LocalNotebookLauncher(MachineReservations machine) {
    this(machine, new PythonProbe(), ResourceLimits.detect(), Duration.ofSeconds(5));
  }

  LocalNotebookLauncher(
      MachineReservations machine, PythonProbe probe, ResourceLimits limits, Duration stopGrace) {
    this.machine = machine;
    this.probe = probe;
    this.limits = limits;
    this.processes = new ServerProcesses(stopGrace);
  }

  @Override
  public ServerProbe probe(ServerEnvironment environment) {
    return switch (probe.find(environment.kind(), environment.python(), environment.command())) {
      case PythonProbe.Result.Ok ok -> new ServerProbe(ok.found().kind(), Optional.empty());
      case PythonProbe.Result.Missing m ->
          new ServerProbe(environment.kind(), Optional.of(m.reason()));
    };
  }

  @Override
  public Optional<String> unschedulable(ResourceRequest request) {
    return machine.unschedulable(request);
  }

  @Override
  public int freeGpus() {
    return machine.freeGpus();
  }

  @Override
  public Optional<String> shortage(ResourceRequest request) {
    return machine.shortage(request);
  }

  @Override
  public LaunchResult start(ServerLaunch launch) {
    ServerEnvironment env = launch.environment();
    PythonProbe.Found found;
    switch (probe.find(env.kind(), env.python(), env.command())) {
      case PythonProbe.Result.Ok ok -> found = ok.found();
      case PythonProbe.Result.Missing m -> {
        return new LaunchResult.Failed("environment '" + env.name() + "': " + m.reason());
      }
    }
    Optional<String> never = machine.unschedulable(launch.resources());
    if (never.isPresent()) {
      return new LaunchResult.Failed(never.get());
    }
    Admission.Reservation reservation;
    switch (machine.reserve(launch.resources())) {
      case MachineReservations.Reserved.Busy b -> {
        return new LaunchResult.Waiting(b.reason());
      }
      case MachineReservations.Reserved.Taken t -> reservation = t.reservation();
    }
    try {
      ServerWorkspace.prepare(launch);
    } catch (IOException e) {
      machine.release(reservation);
      return new LaunchResult.Failed("cannot prepare the workspace: " + e.getMessage());
    }
    String token = HexFormat.of().formatHex(bytes(24));
    String note = limits.note(reservation.cpuMillis(), reservation.memoryBytes());
    String lastFailure = "";
    for (int attempt = 0; attempt < PORT_TRIES; attempt++) {
      int port;
      try {
        port = FreePort.pick();
      } catch (IOException e) {
        machine.release(reservation);
        return new LaunchResult.Failed("no free port on 127.0.0.1: " + e.getMessage());
      }
      List<String> command =
          new ArrayList<>(limits.prefix(reservation.cpuMillis(), reservation.memoryBytes()));
      command.addAll(
          ServerCommand.of(
              found, env.command(), port, launch.basePath(), launch.workspace(), token));
      ServerProcesses.Spawned spawned = processes.spawn(command, launch, token, reservation.gpus());
      switch (spawned) {
        case ServerProcesses.Spawned.Failed f -> {
          machine.release(reservation);
          return new LaunchResult.Failed(f.reason());
        }
        case ServerProcesses.Spawned.PortTaken p -> {
          lastFailure = p.reason();
          log.info("Port {} was taken before {} bound it; trying another", port, launch.name());
          continue;
        }
        case ServerProcesses.Spawned.Running r -> {
          LocalServerHandle handle =
              new LocalServerHandle(
                  r.pid(),
                  r.startedMillis(),
                  port,
                  token,
                  launch.basePath(),
                  reservation.cpuMillis(),
                  reservation.memoryBytes(),
                  reservation.gpus(),
                  note);
          String text = handle.format();
          held.put(key(handle), reservation);
          return new LaunchResult.Started(text, endpoint(handle));
        }
      }
    }
    machine.release(reservation);
    return new LaunchResult.Failed(lastFailure);
  }

  @Override
  public Optional<ServerEndpoint> reattach(String handleText) {
    Optional<LocalServerHandle> parsed = LocalServerHandle.parse(handleText);
    if (parsed.isEmpty() || parsed.get().live().isEmpty()) {
      return Optional.empty();
    }
    LocalServerHandle h = parsed.get();
    held.computeIfAbsent(key(h), k -> machine.claim(h.cpuMillis(), h.memoryBytes(), h.gpus()));
    return Optional.of(endpoint(h));
  }

  @Override
  public ServerState state(String handleText) {
    Optional<LocalServerHandle> parsed = LocalServerHandle.parse(handleText);
    if (parsed.isEmpty()) {
      return new ServerState.Ended("the server's handle cannot be read");
    }
    return processes.state(parsed.get());
  }

  @Override
  public void stop(String handleText) {
    Optional<LocalServerHandle> parsed = LocalServerHandle.parse(handleText);
    if (parsed.isEmpty()) {
      return;
    }
    LocalServerHandle h = parsed.get();
    processes.stop(h);
    Admission.Reservation r = held.remove(key(h));
    if (r != null) {
      machine.release(r);
    }
  }

  @Override
  public void close() {
    processes.forget(); // servers keep running; a later launcher re-attaches them
  }

  private static ServerEndpoint endpoint(LocalServerHandle h) {
    return new ServerEndpoint(
        URI.create("http://127.0.0.1:" + h.port() + h.basePath()), h.token(), h.gpus(), h.limits());
  }

  private static String key(LocalServerHandle h) {
    return h.pid() + "@" + h.startedMillis();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
