package dev.skiff.engine.executor.injvm;

import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.store.artifact.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An executor with no processes at all: a step is a Java function, picked by the first element of
 * the container's command, run on a virtual thread of this JVM. It proves that nothing above the
 * {@link StepExecutor} seam needs a process: it gets logical inputs (parameter values, artifact
 * URIs), stores output artifacts at their URIs through the {@link ArtifactStore}, names its
 * attempts with its own handles, keeps its own logs, and — unlike a local process, which is not a
 * child of a restarted JVM — re-attaches to a step that still runs when another engine reclaims it
 * (as a pod can be re-attached).
 */
public final class InJvmExecutor implements StepExecutor {

  /** What a step does. */
  @FunctionalInterface
  public interface Step {
    /**
     * Runs the step.
     *
     * @param launch what to run, logically
     * @param io reads inputs and writes outputs and the log
     * @return how it ended
     */
    StepResult run(StepLaunch launch, StepIo io) throws Exception;
  }

  /** A step's access to its artifacts and its log. */
  public interface StepIo {
    /** The text of input artifact {@code name}. */
    String readInput(String name) throws IOException;

    /** Writes output artifact {@code name} at its URI. */
    void writeOutput(String name, String text) throws IOException;

    /** The step's log. */
    PrintStream log();
  }

  private final ArtifactStore artifacts;
  private final Map<String, Step> steps;
  private final Map<StepId, Running> running = new ConcurrentHashMap<>();
  private final Map<StepId, ByteArrayOutputStream> logs = new ConcurrentHashMap<>();
  private final Map<StepHandle, StepResult> finished = new ConcurrentHashMap<>();

  private record Running(StepHandle handle, Thread thread, CompletableFuture<StepResult> result) {}

  /**
   * @param artifacts where output artifacts are stored
   * @param steps the functions, by command name
   */
  public InJvmExecutor(ArtifactStore artifacts, Map<String, Step> steps) {
    this.artifacts = artifacts;
    this.steps = Map.copyOf(steps);
  }

  @Override
  public CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener) {
    String name = launch.container().command().isEmpty() ? "" : launch.container().command().get(0);
    Step step = steps.get(name);
    if (step == null) {
      return CompletableFuture.completedFuture(
          new StepResult.Unschedulable("no in-JVM step named '" + name + "'"));
    }
    CompletableFuture<StepResult> result = new CompletableFuture<>();
    StepHandle handle = new StepHandle("injvm:" + launch.id());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    logs.put(launch.id(), log);
    Thread thread =
        Thread.ofVirtual()
            .unstarted(
                () -> {
                  long t0 = System.nanoTime();
                  StepResult r;
                  try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
                    r = step.run(launch, io(launch, out));
                    finished.put(handle, r);
                  } catch (InterruptedException e) {
                    r = new StepResult.Canceled(Duration.ofNanos(System.nanoTime() - t0));
                  } catch (Exception e) {
                    r =
                        new StepResult.Failed(
                            e.toString(), 1, Duration.ofNanos(System.nanoTime() - t0));
                  }
                  // off the running list before anyone hears of the end, as a process that exited
                  running.remove(launch.id());
                  result.complete(r);
                });
    running.put(launch.id(), new Running(handle, thread, result));
    thread.start();
    listener.started(handle, "in-jvm " + name);
    return result;
  }

  @Override
  public CompletableFuture<StepResult> reclaim(StepLaunch launch, Optional<StepHandle> handle) {
    Running r = running.get(launch.id());
    if (r != null && handle.isPresent() && handle.get().equals(r.handle())) {
      return r.result(); // still running here: re-attached
    }
    StepResult done = handle.map(finished::get).orElse(null);
    if (done != null) {
      return CompletableFuture.completedFuture(done); // it ended unseen: adopted
    }
    return CompletableFuture.completedFuture(
        new StepResult.Lost("no in-JVM step " + launch.id() + " runs any more"));
  }

  @Override
  public void cancel(StepId id) {
    Running r = running.get(id);
    if (r != null) {
      r.thread().interrupt();
    }
  }

  @Override
  public LogSource logs() {
    return (attempt, offset) -> {
      ByteArrayOutputStream log = logs.get(attempt);
      if (log == null) {
        return Optional.empty();
      }
      byte[] all = log.toByteArray();
      int from = (int) Math.min(offset, all.length);
      return Optional.of(new ByteArrayInputStream(Arrays.copyOfRange(all, from, all.length)));
    };
  }

  /** How many steps run now. */
  public int running() {
    return running.size();
  }

  @Override
  public void close() {
    running.values().forEach(r -> r.thread().interrupt());
  }

  private StepIo io(StepLaunch launch, PrintStream out) {
    return new StepIo() {
      @Override
      public String readInput(String name) throws IOException {
        String uri = launch.executorInput().inputs().artifacts().get(name).getFirst().uri();
        try (InputStream in = artifacts.open(uri)) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }

      @Override
      public void writeOutput(String name, String text) throws IOException {
        String uri = launch.executorInput().outputs().artifacts().get(name).getFirst().uri();
        java.nio.file.Path p =
            artifacts
                .localPath(uri)
                .orElseThrow(() -> new IOException("not a local artifact URI: " + uri));
        java.nio.file.Files.createDirectories(p.getParent());
        java.nio.file.Files.writeString(p, text);
      }

      @Override
      public PrintStream log() {
        return out;
      }
    };
  }
}
