package dev.skiff.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.engine.notebook.NotebookSettings.EnvironmentSettings;
import dev.skiff.server.config.ConfigLoader.Overrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code notebooks.*} keys of {@code skiff.yaml} and their environment variables. */
class NotebookSettingsLoaderTest {
  @TempDir Path home;

  private NotebookSettings load(Map<String, String> env) {
    return ConfigLoader.load(new Overrides(home, null, null, null, null, null, null), env)
        .notebooks();
  }

  private void yaml(String text) throws IOException {
    Files.writeString(home.resolve("skiff.yaml"), text);
  }

  private void refused(String yaml, String message) throws IOException {
    yaml(yaml);
    assertThatThrownBy(() -> load(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void defaults_detect_the_environment_and_cull_after_eight_hours() {
    NotebookSettings s = load(Map.of());
    assertThat(s).isEqualTo(NotebookSettings.defaults());
    assertThat(s.cullIdleAfter()).isEqualTo(Duration.ofHours(8));
    assertThat(s.environments()).isEmpty();
  }

  @Test
  void environments_configurations_and_durations_come_from_the_file() throws IOException {
    yaml(
        """
        notebooks:
          cullIdleAfter: 30m
          cullCheckPeriod: 10s
          startTimeout: 90s
          environments:
            - name: torch
              displayName: PyTorch 2.4 (venv)
              kind: jupyterlab
              python: /opt/venvs/torch/bin/python
              defaultCpu: 2
              defaultMemory: 8Gi
            - name: vscode
              kind: command
              command: [code-server, --bind-addr, "127.0.0.1:{port}", "{workspace}"]
              defaultCpu: 500m
              defaultMemory: 512Mi
            - name: plain
              kind: command
              command: my-server --port {port}
          configurations:
            hf-cache:
              HF_HOME: /data/hf
              HF_HUB_OFFLINE: "1"
            proxy:
              HTTPS_PROXY: http://proxy:3128
        """);
    NotebookSettings s = load(Map.of());
    assertThat(s.cullIdleAfter()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.cullCheckPeriod()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.environments())
        .containsExactly(
            new EnvironmentSettings(
                "torch",
                "PyTorch 2.4 (venv)",
                "jupyterlab",
                "/opt/venvs/torch/bin/python",
                List.of(),
                2,
                8L << 30),
            new EnvironmentSettings(
                "vscode",
                "vscode",
                "command",
                null,
                List.of("code-server", "--bind-addr", "127.0.0.1:{port}", "{workspace}"),
                0.5,
                512L << 20),
            new EnvironmentSettings(
                "plain",
                "plain",
                "command",
                null,
                List.of("my-server", "--port", "{port}"),
                0.5,
                1L << 30));
    assertThat(s.configurations())
        .isEqualTo(
            Map.of(
                "hf-cache",
                Map.of("HF_HOME", "/data/hf", "HF_HUB_OFFLINE", "1"),
                "proxy",
                Map.of("HTTPS_PROXY", "http://proxy:3128")));
  }

  @Test
  void culling_can_be_turned_off_in_the_file_or_the_environment() throws IOException {
    yaml("notebooks:\n  cullIdleAfter: off\n");
    assertThat(load(Map.of()).cullIdleAfter()).isEqualTo(Duration.ZERO);
    yaml("notebooks:\n  cullIdleAfter: 2h\n");
    assertThat(load(Map.of()).cullIdleAfter()).isEqualTo(Duration.ofHours(2));
    assertThat(load(Map.of("SKIFF_NOTEBOOKS_CULL_IDLE_AFTER", "off")).cullIdleAfter()).isZero();
    assertThat(load(Map.of("SKIFF_NOTEBOOKS_START_TIMEOUT", "5m")).startTimeout())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void bad_durations_name_their_key_and_line() throws IOException {
    refused(
        "notebooks:\n  cullIdleAfter: soon\n",
        "skiff.yaml:2: notebooks.cullIdleAfter: must be a duration like 30m or 8h, or off, got"
            + " 'soon'");
    refused(
        "notebooks:\n  startTimeout: 10ms\n",
        "skiff.yaml:2: notebooks.startTimeout: must be at least 1s, got '10ms'");
    refused(
        "notebooks:\n  cullCheckPeriod: often\n",
        "skiff.yaml:2: notebooks.cullCheckPeriod: must be a duration like 500ms, 10s, 2m or 1h,"
            + " got 'often'");
    assertThatThrownBy(() -> load(Map.of("SKIFF_NOTEBOOKS_CULL_IDLE_AFTER", "-1h")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SKIFF_NOTEBOOKS_CULL_IDLE_AFTER: must be a duration");
  }

  @Test
  void a_bad_environment_is_refused_in_one_line_naming_the_field() throws IOException {
    refused(
        "notebooks:\n  environments:\n    - displayName: x\n",
        "skiff.yaml:3: notebooks.environments.0.name: every environment needs a name");
    refused(
        "notebooks:\n  environments:\n    - name: Torch\n",
        "skiff.yaml:3: notebooks.environments.0.name: 'Torch' is not a valid name (lowercase"
            + " letters, digits and '-', starting with a letter, at most 63)");
    refused(
        "notebooks:\n  environments:\n    - name: a\n    - name: a\n",
        "skiff.yaml:4: notebooks.environments.1.name: a second environment named 'a'");
    refused(
        "notebooks:\n  environments:\n    - name: a\n      kind: rstudio\n",
        "skiff.yaml:4: notebooks.environments.0.kind: must be one of auto, jupyterlab, notebook,"
            + " jupyter-server, command, got 'rstudio'");
    refused(
        "notebooks:\n  environments:\n    - name: a\n      image: jupyter/scipy\n",
        "skiff.yaml:4: notebooks.environments.0.image: unknown field; an environment has name,"
            + " displayName, kind, python, command, defaultCpu, defaultMemory"
            + " (notebooks.environments is a list of mappings)");
    refused(
        "notebooks:\n  environments:\n    - name: a\n      defaultCpu: lots\n",
        "skiff.yaml:4: notebooks.environments.0.defaultCpu: must be CPU cores like 0.5, 2 or"
            + " 500m, got 'lots'");
    refused(
        "notebooks:\n  environments:\n    - name: a\n      defaultMemory: 12\n",
        "skiff.yaml:4: notebooks.environments.0.defaultMemory: must be a memory size like 1Gi,"
            + " 512Mi or 2G (at least 1Mi), got '12'");
    refused(
        "notebooks:\n  environments:\n    - name: a\n      kind: command\n",
        "skiff.yaml:3: notebooks.environments.0.command: environment 'a' of kind command needs a"
            + " command (e.g. [code-server, --bind-addr, '127.0.0.1:{port}'])");
    refused(
        "notebooks:\n  environments:\n    - name: a\n      command: [x]\n",
        "skiff.yaml:3: notebooks.environments.0.command: only an environment of kind command runs"
            + " a command (this one is auto)");
    refused(
        "notebooks:\n  environments:\n    name: a\n",
        "skiff.yaml:3: notebooks.environments.name: unknown field; an environment has name,"
            + " displayName, kind, python, command, defaultCpu, defaultMemory"
            + " (notebooks.environments is a list of mappings)");
  }

  @Test
  void a_bad_configuration_is_refused_naming_it() throws IOException {
    refused(
        "notebooks:\n  configurations:\n    hf: x\n",
        "skiff.yaml:3: notebooks.configurations.hf: a configuration is a mapping of environment"
            + " variables (e.g. notebooks.configurations.hf-cache: {HF_HOME: /data/hf})");
    refused(
        "notebooks:\n  configurations:\n    hf:\n      BAD-NAME: x\n",
        "skiff.yaml:4: notebooks.configurations.hf.BAD-NAME: 'BAD-NAME' is not an environment"
            + " variable name (letters, digits and '_')");
    refused(
        "notebooks:\n  configurations:\n    HF:\n      A: x\n",
        "skiff.yaml:4: notebooks.configurations.HF.A: 'HF' is not a valid configuration name"
            + " (lowercase letters, digits and '-', starting with a letter, at most 63)");
  }

  @Test
  void lists_stay_refused_outside_the_environments_and_unknown_keys_too() throws IOException {
    refused("auth:\n  admins: [a, b]\n", "skiff.yaml:2: auth.admins: lists are not supported here");
    yaml("notebooks:\n  cullIdle: 1h\n");
    assertThatThrownBy(() -> load(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("skiff.yaml:2: unknown setting 'notebooks.cullIdle' (known: ")
        .hasMessageContaining("notebooks.environments")
        .hasMessageContaining("notebooks.cullIdleAfter");
  }
}
