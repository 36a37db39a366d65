package dev.skiff.kubernetes.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.engine.executor.notebook.ServerLaunch;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.operator.notebook.NotebookCrd;
import dev.skiff.kubernetes.operator.notebook.NotebookObjects;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerNotebookTest {
  private static final KubernetesSettings SETTINGS = KubernetesSettings.defaults("skiff:test");
  private static final String TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";

  static ServerLaunch launch(ResourceRequest resources, Map<String, String> env) {
    return new ServerLaunch(
        "team-a",
        "scratch",
        new ServerEnvironment("python3", "auto", null, List.of()),
        "/notebook/team-a/scratch/",
        Path.of("/unused/workspace"),
        Path.of("/unused/private"),
        Map.of(),
        env,
        resources);
  }

  private static ServerNotebook.Parts parts(ServerLaunch launch, Optional<String> kfpToken) {
    var built = ServerNotebook.build(launch, SETTINGS, NotebookImages.DEFAULTS, TOKEN, kfpToken);
    assertThat(built).isInstanceOf(ServerNotebook.Built.Objects.class);
    return ((ServerNotebook.Built.Objects) built).parts();
  }

  @Test
  void secretsAreReferencedNeverWrittenInTheNotebook() {
    var parts =
        parts(
            launch(
                new ResourceRequest(1.5, 2L << 30, null, 0),
                Map.of(
                    "KF_PIPELINES_ENDPOINT", "http://skiff.skiff.svc:8080",
                    "KF_PIPELINES_SA_TOKEN_PATH", "/private/kfp-token",
                    "MY_VAR", "hello")),
            Optional.of("kfp-secret-token-value"));

    String notebookJson = Serialization.asJson(parts.notebook());
    assertThat(notebookJson)
        .doesNotContain(TOKEN)
        .doesNotContain("kfp-secret-token-value")
        .doesNotContain("hello")
        .doesNotContain("skiff.skiff.svc");
    Container c = parts.notebook().getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("JUPYTER_TOKEN");
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("scratch-server");
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("KF_PIPELINES_SA_TOKEN_PATH");
              assertThat(e.getValue()).isEqualTo("/var/run/secrets/skiff/kfp/token");
            })
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("MY_VAR"));
    assertThat(parts.secret().getStringData())
        .containsEntry("jupyter-token", TOKEN)
        .containsEntry("kfp-token", "kfp-secret-token-value")
        .containsEntry("MY_VAR", "hello")
        .doesNotContainKey("KF_PIPELINES_SA_TOKEN_PATH");
    assertThat(c.getCommand()).noneMatch(a -> a.contains(TOKEN));
    assertThat(parts.notebook().getSpec().getTemplate().getSpec().getInitContainers())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.getName()).isEqualTo("kfp-context");
              assertThat(i.getImage()).isEqualTo(c.getImage());
              assertThat(Serialization.asJson(i)).doesNotContain("kfp-secret-token-value");
            });
    assertThat(c.getCommand())
        .contains("--ServerApp.base_url=/notebook/team-a/scratch/", "--ServerApp.port=8888");
    assertThat(c.getResources().getLimits())
        .containsEntry("cpu", new Quantity("1500m"))
        .containsEntry("memory", new Quantity(Long.toString(2L << 30)));
    assertThat(c.getImage()).isEqualTo(NotebookImages.KUBEFLOW_JUPYTER);
    assertThat(parts.notebook().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("default-editor");
    assertThat(parts.notebook().getMetadata().getNamespace()).isEqualTo("team-a");

    KubernetesSchemas schemas = KubernetesSchemas.load();
    KubernetesSchemas.assertValid(NotebookCrd.definition(), parts.notebook());
    schemas.assertValid(parts.secret());
    schemas.assertValid(parts.workspace());
    var nb = parts.notebook();
    nb.getMetadata().setUid("uid-1");
    schemas.assertValid(NotebookObjects.statefulSet(nb));
  }

  @Test
  void aGpuServerAsksForTheCataloguesResourceOnItsNodes() {
    var parts =
        parts(
            launch(new ResourceRequest(1, 1L << 30, "NVIDIA_TESLA_T4", 1), Map.of()),
            Optional.empty());
    var pod = parts.notebook().getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().getFirst().getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getNodeSelector())
        .containsEntry("cloud.google.com/gke-accelerator", "nvidia-tesla-t4");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    KubernetesSchemas.assertValid(NotebookCrd.definition(), parts.notebook());
  }

  @Test
  void anAcceleratorTypeNotInTheCatalogueIsRefused() {
    var built =
        ServerNotebook.build(
            launch(new ResourceRequest(1, 0, "amd.com/gpu", 1), Map.of()),
            SETTINGS,
            NotebookImages.DEFAULTS,
            TOKEN,
            Optional.empty());
    assertThat(built)
        .isInstanceOfSatisfying(
            ServerNotebook.Built.Refused.class,
            r -> assertThat(r.reason()).contains("'amd.com/gpu'").contains("NVIDIA_TESLA_T4"));
  }

  @Test
  void aConfiguredCommandGetsTheTokenFromTheEnvironment() {
    var env =
        new ServerEnvironment(
            "vscode",
            "command",
            null,
            List.of("code-server", "--port={port}", "--token={token}", "{workspace}"));
    var l = launch(ResourceRequest.NONE, Map.of());
    var launch =
        new ServerLaunch(
            l.profile(),
            l.name(),
            env,
            l.basePath(),
            l.workspace(),
            l.privateDir(),
            Map.of(),
            Map.of(),
            l.resources());
    var images =
        new NotebookImages(
            Map.of(
                "vscode", "ghcr.io/kubeflow/kubeflow/notebook-servers/codeserver-python:v1.10.0"),
            NotebookImages.KUBEFLOW_JUPYTER,
            "5Gi",
            "");
    var built = ServerNotebook.build(launch, SETTINGS, images, TOKEN, Optional.empty());
    Container c =
        ((ServerNotebook.Built.Objects) built)
            .parts()
            .notebook()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    assertThat(c.getCommand())
        .containsExactly("code-server", "--port=8888", "--token=$(JUPYTER_TOKEN)", "/home/jovyan");
    assertThat(c.getImage()).endsWith("codeserver-python:v1.10.0");
  }

  @Test
  void theWorkspaceClaimIsKubeflowsDefault() {
    var claim = parts(launch(ResourceRequest.NONE, Map.of()), Optional.empty()).workspace();
    assertThat(claim.getMetadata().getName()).isEqualTo("scratch-workspace");
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("5Gi"));
  }
}
