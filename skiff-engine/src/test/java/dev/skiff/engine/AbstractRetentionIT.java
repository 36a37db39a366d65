package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.retention.RetentionPolicy;
import dev.skiff.engine.retention.RetentionSweeper;
import dev.skiff.engine.retention.RunFootprint;
import dev.skiff.engine.retention.RunNotDeletableException;
import dev.skiff.engine.retention.RunRemover;
import dev.skiff.engine.retention.SweepReport;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import dev.skiff.store.ProfileRetention;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention with a real engine, real step processes and real files, once per database: which runs
 * go (age, runs per pipeline, a profile's override), what never goes (runs in progress, runs whose
 * outputs kept runs reuse through the cache), that a dry run changes nothing, and that deleting a
 * run removes its rows, step logs and artifacts.
 */
abstract class AbstractRetentionIT {
  @TempDir Path home;
  EngineHarness engine;

  /** The database of this test; emptied before each test. */
  protected abstract DatabaseConfig database();

  @BeforeEach
  void start() {
    engine = new EngineHarness(home, database(), EngineSettings.of(home), EngineConfig.defaults());
    engine
        .database
        .jdbi()
        .useHandle(
            h -> {
              for (String table :
                  List.of(
                      "cache_entry",
                      "run_lease",
                      "task_attempt",
                      "task",
                      "run",
                      "profile_retention",
                      "profile")) {
                h.execute("DELETE FROM " + table);
              }
            });
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private RunView run(String tag, String profile) throws Exception {
    return run(tag, profile, 0);
  }

  private RunView run(String tag, String profile, int seconds) throws Exception {
    RunView v =
        engine.run(
            "retention.yaml",
            Map.of("tag", JsonValue.of(tag), "seconds", JsonValue.of(seconds)),
            new RunOptions("", profile, true));
    assertThat(v.run().state()).as(v.toString()).isEqualTo(RunState.SUCCEEDED);
    return v;
  }

  private RetentionSweeper sweeper(RetentionPolicy policy, Duration ahead) {
    return new RetentionSweeper(
        policy,
        engine.database.retention(),
        engine.database.runs(),
        new RunRemover(
            engine.database.runs(), engine.executor.runFiles(), engine.engine.artifacts()),
        Clock.offset(Clock.systemUTC(), ahead));
  }

  private static String id(RunView v) {
    return v.run().id();
  }

  private static TaskRun make(RunView v) {
    return v.tasks().stream().filter(t -> t.path().equals("make")).findFirst().orElseThrow();
  }

  private static Path data(RunView v) {
    return Path.of(URI.create(make(v).outputs().artifacts().get("data").getFirst().uri()));
  }

  private Path steps(RunView v) {
    return home.resolve("runs").resolve(id(v));
  }

  private Path artifacts(RunView v) {
    return home.resolve("artifacts").resolve(id(v));
  }

  private static List<String> deleted(SweepReport r) {
    return r.runs().stream().map(d -> d.run().id()).toList();
  }

  private boolean stored(RunView v) {
    return engine.database.runs().find(id(v)).isPresent();
  }

  private static Duration days(int n) {
    return Duration.ofDays(n);
  }

  @Test
  void runs_past_their_days_go_whole_and_a_dry_run_only_measures_them() throws Exception {
    RunView a = run("a", "");
    RunView b = run("b", "");
    RetentionPolicy month = new RetentionPolicy(30, 0, 0);

    SweepReport dry = sweeper(month, days(31)).sweep(true);
    assertThat(dry.dryRun()).isTrue();
    assertThat(deleted(dry)).containsExactlyInAnyOrder(id(a), id(b));
    for (SweepReport.DeletedRun d : dry.runs()) {
      assertThat(d.reason()).isEqualTo(SweepReport.Reason.AGE);
      assertThat(d.footprint().artifactBytes()).isEqualTo(4096);
      assertThat(d.footprint().logBytes()).isPositive();
    }
    assertThat(dry.summary()).startsWith("would delete 2 runs (");
    // Nothing changed.
    for (RunView v : List.of(a, b)) {
      assertThat(stored(v)).isTrue();
      assertThat(steps(v)).isDirectory();
      assertThat(data(v)).hasSize(4096);
    }
    assertThat(
            engine.database.runs().findCached("", "retention", make(a).fingerprint().orElseThrow()))
        .isPresent();

    assertThat(sweeper(month, days(29)).sweep(false).isEmpty()).as("not old enough yet").isTrue();

    SweepReport done = sweeper(month, days(31)).sweep(false);
    assertThat(deleted(done)).containsExactlyInAnyOrder(id(a), id(b));
    assertThat(done.failures()).isEmpty();
    for (RunView v : List.of(a, b)) {
      assertThat(stored(v)).isFalse();
      assertThat(engine.database.runs().tasks(id(v))).isEmpty();
      assertThat(steps(v)).doesNotExist();
      assertThat(artifacts(v)).doesNotExist();
    }
    assertThat(home.resolve("artifacts")).isDirectory();
    assertThat(make(run("a", "")).cached()).as("its cache entry went with it").isFalse();
  }

  @Test
  void only_the_newest_runs_of_a_pipeline_stay_and_a_profiles_override_wins() throws Exception {
    engine.database.profiles().create(Profile.of("team-a", "alice", ""));
    engine.database.profiles().create(Profile.of("team-b", "bob", ""));
    RunView a1 = run("a1", "team-a");
    RunView a2 = run("a2", "team-a");
    RunView a3 = run("a3", "team-a");
    RunView b1 = run("b1", "team-b");
    RunView b2 = run("b2", "team-b");
    RunView b3 = run("b3", "team-b");
    RunView solo = run("solo", "");
    assertThat(engine.database.retention().put(new ProfileRetention("team-b", 1, null, 0)))
        .isTrue();
    RetentionPolicy two = new RetentionPolicy(0, 0, 2);

    SweepReport now = sweeper(two, Duration.ZERO).sweep(false);
    assertThat(deleted(now)).containsExactly(id(a1));
    assertThat(now.runs().getFirst().reason()).isEqualTo(SweepReport.Reason.COUNT);
    assertThat(stored(a2) && stored(a3) && stored(b1) && stored(b2) && stored(solo)).isTrue();

    // Two days on, team-b's own one day applies to it alone.
    SweepReport later = sweeper(two, days(2)).sweep(false);
    assertThat(deleted(later)).containsExactlyInAnyOrder(id(b1), id(b2), id(b3));
    assertThat(stored(a2) && stored(a3) && stored(solo)).isTrue();
    assertThat(sweeper(two, days(2)).policyOf("team-b")).isEqualTo(new RetentionPolicy(1, 0, 0));
  }

  @Test
  void a_run_in_progress_is_never_touched() throws Exception {
    RunView old = run("old", "");
    String live =
        engine.runs.submit(
            EngineHarness.fixture("retention.yaml"),
            "retention.yaml",
            Map.of("tag", JsonValue.of("live"), "seconds", JsonValue.of(60)),
            RunOptions.DEFAULT);
    Instant deadline = Instant.now().plusSeconds(20);
    while (!Files.isDirectory(home.resolve("runs").resolve(live).resolve("make"))
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    RetentionPolicy harsh = new RetentionPolicy(1, 1, 1);

    SweepReport r = sweeper(harsh, days(10)).sweep(false);
    assertThat(deleted(r)).containsExactly(id(old));
    assertThat(r.logs()).isEmpty();
    assertThat(engine.database.runs().find(live)).isPresent();
    assertThat(home.resolve("runs").resolve(live)).isDirectory();
    assertThatThrownBy(() -> engine.runs.delete(live))
        .isInstanceOf(RunNotDeletableException.class)
        .hasMessageContaining("is RUNNING");

    engine.runs.cancel(live);
    assertThat(engine.runs.await(live, Duration.ofSeconds(20)).run().state())
        .isEqualTo(RunState.CANCELED);
    assertThat(deleted(sweeper(harsh, days(10)).sweep(false))).containsExactly(live);
  }

  @Test
  void a_run_whose_outputs_a_kept_run_reuses_stays_whole() throws Exception {
    RunView source = run("same", "");
    RunView reuser = run("same", "");
    assertThat(make(reuser).cached()).isTrue();
    assertThat(data(reuser)).isEqualTo(data(source)).hasSize(4096);

    SweepReport r = sweeper(new RetentionPolicy(0, 0, 1), Duration.ZERO).sweep(false);
    assertThat(r.runs()).isEmpty();
    assertThat(r.keptForCache()).extracting(f -> f.id()).containsExactly(id(source));
    assertThat(r.summary()).contains("kept 1 expired run whose outputs kept runs reuse");
    assertThat(stored(source)).isTrue();
    assertThat(data(reuser)).hasSize(4096);
    assertThatThrownBy(() -> engine.runs.delete(id(source)))
        .isInstanceOf(RunNotDeletableException.class)
        .hasMessageContaining(
            "1 other run reuses its outputs through the cache (e.g. " + id(reuser));

    // Once every run that reused it goes too, it goes.
    SweepReport both = sweeper(new RetentionPolicy(1, 0, 0), days(2)).sweep(false);
    assertThat(deleted(both)).containsExactlyInAnyOrder(id(source), id(reuser));
    assertThat(artifacts(source)).doesNotExist();
  }

  @Test
  void logs_past_their_days_go_and_the_run_stays() throws Exception {
    RunView a = run("a", "");
    StepId attempt = new StepId(id(a), "make", 1);
    assertThat(engine.log(a, "make", 1)).contains("making a");

    SweepReport r = sweeper(new RetentionPolicy(0, 7, 0), days(8)).sweep(false);
    assertThat(r.runs()).isEmpty();
    assertThat(r.logs()).extracting(l -> l.run().id()).containsExactly(id(a));
    assertThat(r.logs().getFirst().bytes()).isPositive();
    assertThat(steps(a)).doesNotExist();
    assertThat(engine.executor.logs().open(attempt, 0)).isEmpty();
    assertThat(stored(a)).isTrue();
    assertThat(data(a)).hasSize(4096);
    assertThat(sweeper(new RetentionPolicy(0, 7, 0), days(8)).sweep(false).isEmpty())
        .as("done once")
        .isTrue();
  }

  @Test
  void deleting_a_run_removes_its_rows_logs_and_artifacts() throws Exception {
    RunView a = run("a", "");
    RunView b = run("b", "");

    RunFootprint freed = engine.runs.delete(id(a)).orElseThrow();
    assertThat(freed.artifactBytes()).isEqualTo(4096);
    assertThat(freed.logBytes()).isPositive();
    assertThat(stored(a)).isFalse();
    assertThat(engine.database.runs().attempts(id(a))).isEmpty();
    assertThat(steps(a)).doesNotExist();
    assertThat(artifacts(a)).doesNotExist();
    assertThat(engine.runs.delete(id(a))).isEmpty();
    assertThat(engine.runs.get(id(b))).isPresent();
    assertThat(data(b)).hasSize(4096);
  }
}
