package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.deploy.render.InstallManifests;
import dev.skiff.deploy.values.DeployValues;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
  @Test
  void render_crds_prints_the_kubeflow_crds_as_yaml_documents() {
    CliRun r = CliRun.of("render", "crds");
    assertThat(r.exit()).isZero();
    List<HasMetadata> docs =
        Serialization.unmarshal(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
    assertThat(docs).allSatisfy(d -> assertThat(d).isInstanceOf(CustomResourceDefinition.class));
    assertThat(docs).extracting(d -> d.getMetadata().getName()).contains("profiles.kubeflow.org");
  }

  private static final Path VALUES = Path.of("../skiff-deploy/src/test/resources/render-values");

  @Test
  void render_with_values_prints_every_object_of_the_install() {
    CliRun r = CliRun.of("render", "--values", VALUES.resolve("gke-iap-gpu.yaml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    List<HasMetadata> docs =
        Serialization.unmarshal(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
    assertThat(docs)
        .hasSameSizeAs(
            InstallManifests.render(DeployValues.read(VALUES.resolve("gke-iap-gpu.yaml"))));
    assertThat(docs)
        .extracting(d -> d.getKind() + "/" + d.getMetadata().getName())
        .contains(
            "Namespace/skiff-system",
            "CustomResourceDefinition/profiles.kubeflow.org",
            "Deployment/skiff-server",
            "Service/skiff",
            "StatefulSet/skiff-postgres",
            "BackendConfig/skiff",
            "ManagedCertificate/skiff",
            "Ingress/skiff");
    assertThat(docs)
        .allSatisfy(
            d -> assertThat(d.getMetadata().getLabels()).containsEntry("skiff.dev/install", "ml"));
  }

  @Test
  void name_overrides_the_install_name_and_footprint_prints_one_line() {
    String file = VALUES.resolve("default.yaml").toString();
    CliRun named = CliRun.of("render", "--values", file, "--name", "team-a");
    assertThat(named.exit()).isZero();
    assertThat(named.out()).contains("skiff.dev/install: \"team-a\"", "name: \"team-a-server\"");
    assertThat(named.out()).doesNotContain("skiff.dev/install: \"skiff\"");
    CliRun footprint = CliRun.of("render", "--values", file, "--footprint");
    assertThat(footprint.exit()).isZero();
    assertThat(footprint.out().strip())
        .isEqualTo(
            "footprint: 800m CPU, 1280Mi memory requested (skiff-server 2 x 300m/512Mi,"
                + " skiff-postgres 1 x 200m/256Mi); budget 1000m, 1536Mi: within (Kubeflow:"
                + " 4380m, 12.3Gi)");
  }

  @Test
  void bad_values_are_one_line_naming_file_line_and_key_with_exit_2(@TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("values.yaml");
    Files.writeString(
        bad, "image: skiff:1\nartifacts:\n  bucket: b1\n  colour: blue\nauth: {mode: iap}\n");
    CliRun r = CliRun.of("render", "--values", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("values.yaml:4: unknown key 'artifacts.colour'");
    CliRun missing = CliRun.of("render");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.errLines()).hasSize(1);
    assertThat(missing.err()).contains("--values FILE");
    CliRun badName =
        CliRun.of("render", "--values", VALUES.resolve("default.yaml").toString(), "--name", "A");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.err()).contains("--name: must be a lower-case name");
  }

  @Test
  void render_without_a_subcommand_says_what_to_render() {
    CliRun r = CliRun.of("render", "crd");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("crd");
  }
}
