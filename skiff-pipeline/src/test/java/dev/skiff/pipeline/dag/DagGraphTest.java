package dev.skiff.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.pipeline.model.ArtifactSource;
import dev.skiff.pipeline.model.CachingOptions;
import dev.skiff.pipeline.model.DagOutputs;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.ParameterSource;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.TaskParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DagGraphTest {

  private static PipelineTask task(
      String key,
      List<String> deps,
      Map<String, TaskParameter> params,
      Map<String, ArtifactSource> arts) {
    return new PipelineTask(
        key,
        key,
        "comp-" + key,
        deps,
        params,
        arts,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        CachingOptions.DISABLED);
  }

  private static DagSpec dag(PipelineTask... tasks) {
    Map<String, PipelineTask> m = new LinkedHashMap<>();
    for (PipelineTask t : tasks) {
      m.put(t.key(), t);
    }
    return new DagSpec(m, DagOutputs.NONE);
  }

  /** a → b, a → c (data), b + c → d, e alone. */
  private static DagSpec diamond() {
    return dag(
        task(
            "d",
            List.of("b"),
            Map.of("x", TaskParameter.of(new ParameterSource.TaskOutput("c", "out"))),
            Map.of()),
        task("b", List.of("a"), Map.of(), Map.of()),
        task(
            "c",
            List.of(),
            Map.of(),
            Map.of("in", new ArtifactSource.TaskOutputArtifact("a", "data"))),
        task("a", List.of(), Map.of(), Map.of()),
        task("e", List.of("missing"), Map.of(), Map.of()));
  }

  @Test
  void edges_come_from_dependent_tasks_and_data() {
    DagGraph g = DagGraph.of(diamond());
    assertThat(g.upstream("d")).containsExactly("b", "c");
    assertThat(g.upstream("c")).containsExactly("a");
    assertThat(g.downstream("a")).containsExactlyInAnyOrder("b", "c");
    assertThat(g.upstream("e")).isEmpty();
  }

  @Test
  void topological_order_puts_producers_first() {
    List<String> order = DagGraph.of(diamond()).topologicalOrder();
    assertThat(order).containsExactly("a", "e", "b", "c", "d");
  }

  @Test
  void final_status_is_an_edge() {
    DagGraph g =
        DagGraph.of(
            dag(
                task(
                    "exit",
                    List.of(),
                    Map.of("s", TaskParameter.of(new ParameterSource.TaskFinalStatus("body"))),
                    Map.of()),
                task("body", List.of(), Map.of(), Map.of())));
    assertThat(g.topologicalOrder()).containsExactly("body", "exit");
  }

  @Test
  void cycles_are_named() {
    DagSpec cyclic =
        dag(
            task("a", List.of("c"), Map.of(), Map.of()),
            task("b", List.of("a"), Map.of(), Map.of()),
            task("c", List.of("b"), Map.of(), Map.of()),
            task("d", List.of(), Map.of(), Map.of()));
    DagGraph g = DagGraph.of(cyclic);
    assertThat(g.findCycle()).contains(List.of("a", "c", "b", "a"));
    assertThatThrownBy(g::topologicalOrder)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tasks form a cycle: a -> c -> b -> a");
    assertThat(DagGraph.of(diamond()).findCycle()).isEmpty();
  }
}
