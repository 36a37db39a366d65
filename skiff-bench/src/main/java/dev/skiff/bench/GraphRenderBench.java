package dev.skiff.bench;

import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.graph.Expansion;
import dev.skiff.server.web.graph.GraphPicture;
import dev.skiff.server.web.graph.GraphRenderer;
import dev.skiff.server.web.graph.TaskGraphs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * B12: the server's time to draw a 1,000-node run graph for the run page: the graph from the IR and
 * the run's tasks, ELK's layout, and the SVG template, as {@code GET /p/{profile}/runs/{id}/graph}
 * does once the run is read. The run's states change between renders (as they do while the page
 * watches a run) but its structure does not, so layouts come from the cache after the first; the
 * cold figure (every render lays out anew) is reported beside it. Two shapes: 1,000 steps in layers
 * of 20 (each waiting for two of the layer before: 1,900 edges), and one loop of 500 iterations of
 * two steps opened by {@code ?expand=}. The baseline is the same render of a 10-step graph,
 * interleaved with the large one.
 */
final class GraphRenderBench {
  private static final int WARMUP = 30;
  private static final int COLD = 20;

  private final int renders;
  private final GraphRenderer renderer = new GraphRenderer();
  private final Pages pages = new Pages();

  GraphRenderBench(int renders) {
    this.renders = renders;
  }

  /** One graph to draw: its pipeline, a run of it, and the view's expansion. */
  private record Case(String name, PipelineSpec spec, RunView[] runs, Expansion expansion) {}

  void run(Table table) throws Exception {
    Case small = layered("small", 10, 5);
    List<Case> large = List.of(layered("layered", 1_000, 20), loop("loop", 333));
    for (Case c : large) {
      Samples base = new Samples();
      Samples warm = new Samples();
      for (int i = 0; i < WARMUP; i++) {
        render(small, i);
        render(c, i);
      }
      for (int i = 0; i < renders; i++) {
        base.addNanos(render(small, i));
        warm.addNanos(render(c, i));
      }
      Samples cold = new Samples();
      for (int i = 0; i < COLD; i++) {
        renderer.layout().clear();
        cold.addNanos(render(c, i));
      }
      // The run page itself with a new shape: it starts the layout in the background and answers
      // with a placeholder (the drawing is fetched by the page's script, waiting for the layout).
      Samples page = new Samples();
      for (int i = 0; i < COLD; i++) {
        renderer.layout().clear();
        RunView run = c.runs()[i % c.runs().length];
        var graph = TaskGraphs.ofRun(c.spec(), run);
        long t0 = System.nanoTime();
        boolean drawn = renderer.drawIfQuick(graph, c.expansion(), "run", "Run graph").isPresent();
        page.addNanos(System.nanoTime() - t0);
        if (drawn) {
          throw new IllegalStateException("a new large shape was laid out on the request");
        }
        render(c, i); // waits for that layout before the next round
      }
      int bytes = svg(c, 0).length();
      double p99 = warm.p99();
      table.add(
          new Row(
              "B12",
              String.format(
                  "run graph, 1,000 nodes (%s), %d renders: p99 (median %.1f ms, %d KB SVG)",
                  c.name(), renders, warm.median(), bytes / 1024),
              String.format("%.2f ms", base.p99()),
              String.format("%.1f ms", p99),
              String.format("%.0f", p99 / base.p99()),
              "-",
              "p99 <= 200 ms",
              p99 <= 200));
      table.add(
          new Row(
              "B12",
              String.format(
                  "  same, layout not cached (%d renders): p99 (median %.1f ms)",
                  COLD, cold.median()),
              "-",
              String.format("%.1f ms", cold.p99()),
              "-",
              "-",
              "report only",
              null));
      table.add(
          new Row(
              "B12",
              String.format(
                  "  same, run page's graph work for a new shape (layout in the background,"
                      + " %d renders): p99 (median %.2f ms)",
                  COLD, page.median()),
              "-",
              String.format("%.2f ms", page.p99()),
              "-",
              "-",
              "report only",
              null));
    }
  }

  private long render(Case c, int i) {
    long t0 = System.nanoTime();
    String svg = svg(c, i);
    long t = System.nanoTime() - t0;
    if (svg.isEmpty()) {
      throw new IllegalStateException("empty drawing");
    }
    return t;
  }

  private String svg(Case c, int i) {
    RunView run = c.runs()[i % c.runs().length];
    GraphPicture p =
        renderer.draw(TaskGraphs.ofRun(c.spec(), run), c.expansion(), "run", "Run graph");
    return pages.renderToString("graph/svg.jte", p);
  }

