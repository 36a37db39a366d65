package dev.skiff.kubernetes.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.notebook.LaunchResult;
import dev.skiff.engine.executor.notebook.ServerEndpoint;
import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.engine.executor.notebook.ServerState;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.operator.notebook.NotebookOperatorFixture;
import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against fabric8's CRUD mock with the Notebook operator and the pod simulator. */
@EnableKubernetesMockClient(crud = true)
class KubernetesNotebookLauncherIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;
  private NotebookOperatorFixture cluster;
  private KubernetesNotebookLauncher launcher;

  @BeforeEach
  void start() {
    cluster = new NotebookOperatorFixture(client);
    launcher =
        new KubernetesNotebookLauncher(
            client,
            KubernetesSettings.defaults("skiff:test"),
            Applier.createOrReplace(client),
            NotebookImages.DEFAULTS);
  }

  @AfterEach
  void stop() {
    launcher.close();
    cluster.close();
  }

  private dev.skiff.engine.executor.notebook.ServerLaunch launch(ResourceRequest r)
      throws IOException {
    Path token = dir.resolve("kfp-token");
    Files.writeString(token, "kfp-api-token\n");
    return ServerNotebookTest.launch(
        r,
        Map.of(
            "KF_PIPELINES_ENDPOINT",
            "http://skiff.skiff.svc.cluster.local:8080",
            "KF_PIPELINES_SA_TOKEN_PATH",
            token.toString()));
  }

  private Notebook notebook() {
    return client.resources(Notebook.class).inNamespace("team-a").withName("scratch").get();
  }

  @Test
  void startRunsTheServerAsANotebookAndStopKeepsTheWorkspace() throws IOException {
    LaunchResult result = launcher.start(launch(new ResourceRequest(1, 1L << 30, null, 0)));

    assertThat(result).isInstanceOf(LaunchResult.Started.class);
    var started = (LaunchResult.Started) result;
    assertThat(started.handle()).isEqualTo("team-a/scratch");
    ServerEndpoint endpoint = started.endpoint();
    assertThat(endpoint.base())
        .isEqualTo(
            URI.create("http://scratch.team-a.svc.cluster.local:80/notebook/team-a/scratch/"));
    assertThat(endpoint.token()).hasSize(48);

    Notebook nb = notebook();
    assertThat(Serialization.asJson(nb))
        .doesNotContain(endpoint.token())
        .doesNotContain("kfp-api-token");
    var secret = client.secrets().inNamespace("team-a").withName("scratch-server").get();
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(nb.getMetadata().getUid()));
    var claim =
        client.persistentVolumeClaims().inNamespace("team-a").withName("scratch-workspace").get();
    assertThat(claim).isNotNull();
    KubernetesSchemas.load().assertValid(claim);

    await()
        .atMost(WAIT)
        .until(() -> client.pods().inNamespace("team-a").withName("scratch-0").get() != null);
    await().atMost(WAIT).until(() -> launcher.state(started.handle()) instanceof ServerState.Alive);
    var sts = client.apps().statefulSets().inNamespace("team-a").withName("scratch").get();
    KubernetesSchemas.load().assertValid(sts);
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("NB_PREFIX"));

    launcher.stop(started.handle());

    assertThat(notebook()).isNull();
    assertThat(client.secrets().inNamespace("team-a").withName("scratch-server").get()).isNull();
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace("team-a")
                .withName("scratch-workspace")
                .get())
        .isNotNull();
    assertThat(launcher.state(started.handle())).isInstanceOf(ServerState.Ended.class);
    assertThat(launcher.reattach(started.handle())).isEmpty();

    // started again: the same workspace claim, a fresh token
    var again =
        (LaunchResult.Started) launcher.start(launch(new ResourceRequest(1, 1L << 30, null, 0)));
    assertThat(again.endpoint().token()).isNotEqualTo(endpoint.token());
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace("team-a")
                .withName("scratch-workspace")
                .get()
                .getMetadata()
                .getUid())
        .isEqualTo(claim.getMetadata().getUid());

    launcher.stop(again.handle());
    launcher.deleteWorkspace("team-a", "scratch");
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace("team-a")
                .withName("scratch-workspace")
                .get())
        .isNull();
  }

  @Test
  void reattachFindsARunningServerWithItsToken() throws IOException {
    var started = (LaunchResult.Started) launcher.start(launch(ResourceRequest.NONE));

    var later =
        new KubernetesNotebookLauncher(
            client,
            KubernetesSettings.defaults("skiff:test"),
            Applier.createOrReplace(client),
            NotebookImages.DEFAULTS);
    assertThat(later.reattach(started.handle()))
        .hasValueSatisfying(
            e -> {
              assertThat(e.base()).isEqualTo(started.endpoint().base());
              assertThat(e.token()).isEqualTo(started.endpoint().token());
            });
    assertThat(later.reattach("team-a/nothing-here")).isEmpty();
    assertThat(later.reattach("not a handle")).isEmpty();
  }

  @Test
  void aCrashedServerHasEndedWithTheReason() throws IOException {
    var started = (LaunchResult.Started) launcher.start(launch(ResourceRequest.NONE));
    await()
        .atMost(WAIT)
        .until(() -> client.pods().inNamespace("team-a").withName("scratch-0").get() != null);

    cluster.pods().crash("team-a", "scratch", 2, "Error");

    assertThat(launcher.state(started.handle()))
        .isEqualTo(new ServerState.Ended("the server exited with code 2 (Error)", false));
  }

  @Test
  void theClusterAnswersForCapacity() {
    assertThat(launcher.shortage(new ResourceRequest(64, 1L << 40, "nvidia.com/gpu", 8))).isEmpty();
    assertThat(launcher.unschedulable(new ResourceRequest(1, 0, "NVIDIA_L4", 1))).isEmpty();
    assertThat(launcher.unschedulable(new ResourceRequest(1, 0, "TPU_V5", 1)))
        .hasValueSatisfying(r -> assertThat(r).contains("'TPU_V5'"));
    assertThat(
            launcher
                .probe(new ServerEnvironment("python3", "auto", null, java.util.List.of()))
                .kind())
        .isEqualTo("jupyterlab");
    assertThat(
            launcher
                .probe(new ServerEnvironment("x", "rstudio", null, java.util.List.of()))
                .unavailable())
        .isPresent();
    assertThat(launcher.freeGpus()).isZero();

    client
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("gpu-node")
                .endMetadata()
                .withNewStatus()
                .addToAllocatable("nvidia.com/gpu", new Quantity("4"))
                .endStatus()
                .build())
        .create();
    assertThat(launcher.freeGpus()).isEqualTo(4);
  }

  @Test
  void aLaunchTheClusterCannotRunFailsAndLeavesNothing() throws IOException {
    LaunchResult result = launcher.start(launch(new ResourceRequest(1, 0, "TPU_V5", 1)));
    assertThat(result)
        .isInstanceOfSatisfying(
            LaunchResult.Failed.class, f -> assertThat(f.reason()).contains("TPU_V5"));
    assertThat(notebook()).isNull();
    assertThat(client.secrets().inNamespace("team-a").list().getItems()).isEmpty();
    assertThat(client.persistentVolumeClaims().inNamespace("team-a").list().getItems()).isEmpty();
  }
}
