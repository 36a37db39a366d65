package dev.skiff.engine.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.catalog.CatalogException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotebookRulesTest {
  private static final NotebookRules RULES =
      new NotebookRules(
          List.of(
              new NotebookEnvironment(
                  "python3", "Python 3", "notebook", 0.5, 1L << 30, Optional.empty()),
              new NotebookEnvironment(
                  "lab", "Lab", "jupyterlab", 1, 2L << 30, Optional.of("no jupyterlab"))),
          Map.of("gpu-libs", Map.of("LD_LIBRARY_PATH", "/opt/cuda")));

  private static NotebookSpec spec(String name) {
    return new NotebookSpec(name, "python3", 0, 0, null, null, null, null);
  }

  private static void refused(NotebookSpec spec, String message) {
    assertThatThrownBy(() -> RULES.check(spec))
        .isInstanceOf(CatalogException.Invalid.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void defaults_come_from_the_environment_and_the_vendor_is_named() {
    NotebookSpec s =
        RULES.check(
            new NotebookSpec(
                "nb-1",
                "python3",
                0,
                0,
                new NotebookSpec.Gpus("", 1),
                Map.of("A", "1"),
                List.of(new NotebookSpec.Volume("data", "data/sets/")),
                List.of("gpu-libs", "gpu-libs")));
    assertThat(s.cpus()).isEqualTo(0.5);
    assertThat(s.memoryBytes()).isEqualTo(1L << 30);
    assertThat(s.gpus()).isEqualTo(new NotebookSpec.Gpus("nvidia.com/gpu", 1));
    assertThat(s.volumes()).containsExactly(new NotebookSpec.Volume("data", "data/sets"));
    assertThat(s.configurations()).containsExactly("gpu-libs");
    assertThat(RULES.check(new NotebookSpec("a", null, 2, 5, null, null, null, null)).cpus())
        .as("no environment named: the first usable one")
        .isEqualTo(2);
  }

  @Test
  void names_follow_kubernetes_rules() {
    refused(spec(""), "notebook name is missing");
    refused(spec("Nb"), "lowercase");
    refused(spec("1nb"), "start with a letter");
    refused(spec("nb-"), "end with a letter or digit");
    refused(spec("a".repeat(64)), "longer than 63");
    assertThat(RULES.check(spec("a".repeat(63))).name()).hasSize(63);
  }

  @Test
  void environments_resources_and_vendors_are_checked() {
    refused(
        new NotebookSpec("nb", "nope", 0, 0, null, null, null, null),
        "unknown environment 'nope' (known: python3, lab)");
    refused(
        new NotebookSpec("nb", "lab", 0, 0, null, null, null, null),
        "environment 'lab' cannot be used here: no jupyterlab");
    refused(new NotebookSpec("nb", "python3", -0.5, 0, null, null, null, null), "cpu must be");
    refused(
        new NotebookSpec("nb", "python3", Double.POSITIVE_INFINITY, 0, null, null, null, null),
        "cpu must be");
    refused(new NotebookSpec("nb", "python3", 0, -1, null, null, null, null), "memory must be");
    refused(
        new NotebookSpec(
            "nb", "python3", 0, 0, new NotebookSpec.Gpus("amd.com/gpu", 1), null, null, null),
        "gpu vendor 'amd.com/gpu': this machine has none");
    refused(
        new NotebookSpec(
            "nb", "python3", 0, 0, new NotebookSpec.Gpus("nvidia.com/gpu", -1), null, null, null),
        "gpus num");
  }

  @Test
  void env_volumes_and_configurations_are_checked() {
    refused(
        new NotebookSpec("nb", "python3", 0, 0, null, Map.of("A-B", "x"), null, null),
        "not a variable name");
    refused(
        new NotebookSpec("nb", "python3", 0, 0, null, Map.of("JUPYTER_TOKEN", "x"), null, null),
        "set by Skiff");
    refused(
        new NotebookSpec("nb", "python3", 0, 0, null, Map.of("HOME", "/tmp"), null, null),
        "env HOME is set by Skiff");
    refused(vol("data", "../x"), "must not contain empty, '.' or '..' parts");
    refused(vol("data", "a/../../x"), "'..'");
    refused(vol("data", "/etc"), "relative to the workspace");
    refused(vol("data", "a b"), "letters, digits");
    refused(vol("Bad", "x"), "volume name");
    refused(
        new NotebookSpec(
            "nb",
            "python3",
            0,
            0,
            null,
            null,
            List.of(new NotebookSpec.Volume("a", "x"), new NotebookSpec.Volume("b", "x")),
            null),
        "two data volumes are mounted at 'x'");
    refused(
        new NotebookSpec("nb", "python3", 0, 0, null, null, null, List.of("nope")),
        "unknown configuration 'nope' (known: gpu-libs)");
  }

  private static NotebookSpec vol(String name, String mount) {
    return new NotebookSpec(
        "nb", "python3", 0, 0, null, null, List.of(new NotebookSpec.Volume(name, mount)), null);
  }
}
