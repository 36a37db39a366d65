package dev.skiff.kubernetes.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.StepExecutor.StepListener;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.store.artifact.LocalArtifactStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Against a real API server (no kubelet needed: pods stay Pending): a step's pod is accepted with
 * the spec the builder made (strict field validation by the server), found by the informer, and
 * deleted on cancel. Reads the kubeconfig from {@code SKIFF_IT_KUBECONFIG}; skipped when unset.
 */
class PodClusterIT {
  static final String NS = "skiff-pods-it-" + UUID.randomUUID().toString().substring(0, 6);
  static final String SKIPPED =
      "SKIFF_IT_KUBECONFIG is not set: skipping the pod executor tests against a real API server";

  @TempDir static Path dir;
  static KubernetesClient client;

  @BeforeAll
  static void connect() throws Exception {
    String kubeconfig = System.getenv("SKIFF_IT_KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      LoggerFactory.getLogger(PodClusterIT.class).warn(SKIPPED);
    }
    Assumptions.assumeTrue(kubeconfig != null && !kubeconfig.isBlank(), SKIPPED);
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
            .build();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterAll
  static void cleanUp() {
    if (client != null) {
      client.namespaces().withName(NS).delete();
      client.close();
    }
  }

  @Test
  void aStepsPodIsAcceptedAndCancelDeletesIt() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir.resolve("artifacts"));
    var settings =
        new dev.skiff.kubernetes.KubernetesSettings(
            "",
            NS,
            "ghcr.io/skiff/skiff:it",
            "IfNotPresent",
            "default",
            "",
            dev.skiff.kubernetes.KubernetesSettings.Accelerator.GKE_NVIDIA,
            "skiff",
            "cluster.local");
    Pipeline p = TestLaunches.pipeline("critical/pipeline_with_env.yaml");
    StepLaunch launch =
        TestLaunches.launch(
            p, "comp-print-env", "run-" + UUID.randomUUID(), "print-env", "", Map.of(), store);
    try (PodExecutor executor = new PodExecutor(client, settings, store, "{\"kind\":\"local\"}")) {
      CompletableFuture<StepResult> result = executor.start(launch, StepListener.NONE);
      String name = PodNames.podName(launch.id());
      Pod pod = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (pod == null && System.nanoTime() < deadline) {
        pod = client.pods().inNamespace(NS).withName(name).get();
        Thread.sleep(100);
      }
      assertThat(pod).as("pod created").isNotNull();
      Pod expected =
          new StepPodBuilder(settings, "{\"kind\":\"local\"}")
              .build(launch, dev.skiff.kubernetes.pod.StepLaunchJson.write(launch));
      assertThat(pod.getSpec().getContainers())
          .extracting(c -> c.getName() + " " + c.getImage() + " " + c.getCommand())
          .containsExactlyElementsOf(
              expected.getSpec().getContainers().stream()
                  .map(c -> c.getName() + " " + c.getImage() + " " + c.getCommand())
                  .toList());
      assertThat(pod.getMetadata().getLabels())
          .containsAllEntriesOf(expected.getMetadata().getLabels());
      executor.cancel(launch.id());
      assertThat(result.get(60, TimeUnit.SECONDS)).isInstanceOf(StepResult.Canceled.class);
      // a real cluster keeps a deleted pod Terminating for its grace period
      Pod gone = client.pods().inNamespace(NS).withName(name).get();
      assertThat(gone == null || gone.getMetadata().getDeletionTimestamp() != null)
          .as("the canceled step's pod is deleted")
          .isTrue();
    }
  }
}
