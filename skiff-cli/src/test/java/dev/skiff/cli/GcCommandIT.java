package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff gc} and {@code skiff retention} on a real H2 home with real runs. */
class GcCommandIT {
  private static final String SAY =
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

  private CliRun skiff(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--home";
    all[args.length + 1] = home.toString();
    return CliRun.of(all);
  }

  /** Runs the pipeline {@code n} times, oldest first; returns the run ids. */
  private List<String> runs(int n) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        Engine engine = Engine.open(EngineSettings.of(home), db.runs())) {
      for (int i = 0; i < n; i++) {
        String id = engine.runs().submit(SAY, "say.yaml", Map.of(), RunOptions.DEFAULT);
        engine.runs().await(id, Duration.ofSeconds(20));
        ids.add(id);
      }
    }
    return ids;
  }

  private boolean stored(String id) {
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      return db.runs().find(id).isPresent();
    }
  }

  @Test
  void a_dry_run_prints_what_would_go_and_changes_nothing_then_gc_deletes_it() throws Exception {
    List<String> ids = runs(3);

    CliRun dry = skiff("gc", "--dry-run", "--runs-per-pipeline", "1");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("retention: runs kept, logs kept, 1 run per pipeline")
        .contains(ids.get(0), ids.get(1))
        .doesNotContain(ids.get(2))
        .contains("would delete 2 runs (");
    for (String id : ids) {
      assertThat(stored(id)).isTrue();
      assertThat(home.resolve("runs").resolve(id)).isDirectory();
    }

    CliRun nothing = skiff("gc");
    assertThat(nothing.exit()).isZero();
    assertThat(nothing.out()).contains("deleted 0 runs and the logs of 0 other runs");

    CliRun gc = skiff("gc", "--runs-per-pipeline", "1");
    assertThat(gc.exit()).as(gc.err()).isZero();
    assertThat(gc.out()).contains("deleted 2 runs (");
    assertThat(stored(ids.get(0)) || stored(ids.get(1))).isFalse();
    assertThat(home.resolve("runs").resolve(ids.get(0))).doesNotExist();
    assertThat(stored(ids.get(2))).isTrue();
  }

  @Test
  void a_profiles_own_settings_are_set_shown_and_unset() throws Exception {
    Files.writeString(home.resolve("skiff.yaml"), "retention:\n  runDays: 30\n");
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      db.profiles().create(Profile.of("team-a", "alice", ""));
    }

    CliRun set = skiff("retention", "set", "team-a", "--log-days", "3");
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out().strip())
        .isEqualTo("profile team-a: runs 30 days, logs 3 days, any number of runs per pipeline");
    assertThat(skiff("retention", "set", "team-a", "--run-days", "0").exit()).isZero();

    CliRun show = skiff("retention", "show");
    assertThat(show.out())
        .contains("server-wide: runs 30 days, logs kept, any number of runs per pipeline")
        .containsPattern("team-a +0 +3 +- +runs kept, logs 3 days");

    CliRun unknown = skiff("retention", "set", "nobody", "--run-days", "1");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err().strip()).isEqualTo("skiff: no profile 'nobody'");
    CliRun negative = skiff("retention", "set", "team-a", "--run-days", "-1");
    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.errLines()).hasSize(1);
    assertThat(skiff("retention", "set", "team-a").exit()).isEqualTo(2);

    CliRun unset = skiff("retention", "unset", "team-a");
    assertThat(unset.out()).contains("profile team-a: its own settings are gone");
    assertThat(skiff("retention", "show").out()).doesNotContain("team-a");
  }

  @Test
  void gc_beside_a_server_on_the_home_is_one_line_and_exit_1() throws Exception {
    var config =
        ConfigLoader.load(
            new ConfigLoader.Overrides(home, null, null, 0, null, null, null), Map.of());
    try (SkiffServer server = SkiffServer.start(config)) {
      CliRun r = skiff("gc", "--dry-run");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err())
          .contains("a Skiff server runs on this home (" + server.url())
          .contains("Stop it to run 'skiff gc' now");
    }
  }
}
