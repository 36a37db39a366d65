package dev.skiff.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.server.config.ConfigLoader.Overrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesSettingsLoaderTest {
  @TempDir Path home;

  private static final String S3 =
      """
      artifacts:
        store: s3
        s3:
          endpoint: http://minio.skiff:9000
          bucket: skiff
      """;

  private SkiffConfig load(String yaml) throws IOException {
    Files.writeString(home.resolve("skiff.yaml"), yaml);
    return ConfigLoader.load(new Overrides(home, null, null, null, null, null, null), Map.of());
  }

  @Test
  void localModeHasNoClusterSettings() throws IOException {
    assertThat(load("server:\n  port: 8080\n").kubernetes()).isNull();
  }

  @Test
  void kubernetesModeReadsItsSettingsWithDefaults() throws IOException {
    KubernetesSettings k =
        load(S3
                + """
                    engine:
                      executor: kubernetes
                    kubernetes:
                      image: registry.example.com/skiff:0.1.0
                      accelerators: nvidia.com/gpu, NVIDIA_L4
                    """)
            .kubernetes();
    assertThat(k.image()).isEqualTo("registry.example.com/skiff:0.1.0");
    assertThat(k.namespace()).isEqualTo("skiff");
    assertThat(k.serviceAccount()).isEqualTo("default-editor");
    assertThat(k.imagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(k.clusterDomain()).isEqualTo("cluster.local");
    assertThat(k.fieldManager()).isEqualTo("skiff");
    assertThat(k.accelerators())
        .extracting(KubernetesSettings.Accelerator::type)
        .containsExactly("nvidia.com/gpu", "NVIDIA_L4");
    assertThat(k.accelerator("NVIDIA_L4").orElseThrow().nodeLabels())
        .containsEntry("cloud.google.com/gke-accelerator", "nvidia-l4");
  }

  @Test
  void kubernetesModeNeedsAnS3StoreAndAnImage() {
    assertThatThrownBy(() -> load("engine:\n  executor: kubernetes\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("engine.executor")
        .hasMessageContaining("S3-compatible artifact store");
    assertThatThrownBy(() -> load(S3 + "engine:\n  executor: kubernetes\n"))
        .hasMessageContaining("kubernetes.image is required");
  }

  @Test
  void badValuesNameFileLineAndKey() {
    String base = S3 + "engine:\n  executor: kubernetes\nkubernetes:\n  image: skiff:1\n";
    assertThatThrownBy(() -> load(base + "  namespace: Skiff_NS\n"))
        .hasMessageContaining("skiff.yaml:")
        .hasMessageContaining("kubernetes.namespace: must be a Kubernetes name");
    assertThatThrownBy(() -> load(base + "  imagePullPolicy: Sometimes\n"))
        .hasMessageContaining("kubernetes.imagePullPolicy: must be one of IfNotPresent");
    assertThatThrownBy(() -> load(base + "  accelerators: NVIDIA_TESLA_K80\n"))
        .hasMessageContaining("unknown accelerator type 'NVIDIA_TESLA_K80'");
    assertThatThrownBy(() -> load(base + "  imagee: x\n"))
        .hasMessageContaining("unknown setting 'kubernetes.imagee'");
  }
}
