package dev.skiff.engine.executor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the stdout and stderr of attempts: owned by the executor that ran them, because only it
 * knows where they went (a local file, a pod's log, an archived copy in the artifact store).
 */
public interface LogSource {

  /**
   * The attempt's log from byte {@code offset} to what has been written so far.
   *
   * @return empty when the attempt has no log (yet)
   * @throws IOException when the log exists but cannot be read
   */
  Optional<InputStream> open(StepId attempt, long offset) throws IOException;
}
