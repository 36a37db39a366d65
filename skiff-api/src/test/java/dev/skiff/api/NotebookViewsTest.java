package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.v1.NotebookJson;
import dev.skiff.engine.notebook.Notebook;
import dev.skiff.engine.notebook.NotebookSpec;
import dev.skiff.engine.notebook.NotebookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A create request's fields as the notebook API reads them, and notebooks as it writes them. */
class NotebookViewsTest {

  private static NotebookJson.NewNotebook request(String json) {
    return RequestBodies.read(json, NotebookJson.NewNotebook.class, "a new notebook server");
  }

  private static NotebookSpec spec(String json) {
    return NotebookViews.spec(request(json), "python3");
  }

  @Test
  void cpu_and_memory_take_numbers_and_kubernetes_quantities() {
    assertThat(spec("{\"name\": \"a\", \"cpu\": 0.5}").cpus()).isEqualTo(0.5);
    assertThat(spec("{\"name\": \"a\", \"cpu\": \"0.5\"}").cpus()).isEqualTo(0.5);
    assertThat(spec("{\"name\": \"a\", \"cpu\": \"500m\"}").cpus()).isEqualTo(0.5);
    assertThat(spec("{\"name\": \"a\", \"cpu\": 2}").cpus()).isEqualTo(2);
    assertThat(spec("{\"name\": \"a\", \"memory\": \"1Gi\"}").memoryBytes()).isEqualTo(1L << 30);
    assertThat(spec("{\"name\": \"a\", \"memory\": \"512Mi\"}").memoryBytes())
        .isEqualTo(512L << 20);
    assertThat(spec("{\"name\": \"a\", \"memory\": \"2G\"}").memoryBytes())
        .isEqualTo(2_000_000_000L);
    assertThat(spec("{\"name\": \"a\", \"memory\": \"500M\"}").memoryBytes())
        .isEqualTo(500_000_000L);
    assertThat(spec("{\"name\": \"a\", \"memory\": 1048576}").memoryBytes()).isEqualTo(1L << 20);
    assertThat(spec("{\"name\": \"a\", \"memory\": \"1048576\"}").memoryBytes())
        .isEqualTo(1L << 20);
    NotebookSpec defaults = spec("{\"name\": \"a\"}");
    assertThat(defaults.cpus()).isZero();
    assertThat(defaults.memoryBytes()).isZero();
    assertThat(defaults.environment()).isEqualTo("python3");
    assertThat(defaults.gpus()).isEqualTo(NotebookSpec.Gpus.NONE);
  }

  @Test
  void gpus_env_volumes_and_configurations_are_read() {
    NotebookSpec s =
        spec(
            "{\"name\": \" train \", \"environment\": \"torch\", \"gpus\": {\"num\": 2},"
                + " \"env\": {\"A\": \"1\"}, \"datavols\": [{\"name\": \"data\"},"
                + " {\"name\": \"models\", \"mount\": \"m/x\"}], \"configurations\": [\"hf\"]}");
    assertThat(s.name()).isEqualTo("train");
    assertThat(s.environment()).isEqualTo("torch");
    assertThat(s.gpus()).isEqualTo(new NotebookSpec.Gpus("nvidia.com/gpu", 2));
    assertThat(s.env()).isEqualTo(Map.of("A", "1"));
    assertThat(s.volumes())
        .containsExactly(
            new NotebookSpec.Volume("data", "data"), new NotebookSpec.Volume("models", "m/x"));
    assertThat(s.configurations()).containsExactly("hf");
  }

  @Test
  void bad_fields_are_refused_naming_them() {
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("{}", "name is required"),
            Map.entry("{\"name\": \"a\", \"cpu\": \"lots\"}", "cpu must be"),
            Map.entry("{\"name\": \"a\", \"cpu\": -0.5}", "cpu must be from 0"),
            Map.entry("{\"name\": \"a\", \"cpu\": 5000}", "cpu must be from 0"),
            Map.entry("{\"name\": \"a\", \"cpu\": true}", "cpu must be"),
            Map.entry("{\"name\": \"a\", \"memory\": \"1Zi\"}", "memory must be"),
            Map.entry("{\"name\": \"a\", \"memory\": -1}", "memory must be from 0"),
            Map.entry("{\"name\": \"a\", \"memory\": [1]}", "memory must be"),
            Map.entry("{\"name\": \"a\", \"gpus\": {\"num\": 65}}", "gpus.num"),
            Map.entry(
                "{\"name\": \"a\", \"gpus\": {\"vendor\": \"amd.com/gpu\", \"num\": 1}}",
                "gpus.vendor"),
            Map.entry("{\"name\": \"a\", \"env\": {\"1X\": \"v\"}}", "'1X'"),
            Map.entry(
                "{\"name\": \"a\", \"env\": {\"KF_PIPELINES_ENDPOINT\": \"v\"}}", "set by Skiff"),
            Map.entry("{\"name\": \"a\", \"datavols\": [{\"mount\": \"x\"}]}", "datavols[0].name"),
            Map.entry(
                "{\"name\": \"a\", \"datavols\": [{\"name\": \"d\", \"mount\": \"/etc\"}]}",
                "datavols[0].mount"),
            Map.entry(
                "{\"name\": \"a\", \"datavols\": [{\"name\": \"d\", \"mount\": \"x/../..\"}]}",
                "datavols[0].mount"),
            Map.entry("{\"name\": \"a\", \"configurations\": [\"\"]}", "configurations[0]"));
    for (var e : bad.entrySet()) {
      assertThatThrownBy(() -> spec(e.getKey()))
          .as(e.getKey())
          .isInstanceOf(ApiRequestException.class)
          .hasMessageContaining(e.getValue());
    }
  }

  @Test
  void a_notebook_is_written_with_its_status_url_and_sizes() {
    Instant t = Instant.parse("2026-12-05T10:00:00Z");
    Notebook n =
        new Notebook(
            "team-a",
            new NotebookSpec(
                "nb",
                "python3",
                0.5,
                1536L << 20,
                new NotebookSpec.Gpus("nvidia.com/gpu", 1),
                Map.of("B", "2", "A", "1"),
                List.of(new NotebookSpec.Volume("data", "data")),
                List.of()),
            NotebookStatus.PENDING,
            "waiting for 1 GPU: 2 of 2 in use",
            "notebook",
            List.of(),
            "not enforced: no cgroup v2 delegation",
            "alice@example.com",
            t,
            t,
            Optional.empty());
    String json = ApiJson.write(NotebookViews.view(n));
    assertThat(json)
        .contains(
            "\"status\":{\"message\":\"waiting for 1 GPU: 2 of 2 in use\",\"phase\":\"Pending\"}")
        .contains("\"url\":\"/notebook/team-a/nb/\"")
        .contains("\"memory\":1610612736")
        .contains("\"memory_display\":\"1.5 GiB\"")
        .contains("\"gpus\":{\"num\":1,\"vendor\":\"nvidia.com/gpu\"}")
        .contains("\"namespace\":\"team-a\"")
        .doesNotContain("last_activity");
    assertThat(NotebookViews.bytes(1L << 30)).isEqualTo("1 GiB");
    assertThat(NotebookViews.bytes(512L << 20)).isEqualTo("512 MiB");
    assertThat(NotebookViews.quantity(8L << 30)).isEqualTo("8Gi");
    assertThat(NotebookViews.quantity(1000)).isEqualTo("1000");
    assertThat(NotebookViews.duration(Duration.ofHours(8))).isEqualTo("8h");
    assertThat(NotebookViews.duration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(NotebookViews.duration(Duration.ZERO)).isEqualTo("off");
  }
}