  private static Case layered(String name, int n, int width) throws Exception {
    PipelineSpec spec =
        PipelineParser.parse(
                GeneratedPipelines.layered("graph-" + n, n, width, "true"), "graph-" + n)
            .spec();
    return new Case(name, spec, runs(n, TaskKind.CONTAINER), Expansion.DEFAULT);
  }

  private static Case loop(String name, int iterations) throws Exception {
    String text = GeneratedPipelines.loop("graph-loop", "true");
    // two steps per iteration: "step" and "after" waiting for it
    text =
        text.replace(
            "          taskInfo: {name: step}\n",
            "          taskInfo: {name: step}\n"
                + "        after:\n"
                + "          componentRef: {name: comp-step}\n"
                + "          dependentTasks: [step]\n"
                + "          inputs:\n"
                + "            parameters:\n"
                + "              x: {componentInputParameter: pipelinechannel--items-loop-item}\n"
                + "          taskInfo: {name: after}\n");
    PipelineSpec spec = PipelineParser.parse(text, "graph-loop").spec();
    if (spec.component("comp-for-loop-1").orElseThrow().dag().orElseThrow().tasks().size() != 2) {
      throw new IllegalStateException("the loop body was not extended");
    }
    RunView[] runs = runs(iterations, TaskKind.ITERATION);
    // the loop task itself, its iterations and their steps
    for (int k = 0; k < runs.length; k++) {
      List<TaskRun> tasks = new ArrayList<>(runs[k].tasks().size() * 3 + 1);
      tasks.add(task("for-loop-1", TaskKind.LOOP, TaskState.RUNNING, false));
      for (TaskRun it : runs[k].tasks()) {
        String path = "for-loop-1/" + it.path().substring(1);
        tasks.add(task(path, TaskKind.ITERATION, it.state(), false));
        tasks.add(task(path + "/step", TaskKind.CONTAINER, it.state(), it.cached()));
        tasks.add(task(path + "/after", TaskKind.CONTAINER, it.state(), false));
      }
      runs[k] = new RunView(runs[k].run(), tasks);
    }
    // the loop and every iteration opened (as ?expand= lists them): 1 + 333 * 3 nodes
    java.util.Set<String> open = new java.util.HashSet<>();
    open.add("for-loop-1");
    for (int i = 0; i < iterations; i++) {
      open.add("for-loop-1/" + i);
    }
    return new Case(name, spec, runs, new Expansion(open, java.util.Set.of()));
  }

  /**
   * A few versions of a run of {@code n} tasks whose states differ (as a run moves on), paths
   * {@code s0..}: each version has a different share of the tasks done.
   */
  private static RunView[] runs(int n, TaskKind kind) {
    RunView[] out = new RunView[8];
    for (int k = 0; k < out.length; k++) {
      List<TaskRun> tasks = new ArrayList<>(n);
      int done = n * k / out.length;
      for (int i = 0; i < n; i++) {
        TaskState s =
            i < done ? TaskState.SUCCEEDED : i < done + 20 ? TaskState.RUNNING : TaskState.PENDING;
        if (s == TaskState.PENDING && kind != TaskKind.ITERATION) {
          continue; // a step not started has no row; a loop makes all its iterations at once
        }
        tasks.add(task("s" + i, kind, s, i % 7 == 0 && s == TaskState.SUCCEEDED));
      }
      out[k] = new RunView(record(), tasks);
    }
    return out;
  }

  private static TaskRun task(String path, TaskKind kind, TaskState state, boolean cached) {
    Instant t = Instant.parse("2026-12-05T06:00:00Z");
    return new TaskRun(
        path,
        kind,
        path.substring(path.lastIndexOf('/') + 1),
        state,
        TaskValues.EMPTY,
        TaskValues.EMPTY,
        Optional.empty(),
        cached,
        Optional.empty(),
        List.of(),
        t,
        Optional.of(t),
        state.isTerminal() ? Optional.of(t.plusSeconds(1)) : Optional.empty());
  }

  private static RunRecord record() {
    Instant t = Instant.parse("2026-12-05T06:00:00Z");
    Map<String, JsonValue> none = Map.of();
    return new RunRecord(
        "00000000-0000-4000-8000-000000000013",
        "graph",
        "graph",
        RunOptions.DEFAULT,
        none,
        RunState.RUNNING,
        Optional.empty(),
        t,
        Optional.of(t),
        Optional.empty());
  }
}
