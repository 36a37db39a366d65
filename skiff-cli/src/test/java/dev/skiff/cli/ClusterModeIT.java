package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.notebook.NotebookImages;
import dev.skiff.kubernetes.operator.MockOperatorCluster;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.cluster.ClusterMode;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.config.ClusterConfig;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.S3Settings;
import dev.skiff.testkit.S3MockServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server in cluster mode ({@code engine.executor: kubernetes}) over fabric8's mock API
 * server (CRUD mode) and a real S3 server: a run's first step becomes a pod in its profile's
 * namespace with Skiff's launcher around the user's image, canceling the run deletes it, Skiff's
 * profiles become Profile resources that the operator in the server reconciles into namespaces, and
 * a run asking for an accelerator the cluster does not offer is refused at submit with a 400. The
 * mock has no server-side apply, so the server writes by create-or-replace here.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterModeIT {
  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir Path home;
  @TempDir Path s3dir;

  private static final String IMAGE = "registry.example.com/skiff:test";

  private SkiffConfig config(java.net.URI s3Endpoint) {
    KubernetesSettings k =
        new KubernetesSettings(
            "",
            "skiff",
            IMAGE,
            "IfNotPresent",
            "default-editor",
            "skiff-artifacts",
            List.of(KubernetesSettings.Accelerator.GKE_NVIDIA.get(0)),
            KubernetesSettings.FIELD_MANAGER,
            "cluster.local");
    return new SkiffConfig(
        home,
        new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
        new SkiffConfig.Database(null, null, null),
        new SkiffConfig.Engine("kubernetes", Duration.ofSeconds(15)),
        new S3Settings(
            Optional.of(s3Endpoint),
            "us-east-1",
            "artifacts",
            "skiff",
            true,
            Optional.of("test"),
            Optional.of("test-secret"),
            S3Settings.DEFAULT_SCHEMES),
        SkiffConfig.Retention.DEFAULT,
        SkiffConfig.Api.DEFAULTS,
        AuthSettings.LOCAL,
        NotebookSettings.defaults(),
        new ClusterConfig(k, NotebookImages.DEFAULTS));
  }

  private static String fixture(String name) throws Exception {
    try (InputStream in = ClusterModeIT.class.getResourceAsStream("/pipelines/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<Pod> podsOf(String runId) {
    return client.pods().inAnyNamespace().withLabel(PodContract.LABEL_RUN, runId).list().getItems();
  }

  @Test
  void runsProfilesAndRefusalsInClusterMode() throws Exception {
    MockOperatorCluster.prepare(server, client);
    try (S3MockServer s3 = S3MockServer.start(s3dir, "artifacts");
        SkiffServer skiff =
            SkiffServer.start(
                config(s3.endpoint()),
                routes -> {},
                (cluster, artifacts, database) ->
                    new ClusterMode(
                        client, cluster, Applier.createOrReplace(client), artifacts, database))) {
      String profile = "team-a";
      // A profile created over the API becomes a Profile resource, which the operator in the
      // server reconciles into its namespace and service accounts.
      HttpResponse<String> created =
          post(skiff, "/api/v1/profiles", "{\"name\": \"" + profile + "\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      eventually(
          "Profile " + profile,
          () -> client.resources(Profile.class).withName(profile).get() != null);
      assertThat(client.resources(Profile.class).withName(profile).get().getSpec().owner().name())
          .isEqualTo(System.getProperty("user.name"));
      eventually("namespace " + profile, () -> client.namespaces().withName(profile).get() != null);
      eventually(
          "service account default-editor in " + profile,
          () ->
              client.serviceAccounts().inNamespace(profile).withName("default-editor").get()
                  != null);

      // A run's first step becomes a pod in the profile's namespace.
      String runId = submitHold(skiff, profile);
      eventually("the first step's pod", () -> !podsOf(runId).isEmpty());
      Pod pod = podsOf(runId).getFirst();
      assertThat(pod.getMetadata().getNamespace()).isEqualTo(profile);
      assertThat(pod.getMetadata().getLabels())
          .containsEntry(PodContract.LABEL_TASK, "first")
          .containsEntry(PodContract.LABEL_ATTEMPT, "1");
      assertThat(pod.getSpec().getInitContainers()).extracting("image").containsOnly(IMAGE);
      assertThat(pod.getSpec().getContainers())
          .extracting("name", "image")
          .contains(
              org.assertj.core.groups.Tuple.tuple("main", "alpine:3.20"),
              org.assertj.core.groups.Tuple.tuple("collect", IMAGE));
      assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default-editor");

      // Canceling the run deletes its pods.
      skiff.runs().cancel(runId);
      eventually("the canceled run's pods deleted", () -> podsOf(runId).isEmpty());

      // A profile made outside the catalog (a default profile at first sign-in) has no Profile
      // resource until the next resync: its first step syncs it and waits for its namespace.
      skiff
          .database()
          .profiles()
          .createIfAbsent(
              dev.skiff.store.Profile.of(
                  "newcomer", "newcomer@example.com", "Default profile of newcomer@example.com"));
      assertThat(client.resources(Profile.class).withName("newcomer").get()).isNull();
      String first = submitHold(skiff, "newcomer");
      eventually("the newcomer's first pod", () -> !podsOf(first).isEmpty());
      assertThat(client.namespaces().withName("newcomer").get())
          .as("namespace made before the pod")
          .isNotNull();
      skiff.runs().cancel(first);

      // An accelerator type the cluster does not offer is refused at submit.
      JsonNode spec = new YAMLMapper().readTree(fixture("hold.yaml"));
      ((ObjectNode) spec.at("/deploymentSpec/executors/exec-first/container"))
          .putObject("resources")
          .putObject("accelerator")
          .put("resourceType", "NVIDIA_TESLA_K80")
          .put("resourceCount", "1");
      ObjectNode body = new ObjectMapper().createObjectNode();
      body.put("display_name", "k80");
      body.set("pipeline_spec", spec);
      body.putObject("runtime_config")
          .putObject("parameters")
          .put("dir", "/tmp/held")
          .put("tag", "b");
      HttpResponse<String> refused = post(skiff, "/apis/v2beta1/runs", body.toString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(refused.body()).contains("NVIDIA_TESLA_K80").contains("kubernetes.accelerators");
    }
  }

  private static String submitHold(SkiffServer skiff, String profile) throws Exception {
    return skiff
        .runs()
        .submit(
            fixture("hold.yaml"),
            "hold.yaml",
            Map.of("dir", JsonValue.of("/tmp/held"), "tag", JsonValue.of("a")),
            new RunOptions("held", profile, false, RunOptions.DEFAULT.metadata()));
  }

  private HttpResponse<String> post(SkiffServer skiff, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(skiff.url().resolve(path))
                .header("Authorization", "Bearer " + TokenFile.read(home).orElseThrow())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void eventually(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(100);
    }
  }
}
