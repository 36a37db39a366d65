package dev.skiff.server.web.graph;

import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.model.PipelineSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pipelines and runs for the graph tests. */
final class GraphFixtures {
  private GraphFixtures() {}

  /** A test resource's text. */
  static String resource(String name) {
    try (InputStream in = GraphFixtures.class.getResourceAsStream("/pipelines/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** web-graph.yaml with {@code replace} applied: a step, a loop of 3, a nested pipeline. */
  static PipelineSpec webGraph(Map<String, String> replace) throws Exception {
    String text = resource("web-graph.yaml");
    for (var e : replace.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    return PipelineParser.parse(text, "web-graph.yaml").spec();
  }

  static TaskRun task(String path, TaskKind kind, TaskState state, boolean cached) {
    Instant t = Instant.parse("2026-12-05T06:00:00Z");
    String key = path.substring(path.lastIndexOf('/') + 1);
    return new TaskRun(
        path,
        kind,
        key,
        state,
        TaskValues.EMPTY,
        TaskValues.EMPTY,
        Optional.empty(),
        cached,
        Optional.empty(),
        List.of(),
        t,
        Optional.of(t),
        state.isTerminal() ? Optional.of(t.plusSeconds(2)) : Optional.empty());
  }

  static RunView run(String name, List<TaskRun> tasks) {
    Instant t = Instant.parse("2026-12-05T06:00:00Z");
    RunRecord r =
        new RunRecord(
            "5d0c4c8e-0000-4000-8000-000000000001",
            "web-graph",
            name,
            RunOptions.DEFAULT,
            Map.of(),
            RunState.RUNNING,
            Optional.empty(),
            t,
            Optional.of(t),
            Optional.empty());
    return new RunView(r, tasks);
  }
}
