package dev.skiff.engine;

import dev.skiff.engine.run.RunOptions;
import dev.skiff.pipeline.json.JsonValue;
import java.nio.file.Path;
import java.util.Map;

/**
 * The engine in a child JVM for the crash test: submits {@code crash.yaml} and blocks until it is
 * killed. Args: SKIFF_HOME, the dir the steps count executions in, the seconds b and c sleep.
 */
public final class CrashRunMain {
  private CrashRunMain() {}

  public static void main(String[] args) throws Exception {
    EngineHarness engine = new EngineHarness(Path.of(args[0]));
    String id =
        engine.runs.submit(
            EngineHarness.fixture("crash.yaml"),
            "crash.yaml",
            Map.of(
                "dir", JsonValue.of(args[1]), "seconds", JsonValue.of(Double.parseDouble(args[2]))),
            RunOptions.DEFAULT.withCache(false));
    System.out.println("RUN " + id);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
