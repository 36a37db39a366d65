package dev.skiff.server.web.graph;

import static dev.skiff.server.web.graph.GraphFixtures.run;
import static dev.skiff.server.web.graph.GraphFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.server.web.Pages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphRendererTest {
  private final GraphRenderer renderer = new GraphRenderer();
  private final Pages pages = new Pages();

  private String svg(TaskGraph g, Expansion e) {
    GraphPicture p = renderer.draw(g, e, "run", "Run graph");
    return pages.renderToString("graph/svg.jte", p);
  }

  private static GraphNode node(TaskGraph g, String path) {
    return g.nodes().stream().filter(n -> n.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void a_pipeline_graph_has_every_task_its_groups_and_edges_between_siblings() throws Exception {
    TaskGraph g = TaskGraphs.ofPipeline(GraphFixtures.webGraph(Map.of()));
    assertThat(g.live()).isFalse();
    assertThat(g.nodes())
        .extracting(GraphNode::path)
        .containsExactlyInAnyOrder("prepare", "for-loop-1", "evaluate");
    assertThat(g.edges())
        .containsExactlyInAnyOrder(
            new GraphEdge("prepare", "for-loop-1"), new GraphEdge("for-loop-1", "evaluate"));
    GraphNode loop = node(g, "for-loop-1");
    assertThat(loop.kind()).isEqualTo(NodeKind.LOOP);
    assertThat(loop.children())
        .extracting(GraphNode::path)
        .containsExactlyInAnyOrder("for-loop-1/train", "for-loop-1/score");
    assertThat(loop.edges()).containsExactly(new GraphEdge("for-loop-1/train", "for-loop-1/score"));
    assertThat(node(g, "evaluate").kind()).isEqualTo(NodeKind.DAG);

    String svg = svg(g, Expansion.DEFAULT);
    assertThat(svg).contains("data-task=\"for-loop-1/train\"", "data-group=\"evaluate\"");
    assertThat(svg).doesNotContain("state-").contains("role=\"img\" aria-label=\"prepare, step\"");
    assertThat(svg.split("class=\"edge\"", -1)).hasSize(1 + 4); // 2 at the root, 1 per group
    // nodes are pictures, not tab stops; the top group's toggle is the graph's one tab stop
    assertThat(svg).doesNotContain("role=\"img\" tabindex");
    assertThat(svg.split("tabindex=\"0\"", -1)).hasSize(2);
    assertThat(svg).containsPattern("data-toggle=\"[^\"]+\" data-open=\"true\" tabindex=\"0\"");
  }

  @Test
  void a_run_graph_shows_states_iterations_and_the_cached_mark() throws Exception {
    PipelineSpec spec = GraphFixtures.webGraph(Map.of());
    List<TaskRun> tasks =
        List.of(
            task("prepare", TaskKind.CONTAINER, TaskState.SUCCEEDED, true),
            task("for-loop-1", TaskKind.LOOP, TaskState.RUNNING, false),
            task("for-loop-1/0", TaskKind.ITERATION, TaskState.RUNNING, false),
            task("for-loop-1/0/train", TaskKind.CONTAINER, TaskState.RUNNING, false),
            task("for-loop-1/1", TaskKind.ITERATION, TaskState.PENDING, false));
    TaskGraph g = TaskGraphs.ofRun(spec, run("r", tasks));
    assertThat(g.live()).isTrue();
    String svg = svg(g, Expansion.DEFAULT);
    assertThat(svg)
        .contains(
            "class=\"node kind-step state-succeeded cached\" data-task=\"prepare\"",
            "data-task=\"for-loop-1/0/train\"",
            "data-task=\"for-loop-1/1/score\"",
            "class=\"group kind-iteration state-running\" data-group=\"for-loop-1/0\"",
            "aria-label=\"prepare, step, Succeeded, cached\"",
            "role=\"button\"");
    // one tab stop (a roving tabindex): the top node; every other node and toggle is -1
    assertThat(svg.split("tabindex=\"0\"", -1)).hasSize(2);
    assertThat(svg)
        .contains("data-task=\"prepare\" transform=\"translate(")
        .containsPattern("data-task=\"prepare\" transform=\"[^\"]*\" tabindex=\"0\"")
        .containsPattern("data-task=\"for-loop-1/0/train\" transform=\"[^\"]*\" tabindex=\"-1\"")
        .doesNotContain("data-open=\"true\" tabindex=\"0\"");
    // a task that has not started is pending; the nested pipeline has not started either
    assertThat(svg).contains("class=\"node kind-step state-pending\" data-task=\"evaluate/check\"");
    assertThat(svg).contains(">cached</text>");
  }

  @Test
  void names_from_the_pipeline_and_the_run_are_escaped() throws Exception {
    String evil = "<img src=x onerror=alert(1)>\"'&";
    PipelineSpec spec =
        GraphFixtures.webGraph(
            Map.of(
                "taskInfo: {name: prepare}",
                "taskInfo: {name: '" + evil.replace("'", "''") + "'}",
                "taskInfo: {name: check}",
                "taskInfo: {name: '<script>alert(2)</script>'}"));
    TaskGraph g = TaskGraphs.ofPipeline(spec);
    String svg = svg(g, Expansion.DEFAULT);
    assertThat(svg).doesNotContain("<img", "<script");
    assertThat(svg).contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(svg).contains("&lt;script&gt;alert(2)&lt;/script&gt;");
    // in attributes too (aria-label, title)
    assertThat(svg).contains("aria-label=\"&lt;img src=x onerror=alert(1)>&#34;&#39;&amp;, step\"");
  }

  @Test
  void large_groups_are_collapsed_by_default_and_the_url_opens_or_closes_any_group()
      throws Exception {
    PipelineSpec spec = GraphFixtures.webGraph(Map.of());
    List<TaskRun> tasks = new ArrayList<>();
    tasks.add(task("prepare", TaskKind.CONTAINER, TaskState.SUCCEEDED, false));
    tasks.add(task("for-loop-1", TaskKind.LOOP, TaskState.RUNNING, false));
    for (int i = 0; i < 30; i++) {
      tasks.add(task("for-loop-1/" + i, TaskKind.ITERATION, TaskState.RUNNING, false));
      tasks.add(task("for-loop-1/" + i + "/train", TaskKind.CONTAINER, TaskState.SUCCEEDED, false));
    }
    TaskGraph g = TaskGraphs.ofRun(spec, run("r", tasks));
    String closed = svg(g, Expansion.DEFAULT);
    assertThat(closed).doesNotContain("data-task=\"for-loop-1/0/train\"");
    assertThat(closed)
        .contains(
            "class=\"node kind-loop state-running collapsed\" data-task=\"for-loop-1\"",
            "30 iterations \u00b7 30/60 succeeded",
            "data-toggle=\"for-loop-1\" data-open=\"false\" tabindex=\"-1\" role=\"button\""
                + " aria-expanded=\"false\" aria-label=\"Expand for-loop-1\"");
    // iterations are listed in number order
    assertThat(node(g, "for-loop-1").children().get(2).path()).isEqualTo("for-loop-1/2");

    String open = svg(g, Expansion.parse("for-loop-1", null));
    assertThat(open).contains("data-task=\"for-loop-1/29/score\"", "data-group=\"for-loop-1/29\"");
    assertThat(open).contains("aria-expanded=\"true\" aria-label=\"Collapse for-loop-1\"");
    assertThat(Expansion.parse("for-loop-1", null).toggled("for-loop-1", false).query())
        .isEqualTo("collapse=for-loop-1");
    assertThat(Expansion.parse("b,a", "c").query()).isEqualTo("expand=a%2Cb&collapse=c");

    String small = svg(g, Expansion.parse(null, "evaluate"));
    assertThat(small).doesNotContain("data-task=\"evaluate/check\"");
    assertThat(small)
        .contains("class=\"node kind-dag state-pending collapsed\" data-task=\"evaluate\"");
  }

  @Test
  void the_layout_places_siblings_apart_and_edges_from_producer_to_consumer() throws Exception {
    TaskGraph g = TaskGraphs.ofPipeline(GraphFixtures.webGraph(Map.of()));
    GraphPicture p = renderer.draw(g, Expansion.DEFAULT, "p", "g");
    Map<String, GraphPicture.Node> nodes = new java.util.HashMap<>();
    p.nodes().forEach(n -> nodes.put(n.path(), n));
    Map<String, GraphPicture.Group> groups = new java.util.HashMap<>();
    p.groups().forEach(n -> groups.put(n.path(), n));
    GraphPicture.Node prepare = nodes.get("prepare");
    GraphPicture.Group loop = groups.get("for-loop-1");
    GraphPicture.Group eval = groups.get("evaluate");
    // top to bottom: prepare, then the loop, then the nested pipeline
    assertThat(prepare.y() + prepare.height()).isLessThan(loop.y());
    assertThat(loop.y() + loop.height()).isLessThan(eval.y());
    // children inside their group, below its header
    GraphPicture.Node train = nodes.get("for-loop-1/train");
    assertThat(train.x()).isGreaterThanOrEqualTo(loop.x());
    assertThat(train.y()).isGreaterThanOrEqualTo(loop.y() + GraphLayout.GROUP_HEADER);
    assertThat(train.x() + train.width()).isLessThanOrEqualTo(loop.x() + loop.width());
    // the edge train -> score starts at train's bottom and ends at score's top
    GraphPicture.Edge e =
        p.edges().stream()
            .filter(x -> x.from().equals("for-loop-1/train"))
            .findFirst()
            .orElseThrow();
    GraphPicture.Node score = nodes.get("for-loop-1/score");
    String[] pts = e.d().replace("M", "").replace("L", "").trim().split("\\s+");
    assertThat(Integer.parseInt(pts[1]))
        .isBetween(train.y() + train.height() - 1, train.y() + train.height() + 1);
    assertThat(Integer.parseInt(pts[pts.length - 1])).isBetween(score.y() - 1, score.y() + 1);
    assertThat(p.width()).isGreaterThanOrEqualTo(loop.x() + loop.width());
  }

  @Test
  void a_change_of_state_keeps_the_layout_from_the_cache() throws Exception {
    PipelineSpec spec = GraphFixtures.webGraph(Map.of());
    TaskGraph before =
        TaskGraphs.ofRun(
            spec, run("r", List.of(task("prepare", TaskKind.CONTAINER, TaskState.RUNNING, false))));
    TaskGraph after =
        TaskGraphs.ofRun(
            spec,
            run("r", List.of(task("prepare", TaskKind.CONTAINER, TaskState.SUCCEEDED, true))));
    GraphPicture a = renderer.draw(before, Expansion.DEFAULT, "run", "g");
    GraphPicture b = renderer.draw(after, Expansion.DEFAULT, "run", "g");
    assertThat(b.nodes())
        .extracting(GraphPicture.Node::transform, GraphPicture.Node::width)
        .isEqualTo(
            a.nodes().stream()
                .map(n -> org.assertj.core.groups.Tuple.tuple(n.transform(), n.width()))
                .toList());
    assertThat(b.nodes())
        .extracting(GraphPicture.Node::cssClass)
        .contains("node kind-step state-succeeded cached");
    Shape shape = Shape.closed("x", 1, 1);
    assertThat(shape.key()).isEqualTo("(x 1x1)");
  }

  @Test
  void a_run_without_its_pipeline_is_drawn_from_its_task_tree() {
    TaskGraph g =
        TaskGraphs.ofRun(
            null,
            run(
                "r",
                List.of(
                    task("a", TaskKind.CONTAINER, TaskState.FAILED, false),
                    task("loop", TaskKind.LOOP, TaskState.RUNNING, false),
                    task("loop/10", TaskKind.ITERATION, TaskState.RUNNING, false),
                    task("loop/2", TaskKind.ITERATION, TaskState.RUNNING, false))));
    assertThat(g.edges()).isEmpty();
    assertThat(g.nodes()).extracting(GraphNode::path).containsExactly("a", "loop");
    assertThat(g.nodes().get(1).children())
        .extracting(GraphNode::path)
        .containsExactly("loop/2", "loop/10");
    assertThat(svg(g, Expansion.DEFAULT)).contains("state-failed");
  }

  /**
   * {@code n} pending steps in layers of {@code width}, each waiting for one of the layer above.
   */
  private static TaskGraph layers(int n, int width) {
    List<GraphNode> nodes = new ArrayList<>(n);
    List<GraphEdge> edges = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      nodes.add(GraphNode.step("s" + i, "step-" + i, NodeKind.STEP, "PENDING", false));
      if (i >= width) {
        edges.add(new GraphEdge("s" + (i - width), "s" + i));
      }
    }
    return new TaskGraph(nodes, edges, true);
  }

  @Test
  void a_large_graph_of_a_new_shape_is_laid_out_in_the_background_and_drawn_when_ready()
      throws Exception {
    TaskGraph small = layers(GraphRenderer.BIG_GRAPH - 1, 10);
    assertThat(renderer.drawIfQuick(small, Expansion.DEFAULT, "run", "g")).isPresent();

    TaskGraph big = layers(GraphRenderer.BIG_GRAPH + 50, 10);
    assertThat(renderer.drawIfQuick(big, Expansion.DEFAULT, "run", "g")).isEmpty();
    // the page's fetch of the drawing waits for that same layout
    GraphPicture drawn = renderer.draw(big, Expansion.DEFAULT, "run", "g");
    assertThat(drawn.nodes()).hasSize(GraphRenderer.BIG_GRAPH + 50);
    // once laid out, the page draws it at once
    assertThat(renderer.drawIfQuick(big, Expansion.DEFAULT, "run", "g"))
        .hasValueSatisfying(p -> assertThat(p.nodes()).hasSize(GraphRenderer.BIG_GRAPH + 50));
    // a change of state keeps the shape: no new layout
    TaskGraph later =
        new TaskGraph(
            big.nodes().stream()
                .map(n -> GraphNode.step(n.path(), n.label(), NodeKind.STEP, "SUCCEEDED", false))
                .toList(),
            big.edges(),
            true);
    assertThat(renderer.drawIfQuick(later, Expansion.DEFAULT, "run", "g")).isPresent();
  }
}
