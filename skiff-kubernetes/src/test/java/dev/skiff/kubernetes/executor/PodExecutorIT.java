package dev.skiff.kubernetes.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepExecutor.StepListener;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.AttemptReportJson;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.artifact.LocalArtifactStore;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod executor on fabric8's mock API server (CRUD mode) with a test kubelet. */
@EnableKubernetesMockClient(crud = true)
class PodExecutorIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path dir;

  private LocalArtifactStore store;
  private PodExecutor executor;
  private TestKubelet kubelet;

  private static final PodExecutorOptions FAST =
      new PodExecutorOptions(Duration.ofSeconds(1), Duration.ofMillis(500));

  private void start(Function<Pod, TestKubelet.Script> scripts) {
    store = new LocalArtifactStore(dir.resolve("artifacts"));
    kubelet = new TestKubelet(client, scripts);
    executor = newExecutor();
  }

  private PodExecutor newExecutor() {
    return new PodExecutor(
        client,
        StepPodBuilderTest.SETTINGS,
        store,
        "{\"kind\":\"local\"}",
        kubelet,
        FAST,
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (executor != null) {
      executor.close();
    }
    if (kubelet != null) {
      kubelet.close();
    }
  }

  private StepLaunch launch(String profile) throws Exception {
    Pipeline p = TestLaunches.pipeline("critical/pipeline_with_env.yaml");
    return TestLaunches.launch(
        p, "comp-print-env", "run-" + UUID.randomUUID(), "print-env", profile, Map.of(), store);
  }

  /** The collector's report, as the launcher writes it. */
  private void report(Pod pod, AttemptReport report) throws Exception {
    StepLaunch launch =
        dev.skiff.kubernetes.pod.StepLaunchJson.read(
            pod.getSpec().getContainers().get(1).getEnv().getFirst().getValue());
    Path tmp =
        Files.writeString(
            dir.resolve(UUID.randomUUID() + ".json"), AttemptReportJson.write(report));
    store.upload(tmp, PodContract.reportUri(store, launch));
  }

  private final List<String> events = new CopyOnWriteArrayList<>();

  private final StepListener listener =
      new StepListener() {
        @Override
        public void started(StepHandle handle, String runtime) {
          events.add("started " + handle + " " + runtime);
        }

        @Override
        public void waiting(String reason) {
          events.add("waiting " + reason);
        }
      };

  private static Pod pods(String ns, String name) {
    return client.pods().inNamespace(ns).withName(name).get();
  }

  private static String read(Optional<InputStream> in) throws Exception {
    try (InputStream s = in.orElseThrow()) {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void stepRunsAsPodAndSucceedsFromTheReport() throws Exception {
    start(
        pod ->
            (p, k) -> {
              k.running(p);
              k.log(p, "main", "hello from main\n");
              report(
                  p,
                  new AttemptReport.Succeeded(
                      Map.of("Output", new JsonValue.Str("x")), Map.of(), 1500));
              k.ended(p, 0, "Completed", null);
            });
    StepLaunch launch = launch("team-a");
    StepResult result = executor.start(launch, listener).get(20, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(StepResult.Succeeded.class);
    assertThat(((StepResult.Succeeded) result).outputParameters())
        .containsEntry("Output", new JsonValue.Str("x"));
    assertThat(result.took()).isEqualTo(Duration.ofMillis(1500));
    String name = PodNames.podName(launch.id());
    assertThat(events.getFirst()).isEqualTo("started team-a/" + name + " pod");
    // the log was archived before the pod was deleted
    assertThat(pods("team-a", name)).isNull();
    assertThat(read(executor.logs().open(launch.id(), 0))).isEqualTo("hello from main\n");
    assertThat(read(executor.logs().open(launch.id(), 6))).isEqualTo("from main\n");
  }

  @Test
  void createdPodIsValid() throws Exception {
    start(pod -> (p, k) -> {});
    StepLaunch launch = launch("");
    executor.start(launch, listener);
    String name = PodNames.podName(launch.id());
    await().atMost(10, TimeUnit.SECONDS).until(() -> pods("skiff", name) != null);
    KubernetesSchemas.load().assertValid(pods("skiff", name));
    executor.cancel(launch.id());
    await().atMost(10, TimeUnit.SECONDS).until(() -> pods("skiff", name) == null);
  }

  @Test
  void unschedulablePodShowsItsReasonAndCancelDeletesIt() throws Exception {
    String why = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.";
    start(pod -> (p, k) -> k.unschedulable(p, why));
    StepLaunch launch = launch("team-a");
    var future = executor.start(launch, listener);
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> events.contains("waiting Unschedulable: " + why));
    executor.cancel(launch.id());
    assertThat(future.get(10, TimeUnit.SECONDS)).isInstanceOf(StepResult.Canceled.class);
    assertThat(pods("team-a", PodNames.podName(launch.id()))).isNull();
  }

  /**
   * A profile's ResourceQuota that is full refuses the pod (403 exceeded quota): the step waits
   * with Kubernetes' message and its pod is made once the quota has room, instead of failing.
   */
  @Test
  void aPodRefusedByAFullQuotaWaitsAndIsCreatedOnceThereIsRoom() throws Exception {
    String refusal =
        "pods \"x\" is forbidden: exceeded quota: kf-resource-quota, requested: requests.cpu=2,"
            + " used: requests.cpu=3, limited: requests.cpu=4";
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/team-q/pods")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage(refusal)
                .build())
        .times(2);
    store = new LocalArtifactStore(dir.resolve("artifacts"));
    kubelet =
        new TestKubelet(
            client,
            pod ->
                (p, k) -> {
                  k.running(p);
                  report(p, new AttemptReport.Succeeded(Map.of(), Map.of(), 10));
                  k.ended(p, 0, "Completed", null);
                });
    executor =
        new PodExecutor(
            client,
            StepPodBuilderTest.SETTINGS,
            store,
            "{\"kind\":\"local\"}",
            kubelet,
            new PodExecutorOptions(
                Duration.ofSeconds(1), Duration.ofMillis(500), 16, Duration.ofMillis(100)),
            Clock.systemUTC());
    StepResult result = executor.start(launch("team-q"), listener).get(20, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(StepResult.Succeeded.class);
    assertThat(events).filteredOn(e -> e.startsWith("waiting ")).hasSize(2);
    assertThat(events.getFirst()).isEqualTo("waiting ExceededQuota: " + refusal);
    assertThat(events).anyMatch(e -> e.startsWith("started team-q/"));
  }

  /** Any other refusal fails the attempt at once, with Kubernetes' message. */
  @Test
  void aPodRefusedForAnotherReasonFailsAtOnce() throws Exception {
    String refusal = "pods \"x\" is forbidden: failed quota: kf-resource-quota: must specify cpu";
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/team-f/pods")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage(refusal)
                .build())
        .once();
    start(pod -> (p, k) -> {});
    StepResult result = executor.start(launch("team-f"), listener).get(20, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(StepResult.Failed.class);
    assertThat(((StepResult.Failed) result).message()).contains(refusal);
    assertThat(events).noneMatch(e -> e.startsWith("waiting "));
  }

  @Test
  void oomKilledFailsWithTheReason() throws Exception {
    start(
        pod ->
            (p, k) -> {
              k.running(p);
              k.log(p, "main", "allocating\n");
              k.ended(p, 137, "OOMKilled", null);
            });
    StepLaunch launch = launch("team-a");
    StepResult result = executor.start(launch, listener).get(20, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(StepResult.Failed.class);
    assertThat(((StepResult.Failed) result).message()).isEqualTo("OOMKilled");
    assertThat(((StepResult.Failed) result).exitCode()).isEqualTo(137);
    assertThat(read(executor.logs().open(launch.id(), 0)))
        .isEqualTo("allocating\nskiff: OOMKilled\n");
  }

  @Test
  void deadlineExceededFailsWithThePodsReason() throws Exception {
    start(pod -> (p, k) -> k.ended(p, 137, "Error", "DeadlineExceeded"));
    StepResult result = executor.start(launch("team-a"), listener).get(20, TimeUnit.SECONDS);
    assertThat(((StepResult.Failed) result).message()).startsWith("DeadlineExceeded");
  }

  @Test
  void invalidImageFailsAtOnce() throws Exception {
    start(pod -> (p, k) -> k.waitingContainer(p, "main", "InvalidImageName", "bad ref"));
    StepResult result = executor.start(launch("team-a"), listener).get(20, TimeUnit.SECONDS);
    assertThat(((StepResult.Failed) result).message()).isEqualTo("InvalidImageName: bad ref");
    assertThat(events).contains("waiting InvalidImageName: bad ref");
  }

  @Test
  void imagePullBackOffFailsAfterTheLimit() throws Exception {
    start(pod -> (p, k) -> k.waitingContainer(p, "main", "ImagePullBackOff", "back-off"));
    long t0 = System.nanoTime();
    StepResult result = executor.start(launch("team-a"), listener).get(20, TimeUnit.SECONDS);
    assertThat(((StepResult.Failed) result).message()).isEqualTo("ImagePullBackOff: back-off");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofSeconds(1));
  }

  @Test
  void unknownAcceleratorIsUnschedulable() throws Exception {
    start(pod -> (p, k) -> {});
    StepLaunch l = launch("team-a");
    StepLaunch tpu =
        new StepLaunch(
            l.id(),
            l.profile(),
            l.container(),
            l.executorInput(),
            l.outputParameters(),
            l.runInfo(),
            l.env(),
            l.platformConfig(),
            new ResourceRequest(0, 0, "TPU_V4", 1));
    assertThat(executor.acceleratorRefusal("TPU_V4")).isPresent();
    assertThat(executor.acceleratorRefusal("NVIDIA_L4")).isEmpty();
    StepResult result = executor.start(tpu, listener).get(5, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(StepResult.Unschedulable.class);
    assertThat(pods("team-a", PodNames.podName(l.id()))).isNull();
  }

  @Test
  void restartReattachesARunningPod() throws Exception {
    var release = new java.util.concurrent.CountDownLatch(1);
    start(
        pod ->
            (p, k) -> {
              k.running(p);
              release.await();
              report(p, new AttemptReport.Succeeded(Map.of(), Map.of(), 10));
              k.ended(p, 0, "Completed", null);
            });
    StepLaunch launch = launch("team-a");
    executor.start(launch, listener);
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> events.stream().anyMatch(e -> e.startsWith("started")));
    StepHandle handle = new StepHandle(events.getFirst().split(" ")[1]);
    executor.close(); // the server stops; the pod keeps running
    assertThat(pods("team-a", PodNames.podName(launch.id()))).isNotNull();
    executor = newExecutor();
    var future = executor.reclaim(launch, Optional.of(handle));
    assertThat(future).isNotDone();
    release.countDown();
    assertThat(future.get(20, TimeUnit.SECONDS)).isInstanceOf(StepResult.Succeeded.class);
    assertThat(pods("team-a", PodNames.podName(launch.id()))).isNull();
  }

  @Test
  void reclaimAdoptsTheReportOfAGonePodElseLost() throws Exception {
    start(pod -> (p, k) -> {});
    StepLaunch done = launch("team-a");
    Path tmp =
        Files.writeString(
            dir.resolve("r.json"),
            AttemptReportJson.write(new AttemptReport.Failed("exit code 3", 3, 20)));
    store.upload(tmp, PodContract.reportUri(store, done));
    StepResult adopted =
        executor.reclaim(done, Optional.of(new StepHandle("team-a/gone"))).get(5, TimeUnit.SECONDS);
    assertThat(adopted).isEqualTo(new StepResult.Failed("exit code 3", 3, Duration.ofMillis(20)));
    StepResult lost = executor.reclaim(launch("team-a"), Optional.empty()).get(5, TimeUnit.SECONDS);
    assertThat(lost).isInstanceOf(StepResult.Lost.class);
  }

  @Test
  void createAndDeletePvcStubsRunThroughTheApi() throws Exception {
    start(pod -> (p, k) -> {});
    Pipeline p = TestLaunches.pipeline("pipeline_with_volume.yaml");
    StepLaunch create =
        TestLaunches.launch(
            p,
            "comp-createpvc",
            "run-pvc",
            "createpvc",
            "team-a",
            Map.of(
                "access_modes", JsonValue.parse("[\"ReadWriteOnce\"]"),
                "pvc_name_suffix", new JsonValue.Str("-my-pvc"),
                "size", new JsonValue.Str("5Mi"),
                "storage_class_name", new JsonValue.Str("standard")),
            store);
    StepResult created = executor.start(create, listener).get(10, TimeUnit.SECONDS);
    String name =
        ((JsonValue.Str) ((StepResult.Succeeded) created).outputParameters().get("name")).value();
    var claim = client.persistentVolumeClaims().inNamespace("team-a").withName(name).get();
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard");
    KubernetesSchemas.load().assertValid(claim);
    StepLaunch delete =
        TestLaunches.launch(
            p,
            "comp-deletepvc",
            "run-pvc",
            "deletepvc",
            "team-a",
            Map.of("pvc_name", new JsonValue.Str(name)),
            store);
    assertThat(executor.start(delete, listener).get(10, TimeUnit.SECONDS))
        .isInstanceOf(StepResult.Succeeded.class);
    assertThat(client.persistentVolumeClaims().inNamespace("team-a").withName(name).get()).isNull();
  }
}
