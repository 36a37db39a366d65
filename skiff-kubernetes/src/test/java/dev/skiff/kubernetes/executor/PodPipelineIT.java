package dev.skiff.kubernetes.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.ArtifactStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole KFP test pipelines through the real engine (H2 file database) and the pod executor on
 * fabric8's mock API server. The test kubelet runs each pod's three containers as local processes
 * from the pod's spec: Skiff's launcher ({@code prepare}, {@code collect}) and {@code run.sh}.
 */
@EnableKubernetesMockClient(crud = true)
class PodPipelineIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path home;

  private Database database;
  private Engine engine;
  private ArtifactStore store;
  private TestKubelet kubelet;
  private final AtomicInteger pods = new AtomicInteger();

  /** Tasks whose first attempt the "kubelet" kills for memory. */
  private volatile String oomFirstAttemptOf = "";

  /** When set, pods run (as far as the API says) until it opens. */
  private volatile java.util.concurrent.CountDownLatch hold;

  @BeforeEach
  void open() {
    kubelet = new TestKubelet(client, pod -> this::play);
    database = Database.open(DatabaseConfig.h2File(home.resolve("db")));
    engine = openEngine();
  }

  private Engine openEngine() {
    return Engine.open(
        EngineSettings.of(home.resolve("skiff")),
        database.runs(),
        EngineConfig.defaults(),
        artifacts -> {
          store = artifacts;
          return new PodExecutor(
              client,
              StepPodBuilderTest.SETTINGS,
              artifacts,
              "{\"kind\":\"local\"}",
              kubelet,
              new PodExecutorOptions(Duration.ofSeconds(5), Duration.ofSeconds(1)),
              Clock.systemUTC());
        });
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    if (database != null) {
      database.close();
    }
    kubelet.close();
  }

  /** What the cluster would do: run the pod's containers (Skiff's launcher and run.sh), end. */
  private void play(Pod pod, TestKubelet k) throws Exception {
    pods.incrementAndGet();
    if (hold != null) {
      k.running(pod);
      hold.await();
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels.get(PodContract.LABEL_TASK).equals(oomFirstAttemptOf)
        && labels.get(PodContract.LABEL_ATTEMPT).equals("1")) {
      k.running(pod);
      k.log(pod, "main", "allocating a lot\n");
      k.ended(pod, 137, "OOMKilled", null);
      return;
    }
    PodContainers.Ended ended =
        PodContainers.run(
            pod, home.resolve("pods").resolve(pod.getMetadata().getName()), () -> k.running(pod));
    ended.logs().forEach((container, text) -> k.log(pod, container, text));
    if (ended.main() == null) {
      k.prepareFailed(pod, ended.prepare());
      return;
    }
    k.ended(pod, ended.main(), ended.main() == 0 ? "Completed" : "Error", null);
  }

  private RunView run(String file, Map<String, JsonValue> params, boolean cache) throws Exception {
    String text =
        Files.readString(
            TestLaunches.shared()
                .resolve("kfp-testdata/sdk_compiled_pipelines/valid")
                .resolve(file));
    TestLaunches.pipeline(file); // skips when the testdata is absent
    String id = engine.runs().submit(text, file, params, RunOptions.DEFAULT.withCache(cache));
    return engine.runs().await(id, Duration.ofSeconds(120));
  }

  private String log(RunView run, String task, int attempt) throws Exception {
    try (InputStream in =
        engine.executor().logs().open(new StepId(run.run().id(), task, attempt), 0).orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void loopsAndConditionsRunAsPods() throws Exception {
    RunView run = run("pipeline_with_loops_and_conditions.yaml", Map.of(), false);
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    long steps = run.tasks().stream().filter(t -> !t.attempts().isEmpty()).count();
    assertThat(pods.get()).isEqualTo((int) steps).isGreaterThan(5);
    assertThat(client.pods().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(run.tasks()).anyMatch(t -> t.path().contains("/"));
  }

  @Test
  void retriesAfterOomKillAndCachesOnTheSecondRun() throws Exception {
    oomFirstAttemptOf = "add";
    Map<String, JsonValue> params = Map.of("a", JsonValue.of(1.0), "b", JsonValue.of(7.0));
    RunView first = run("critical/pipeline_with_retry.yaml", params, true);
    assertThat(first.run().state()).as(first.toString()).isEqualTo(RunState.SUCCEEDED);
    TaskRun add = first.task("add").orElseThrow();
    assertThat(add.attempts()).hasSize(2);
    assertThat(add.attempts().getFirst().message().orElse("")).contains("OOMKilled");
    assertThat(add.attempts().getLast().handle().orElseThrow()).startsWith("skiff/add-");
    assertThat(add.attempts().getLast().runtime()).contains("pod");
    assertThat(add.outputs().parameters().get("Output")).isEqualTo(JsonValue.of(8.0));
    assertThat(log(first, "add", 1)).contains("allocating a lot").contains("skiff: OOMKilled");
    int podsBefore = pods.get();
    assertThat(podsBefore).isEqualTo(2);

    RunView second = run("critical/pipeline_with_retry.yaml", params, true);
    assertThat(second.run().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(second.task("add").orElseThrow().cached()).isTrue();
    assertThat(second.task("add").orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(pods.get()).isEqualTo(podsBefore);
  }

  private String submit(String file, Map<String, JsonValue> params) throws Exception {
    String text =
        Files.readString(
            TestLaunches.shared()
                .resolve("kfp-testdata/sdk_compiled_pipelines/valid")
                .resolve(file));
    TestLaunches.pipeline(file);
    return engine.runs().submit(text, file, params, RunOptions.DEFAULT.withCache(false));
  }

  private static void waitFor(java.util.function.BooleanSupplier c) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static final Map<String, JsonValue> ADD =
      Map.of("a", JsonValue.of(1.0), "b", JsonValue.of(7.0));

  @Test
  void aRestartedEngineReattachesToTheRunningPod() throws Exception {
    hold = new java.util.concurrent.CountDownLatch(1);
    String id = submit("critical/pipeline_with_retry.yaml", ADD);
    waitFor(
        () ->
            engine.runs().get(id).flatMap(v -> v.task("add")).stream()
                .anyMatch(t -> t.attempts().stream().anyMatch(a -> a.handle().isPresent())));
    engine.close(); // the server stops; its pod keeps running
    assertThat(client.pods().inAnyNamespace().list().getItems()).hasSize(1);
    engine = openEngine();
    assertThat(engine.runs().recover()).containsExactly(id);
    hold.countDown();
    RunView done = engine.runs().await(id, Duration.ofSeconds(60));
    assertThat(done.run().state()).as(done.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.task("add").orElseThrow().attempts()).as("re-attached, not re-run").hasSize(1);
    assertThat(done.task("add").orElseThrow().outputs().parameters().get("Output"))
        .isEqualTo(JsonValue.of(8.0));
    assertThat(pods.get()).isEqualTo(1);
    assertThat(client.pods().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void cancelingARunDeletesItsPods() throws Exception {
    hold = new java.util.concurrent.CountDownLatch(1);
    String id = submit("critical/pipeline_with_retry.yaml", ADD);
    waitFor(() -> !client.pods().inAnyNamespace().list().getItems().isEmpty());
    assertThat(engine.runs().cancel(id)).isTrue();
    RunView done = engine.runs().await(id, Duration.ofSeconds(30));
    assertThat(done.run().state()).isEqualTo(RunState.CANCELED);
    assertThat(done.task("add").orElseThrow().state()).isEqualTo(TaskState.CANCELED);
    waitFor(() -> client.pods().inAnyNamespace().list().getItems().isEmpty());
    // the held "kubelet" thread is interrupted when the kubelet closes
  }
}
