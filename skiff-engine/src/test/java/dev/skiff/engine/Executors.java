package dev.skiff.engine;

import dev.skiff.engine.executor.StepExecutor;
import java.nio.file.Path;

/** The executor the engine's tests run steps with. */
final class Executors {
  private Executors() {}

  static StepExecutor create(Path home) {
    return new dev.skiff.engine.executor.local.LocalProcessExecutor(
        dev.skiff.engine.executor.local.LocalExecutorConfig.defaults(), home);
  }
}
