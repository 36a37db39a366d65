package dev.skiff.engine.executor.notebook;

import dev.skiff.engine.executor.ResourceRequest;
import java.util.Optional;

/**
 * Starts, finds again and stops notebook servers, wherever they run (local processes now, pods in
 * cluster mode), as {@link dev.skiff.engine.executor.StepExecutor} does for steps. The notebook
 * service above it decides when; a launcher only does. A launcher also takes the machine's
 * resources for the servers it starts (the same pool the steps draw from) and gives them back when
 * a server stops.
 *
 * <p>Servers outlive the launcher: {@link #close} leaves them running, and a launcher of a later
 * process finds them again with {@link #reattach}.
 */
public interface NotebookLauncher extends AutoCloseable {

  /** Which server an environment runs here, or why it cannot run. */
  ServerProbe probe(ServerEnvironment environment);

  /**
   * Why a server asking for {@code request} can never run here (more than the machine has), or
   * empty.
   */
  Optional<String> unschedulable(ResourceRequest request);

  /**
   * Why a server asking for {@code request} would wait for the machine's resources now, or empty
   * when they are free (a hint: {@link #start} decides).
   */
  Optional<String> shortage(ResourceRequest request);

  /** How many accelerators are free for a server now (0 where there are none). */
  int freeGpus();

  /**
   * Starts a server: {@link LaunchResult.Started} once its process runs (it may not answer yet),
   * {@link LaunchResult.Waiting} when the machine's resources are busy (nothing was started), or
   * {@link LaunchResult.Failed}.
   */
  LaunchResult start(ServerLaunch launch);

  /**
   * Finds a server again after a restart and takes its resources back.
   *
   * @param handle what {@link LaunchResult.Started} gave
   * @return where it answers, or empty when it is gone (nothing is held then)
   */
  Optional<ServerEndpoint> reattach(String handle);

  /** Whether the server still runs, or how it ended. */
  ServerState state(String handle);

  /**
   * Stops a server: asks it to end, then ends its whole process tree; gives its resources back.
   * Nothing when it is gone already (its resources are given back all the same).
   */
  void stop(String handle);

  /**
   * Deletes a notebook's workspace where the launcher keeps it (a cluster's volume claim), when the
   * notebook is deleted with its workspace; its server is stopped already. Nothing by default: a
   * local workspace is a folder the notebook service removes itself.
   */
  default void deleteWorkspace(String profile, String name) {}

  /** Leaves every server running (they are found again by {@link #reattach}). */
  @Override
  void close();
}
