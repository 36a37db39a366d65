package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.CatalogSettings;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.executor.local.MachineCapacity;
import dev.skiff.engine.quota.QuotaSource;
import dev.skiff.engine.quota.QuotaUsage;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import dev.skiff.store.artifact.LocalArtifactStore;
import dev.skiff.store.identity.ProfileQuota;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-profile quotas, end to end: real H2 file database, real processes. A profile at its step or
 * GPU quota gets its next step queued (not failed) with the reason on the task; another profile's
 * steps are unaffected; a step bigger than the quota fails at once.
 *
 * <p>Each step touches {@code <dir>/started-<name>} and then waits until {@code
 * <dir>/release-<name>} exists, so the test decides when each one ends.
 */
class ProfileQuotaIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path home;
  @TempDir Path dirA;
  @TempDir Path dirB;

  /** Two parallel steps (or one), each asking for {@code resources} (YAML flow map or empty). */
  static String pipeline(String resources, String... names) {
    StringBuilder tasks = new StringBuilder();
    for (String n : names) {
      tasks.append(
          """
                %s:
                  cachingOptions: {enableCache: false}
                  componentRef: {name: comp-wait}
                  inputs:
                    parameters:
                      dir: {componentInputParameter: dir}
                      name: {runtimeValue: {constant: %s}}
                  taskInfo: {name: %s}
          """
              .formatted(n, n, n));
    }
    return """
        components:
          comp-wait:
            executorLabel: exec-wait
            inputDefinitions:
              parameters:
                dir: {parameterType: STRING}
                name: {parameterType: STRING}
        deploymentSpec:
          executors:
            exec-wait:
              container:
                image: alpine:3.20
                command: [sh, -c, 'touch "$0/started-$1"; while [ ! -e "$0/release-$1" ]; do sleep 0.05; done']
                args: ['{{$.inputs.parameters[''dir'']}}', '{{$.inputs.parameters[''name'']}}']
                %s
        pipelineInfo: {name: quota-pair}
        root:
          dag:
            tasks:
        %s  inputDefinitions:
            parameters:
              dir: {parameterType: STRING}
        schemaVersion: 2.1.0
        sdkVersion: kfp-2.14.6
        """
        .formatted(resources.isEmpty() ? "" : "resources: " + resources, tasks);
  }

  private static final String ONE_GPU =
      "{accelerator: {resourceType: nvidia.com/gpu, resourceCount: '1'}}";
  private static final String TWO_GPUS =
      "{accelerator: {resourceType: nvidia.com/gpu, resourceCount: '2'}}";

  private static String submit(RunService runs, String text, Path dir, String profile)
      throws Exception {
    return runs.submit(
        text,
        "quota.yaml",
        Map.of("dir", JsonValue.of(dir.toString())),
        new RunOptions("", profile, false));
  }

  private static Database database(Path home, Map<String, ProfileQuota> quotas) {
    Database db = Database.open(DatabaseConfig.h2File(home));
    quotas.forEach(
        (name, q) -> {
          db.profiles().create(Profile.of(name, "owner@example.com", ""));
          assertThat(db.profiles().setQuota(name, q)).isTrue();
        });
    return db;
  }

  @Test
  void a_profile_at_its_step_quota_queues_its_next_step_and_another_profile_is_unaffected()
      throws Exception {
    Map<String, ProfileQuota> quotas =
        Map.of("team-a", new ProfileQuota(1, null, null, null, null), "team-b", ProfileQuota.NONE);
    try (Database db = database(home, quotas);
        Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles())) {
      RunService runs = engine.runs();
      String text = pipeline("", "left", "right");
      String a = submit(runs, text, dirA, "team-a");

      String first = awaitValue(() -> startedOf(dirA), "a step of team-a to start");
      String second = first.equals("left") ? "right" : "left";
      TaskRun waiting =
          awaitValue(
              () ->
                  runs.get(a).orElseThrow().task(second).filter(t -> t.statusMessage().isPresent()),
              "the reason on team-a's second task");
      assertThat(waiting.state()).isEqualTo(TaskState.RUNNING);
      assertThat(waiting.statusMessage())
          .contains("waiting for quota: profile 'team-a' uses 1 of 1 steps");

      // team-b's run starts both of its steps while team-a's second step waits.
      String b = submit(runs, text, dirB, "team-b");
      await(() -> Files.exists(dirB.resolve("started-left")), "team-b's left step");
      await(() -> Files.exists(dirB.resolve("started-right")), "team-b's right step");
      assertThat(dirA.resolve("started-" + second)).doesNotExist();
      assertThat(runs.get(a).orElseThrow().task(second).flatMap(TaskRun::statusMessage))
          .contains("waiting for quota: profile 'team-a' uses 1 of 1 steps");
      assertThat(runs.quotaUsage("team-a")).isEqualTo(new QuotaUsage(1, 0, 0, 0));
      assertThat(runs.quotaWaiting("team-a")).isEqualTo(1);
      // the catalog shows a member the same usage (the dashboard's profile page), no one else
      ProfileCatalog profiles = Catalog.open(db, runs, CatalogSettings.DEFAULTS).profiles();
      assertThat(profiles.usage(new Requester("owner@example.com", "team-a"), "team-a"))
          .isEqualTo(new ProfileCatalog.Usage(new QuotaUsage(1, 0, 0, 0), 1));
      assertThatThrownBy(
              () -> profiles.usage(new Requester("someone@example.com", "team-b"), "team-a"))
          .isInstanceOf(CatalogException.NotFound.class);
      assertThatThrownBy(() -> profiles.users(new Requester("owner@example.com", "team-a")))
          .isInstanceOf(CatalogException.Forbidden.class);

      // The first ends: the second starts, and its reason is gone while it runs.
      release(dirA, first);
      await(() -> Files.exists(dirA.resolve("started-" + second)), "team-a's second step");
      TaskRun running =
          awaitValue(
              () -> runs.get(a).orElseThrow().task(second).filter(t -> t.statusMessage().isEmpty()),
              "the reason to clear once the step runs");
      assertThat(running.state()).isEqualTo(TaskState.RUNNING);
      assertThat(running.attempts())
          .singleElement()
          .satisfies(t -> assertThat(t.message()).isEmpty());

      release(dirA, second);
      release(dirB, "left");
      release(dirB, "right");
      for (String id : new String[] {a, b}) {
        RunView done = runs.await(id, WAIT);
        assertThat(done.run().state()).as(done.toString()).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.tasks()).allMatch(t -> t.attempts().size() == 1);
      }
      assertThat(runs.quotaUsage("team-a")).isEqualTo(QuotaUsage.NONE);
      assertThat(runs.quotaWaiting("team-a")).isZero();
    }
  }

  /** The local executor on a pretend host with 2 GPUs, so only the quota holds a step back. */
  private RunService gpuEngine(Database db, LocalProcessExecutor executor) {
    return new RunService(
        db.runs(),
        executor,
        new LocalArtifactStore(home.resolve("artifacts")),
        EngineConfig.defaults()
            .withQuotas(
                QuotaSource.cached(db.profiles(), Duration.ofSeconds(1), Clock.systemUTC())));
  }

  private LocalProcessExecutor twoGpuHost() {
    return new LocalProcessExecutor(
        LocalExecutorConfig.defaults().withCapacity(MachineCapacity.of(4, 8L << 30, 2)), home);
  }

  @Test
  void a_profile_at_its_gpu_quota_queues_its_next_gpu_step_instead_of_failing_it()
      throws Exception {
    try (Database db =
            database(home, Map.of("gpu-team", new ProfileQuota(null, null, null, 1, null)));
        LocalProcessExecutor executor = twoGpuHost();
        RunService runs = gpuEngine(db, executor)) {
      String id = submit(runs, pipeline(ONE_GPU, "left", "right"), dirA, "gpu-team");

      String first = awaitValue(() -> startedOf(dirA), "a GPU step to start");
      String second = first.equals("left") ? "right" : "left";
      TaskRun waiting =
          awaitValue(
              () ->
                  runs.get(id)
                      .orElseThrow()
                      .task(second)
                      .filter(t -> t.statusMessage().isPresent()),
              "the reason on the second GPU step");
      assertThat(waiting.statusMessage())
          .contains("waiting for quota: profile 'gpu-team' uses 1 of 1 GPUs");
      assertThat(waiting.state()).isEqualTo(TaskState.RUNNING);
      Thread.sleep(300); // the host has a second GPU: only the quota keeps the step back
      assertThat(dirA.resolve("started-" + second)).doesNotExist();
      assertThat(runs.quotaUsage("gpu-team")).isEqualTo(new QuotaUsage(1, 0, 0, 1));

      release(dirA, first);
      release(dirA, second);
      RunView done = runs.await(id, WAIT);
      assertThat(done.run().state()).as(done.toString()).isEqualTo(RunState.SUCCEEDED);
      assertThat(done.tasks()).allMatch(t -> t.attempts().size() == 1);
      assertThat(runs.quotaUsage("gpu-team")).isEqualTo(QuotaUsage.NONE);
    }
  }

  @Test
  void a_step_asking_for_more_than_the_quota_fails_as_unschedulable_with_the_quota_named()
      throws Exception {
    try (Database db =
            database(home, Map.of("gpu-team", new ProfileQuota(null, null, null, 1, null)));
        LocalProcessExecutor executor = twoGpuHost();
        RunService runs = gpuEngine(db, executor)) {
      String id = submit(runs, pipeline(TWO_GPUS, "big"), dirA, "gpu-team");

      RunView done = runs.await(id, WAIT);
      assertThat(done.run().state()).isEqualTo(RunState.FAILED);
      TaskRun big = done.task("big").orElseThrow();
      assertThat(big.state()).isEqualTo(TaskState.FAILED);
      assertThat(big.error())
          .contains("step asks for 2 GPUs but profile 'gpu-team' has a quota of 1 GPU");
      assertThat(dirA.resolve("started-big")).doesNotExist();
      assertThat(runs.quotaUsage("gpu-team")).isEqualTo(QuotaUsage.NONE);
    }
  }

  @Test
  void canceling_a_run_whose_step_waits_for_quota_frees_the_queue() throws Exception {
    Map<String, ProfileQuota> quotas =
        Map.of("team-a", new ProfileQuota(1, null, null, null, null));
    try (Database db = database(home, quotas);
        Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles())) {
      RunService runs = engine.runs();
      String holder = submit(runs, pipeline("", "hold"), dirA, "team-a");
      await(() -> Files.exists(dirA.resolve("started-hold")), "the holding step");
      String queued = submit(runs, pipeline("", "later"), dirB, "team-a");
      awaitValue(
          () ->
              runs.get(queued)
                  .orElseThrow()
                  .task("later")
                  .filter(t -> t.statusMessage().isPresent()),
          "the queued step's reason");

      runs.cancel(queued);
      RunView canceled = runs.await(queued, WAIT);
      assertThat(canceled.run().state()).isEqualTo(RunState.CANCELED);
      assertThat(canceled.task("later").map(TaskRun::state)).contains(TaskState.CANCELED);
      assertThat(dirB.resolve("started-later")).doesNotExist();

      // The next run of the profile is not stuck behind the canceled one.
      release(dirA, "hold");
      assertThat(runs.await(holder, WAIT).run().state()).isEqualTo(RunState.SUCCEEDED);
      Files.createFile(dirB.resolve("release-again"));
      String next = submit(runs, pipeline("", "again"), dirB, "team-a");
      assertThat(runs.await(next, WAIT).run().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(runs.quotaUsage("team-a")).isEqualTo(QuotaUsage.NONE);
    }
  }

  private static Optional<String> startedOf(Path dir) {
    for (String n : new String[] {"left", "right"}) {
      if (Files.exists(dir.resolve("started-" + n))) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  private static void release(Path dir, String name) throws IOException {
    Files.createFile(dir.resolve("release-" + name));
  }

  private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
    awaitValue(() -> condition.get() ? Optional.of(true) : Optional.empty(), what);
  }

  private static <T> T awaitValue(Supplier<Optional<T>> probe, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
