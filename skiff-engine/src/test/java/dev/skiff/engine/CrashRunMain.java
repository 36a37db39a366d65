package dev.skiff.engine;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.DatabaseConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * The engine in a child JVM for the crash test: submits {@code crash.yaml} and blocks until it is
 * killed. Args: SKIFF_HOME, the dir the steps count executions in, the seconds b and c sleep, and
 * optionally a JDBC URL, user and password (default: the home's embedded H2).
 */
public final class CrashRunMain {
  private CrashRunMain() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    EngineHarness engine =
        args.length > 3
            ? new EngineHarness(
                home,
                new DatabaseConfig(args[3], args[4], args[5]),
                EngineSettings.of(home),
                EngineConfig.defaults())
            : new EngineHarness(home);
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
