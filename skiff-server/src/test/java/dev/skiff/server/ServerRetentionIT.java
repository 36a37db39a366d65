package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.retention.RetentionPolicy;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.server.config.SkiffConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server applies its retention settings by itself, periodically. */
class ServerRetentionIT {
  private static final String ECHO =
      """
      components:
        comp-say:
          executorLabel: exec-say
      deploymentSpec:
        executors:
          exec-say:
            container:
              image: alpine
              command: [sh, -c, 'echo hello']
      pipelineInfo:
        name: say
      root:
        dag:
          tasks:
            say:
              componentRef: {name: comp-say}
              taskInfo: {name: say}
      schemaVersion: 2.1.0
      sdkVersion: kfp-2.14.6
      """;

  @TempDir Path home;

  @Test
  void the_server_deletes_what_its_retention_settings_let_go() throws Exception {
    SkiffConfig base = SkiffServerIT.config(home, 0, SkiffServerIT.embedded());
    SkiffConfig config =
        new SkiffConfig(
            base.home(),
            base.http(),
            base.database(),
            base.engine(),
            base.artifacts(),
            new SkiffConfig.Retention(new RetentionPolicy(0, 0, 1), Duration.ofSeconds(1)));
    try (SkiffServer server = SkiffServer.start(config)) {
      String older = server.runs().submit(ECHO, "say.yaml", Map.of(), RunOptions.DEFAULT);
      assertThat(server.runs().await(older, Duration.ofSeconds(20)).run().state())
          .isEqualTo(RunState.SUCCEEDED);
      String newer = server.runs().submit(ECHO, "say.yaml", Map.of(), RunOptions.DEFAULT);
      assertThat(server.runs().await(newer, Duration.ofSeconds(20)).run().state())
          .isEqualTo(RunState.SUCCEEDED);

      Instant deadline = Instant.now().plusSeconds(20);
      while (server.runs().get(older).isPresent() && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(server.runs().get(older))
          .as("only the newest run of the pipeline stays")
          .isEmpty();
      assertThat(home.resolve("runs").resolve(older)).doesNotExist();
      assertThat(server.runs().get(newer)).isPresent();
      assertThat(home.resolve("runs").resolve(newer)).isDirectory();
    }
  }
}
