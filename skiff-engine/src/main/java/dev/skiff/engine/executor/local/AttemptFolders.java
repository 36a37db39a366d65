package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.StepId;
import java.nio.file.Path;

/**
 * Where the local executor keeps an attempt's files under {@code $SKIFF_HOME/runs}:
 *
 * <pre>
 * &lt;run&gt;/&lt;taskPath&gt;/attempt-N/log.txt      stdout and stderr
 * &lt;run&gt;/&lt;taskPath&gt;/attempt-N/exit-code    the exit status, once it exited
 * &lt;run&gt;/&lt;taskPath&gt;/attempt-N/handle       its process's handle, once it runs
 * &lt;run&gt;/&lt;taskPath&gt;/attempt-N/work/        its working directory
 * &lt;run&gt;/&lt;taskPath&gt;/attempt-N/outputs/     output parameter files, executor_output.json
 * </pre>
 *
 * Every folder it names is checked to lie inside its run's folder, whatever the task path holds.
 * The executor also keeps a few empty attempt folders ready in {@code .spare-attempts/} (see {@link
 * SpareAttemptFolders}), so a run id that starts with a dot is refused.
 *
 * @param root the folder that holds one folder per run
 */
public record AttemptFolders(Path root) {
  public AttemptFolders {
    root = root.toAbsolutePath().normalize();
  }

  /**
   * The folder of one run, holding its attempts' folders.
   *
   * @throws IllegalArgumentException when the run id is not a single folder name
   */
  public Path runDir(String runId) {
    Path run = root.resolve(runId).normalize();
    if (runId.isEmpty() || runId.startsWith(".") || !root.equals(run.getParent())) {
      throw new IllegalArgumentException("run id '" + runId + "' is not a folder name");
    }
    return run;
  }

  /** The folder of one attempt. */
  public Path attemptDir(StepId id) {
    Path run = root.resolve(id.runId()).normalize();
    Path dir = run.resolve(id.taskPath()).resolve("attempt-" + id.attempt()).normalize();
    if (id.runId().startsWith(".")) {
      throw new IllegalArgumentException("run id '" + id.runId() + "' is not a folder name");
    }
    if (!run.startsWith(root) || run.equals(root) || !dir.startsWith(run)) {
      throw new IllegalArgumentException(
          "task path '" + id.taskPath() + "' of run " + id.runId() + " leaves the run's folder");
    }
    return dir;
  }

  /** The log file of one attempt. */
  public Path logFile(StepId id) {
    return attemptDir(id).resolve("log.txt");
  }

  /** The file holding the exit status of an attempt that exited. */
  public Path exitFile(StepId id) {
    return attemptDir(id).resolve("exit-code");
  }

  /** The working directory of one attempt. */
  public Path workDir(StepId id) {
    return attemptDir(id).resolve("work");
  }

  /** The folder of one attempt's output parameter files and executor output. */
  public Path outputsDir(StepId id) {
    return attemptDir(id).resolve("outputs");
  }
}
