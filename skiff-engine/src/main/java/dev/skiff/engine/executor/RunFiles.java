package dev.skiff.engine.executor;

import java.io.IOException;

/**
 * The files an executor keeps for a run outside the store and the artifact store: step logs,
 * working folders, exit codes. Only the executor knows where they are (a local folder, pod logs),
 * so retention and run deletion reach them through here.
 */
public interface RunFiles {

  /** How many bytes the run's files take now; 0 when it has none. */
  long bytes(String runId) throws IOException;

  /**
   * Deletes every file the executor keeps for the run. Only for a finished run: nothing of it may
   * be running. Idempotent.
   *
   * @return how many bytes were deleted
   * @throws IOException when something could not be deleted (what could be is gone)
   */
  long delete(String runId) throws IOException;

  /** An executor that keeps no files of its own. */
  RunFiles NONE =
      new RunFiles() {
        @Override
        public long bytes(String runId) {
          return 0;
        }

        @Override
        public long delete(String runId) {
          return 0;
        }
      };
}
