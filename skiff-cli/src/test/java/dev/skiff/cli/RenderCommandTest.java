package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  @Test
  void render_without_a_subcommand_says_what_to_render() {
    CliRun r = CliRun.of("render", "crd");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("crd");
  }
}
