package dev.skiff.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunModel;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure scheduler over fixture pipelines, with scripted step outcomes and no I/O. */
class RunSchedulerTest {
  private static Sim sim(String fixture, Map<String, JsonValue> params) throws Exception {
    return new Sim(fixture, params, RunModel.TransitionObserver.NONE);
  }

  @Test
  void a_pending_run_is_started_first_and_nothing_else() throws Exception {
    Sim s = sim("crash.yaml", Map.of("dir", JsonValue.of("/d")));
    Decision d = s.decide();
    assertThat(d.actions()).containsExactly(new Action.StartRun());
  }

  @Test
  void tasks_wait_for_upstream_then_start_together_and_inputs_flow() throws Exception {
    Sim s = sim("crash.yaml", Map.of("dir", JsonValue.of("/d")));
    s.output("a", "Output", JsonValue.of("A"));
    s.settle();
    assertThat(s.model.tasks().keySet()).containsExactly("a");
    s.end(s.task("a"));
    s.settle();
    assertThat(s.model.tasks().keySet()).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(s.task("b").inputs().parameters())
        .containsEntry("after", JsonValue.of("A"))
        .containsEntry("dir", JsonValue.of("/d"))
        .containsEntry("seconds", JsonValue.of(0));
    assertThat(s.task("b").attempts()).singleElement();
  }

  @Test
  void a_false_condition_skips_and_the_skip_propagates() throws Exception {
    Sim s = sim("conditions.yaml", Map.of("coin", JsonValue.of("tails"), "n", JsonValue.of(500)));
    s.output("flip", "Output", JsonValue.of("tails"))
        .output("condition-branches-2/condition-5/large", "Output", JsonValue.of("L"));
    assertThat(s.run()).isEqualTo(RunState.SUCCEEDED);
    assertThat(s.task("condition-1").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(s.task("after").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(s.task("after").error()).contains("upstream task 'condition-1' was skipped");
    assertThat(s.task("condition-branches-2").outputs().parameters())
        .containsEntry("pipelinechannel--branch-Output", JsonValue.of("L"));
    assertThat(s.task("show").inputs().parameters()).containsEntry("text", JsonValue.of("L"));
  }

  @Test
  void a_oneof_with_no_producing_branch_fails_the_dag() throws Exception {
    Sim s = sim("conditions.yaml", Map.of("coin", JsonValue.of("tails"), "n", JsonValue.of(5)));
    s.output("flip", "Output", JsonValue.of("tails")); // small produces no Output
    assertThat(s.run()).isEqualTo(RunState.FAILED);
    assertThat(s.task("condition-branches-2").error().orElseThrow()).contains("OneOf");
    assertThat(s.model.tasks()).doesNotContainKey("show");
  }

  @Test
  void loops_respect_the_parallelism_limit_and_collect_outputs_in_order() throws Exception {
    Sim s = sim("loops.yaml", Map.of());
    for (int i = 0; i < 3; i++) {
      s.output("for-loop-1/" + i + "/square", "Output", JsonValue.of((i + 1) * (i + 1)));
    }
    s.output(
        "make-list", "Output", JsonValue.list(java.util.List.of(JsonValue.of(4), JsonValue.of(5))));
    s.settle();
    long running =
        s.model.tasks().values().stream()
            .filter(t -> t.kind() == TaskKind.ITERATION && t.path().startsWith("for-loop-1/"))
            .count();
    assertThat(running).isEqualTo(2);
    assertThat(s.run()).isEqualTo(RunState.SUCCEEDED);
    assertThat(
            s.task("for-loop-1")
                .outputs()
                .parameters()
                .get("pipelinechannel--square-Output")
                .toJson())
        .isEqualTo("[1,4,9]");
    assertThat(s.task("for-loop-2/1/square").inputs().parameters())
        .containsEntry("x", JsonValue.of(7));
    assertThat(s.task("for-loop-3/1").inputs().parameters())
        .containsEntry("pipelinechannel--make-list-Output-loop-item", JsonValue.of(5));
    assertThat(s.task("total").inputs().parameters().get("values").toJson()).isEqualTo("[1,4,9]");
  }

  @Test
  void a_failed_iteration_stops_new_iterations_and_fails_the_loop() throws Exception {
    Sim s = sim("loops.yaml", Map.of());
    s.failures.put("for-loop-1/0/square", Integer.MAX_VALUE);
    s.output("make-list", "Output", JsonValue.list(java.util.List.of()));
    assertThat(s.run()).isEqualTo(RunState.FAILED);
    assertThat(s.task("for-loop-1").state()).isEqualTo(TaskState.FAILED);
    assertThat(s.model.tasks()).as("iteration 2 never started").doesNotContainKey("for-loop-1/2");
    assertThat(s.task("for-loop-1/1").state())
        .as("a running sibling finishes")
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(s.model.tasks()).doesNotContainKey("total");
    assertThat(s.task("for-loop-3").state())
        .as("an empty loop succeeds")
        .isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void exit_handlers_get_the_final_status_and_ignore_upstream_failure_runs() throws Exception {
    Sim s = sim("exit_handler.yaml", Map.of("fail", JsonValue.of(true)));
    s.failures.put("exit-handler-1/work", Integer.MAX_VALUE);
    s.failures.put("work2", Integer.MAX_VALUE);
    assertThat(s.run()).isEqualTo(RunState.FAILED);
    JsonValue.Obj status = (JsonValue.Obj) s.task("report").inputs().parameters().get("status");
    assertThat(status.get("state")).isEqualTo(JsonValue.of("FAILED"));
    assertThat(((JsonValue.Obj) status.get("error")).get("message").toJson())
        .contains("exit code 1");
    assertThat(status.get("pipelineTaskName")).isEqualTo(JsonValue.of("exit-handler-1"));
    assertThat(s.task("cleanup").state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(s.model.tasks()).doesNotContainKey("never-runs");
    assertThat(s.model.run().error().orElseThrow()).contains("failed");
  }

  @Test
  void retries_wait_their_backoff_and_stop_at_the_limit() throws Exception {
    Sim s = sim("retry_cache.yaml", Map.of("dir", JsonValue.of("/d")));
    s.failures.put("flaky", 2);
    assertThat(s.run()).isEqualTo(RunState.SUCCEEDED);
    assertThat(s.task("flaky").attempts())
        .extracting(a -> a.state())
        .containsExactly(AttemptState.FAILED, AttemptState.FAILED, AttemptState.SUCCEEDED);
    assertThat(s.gap("flaky", 1, 2)).isEqualTo(Duration.ofMillis(100));
    assertThat(s.gap("flaky", 2, 3)).isEqualTo(Duration.ofMillis(200));

    Sim always = sim("retry_cache.yaml", Map.of("dir", JsonValue.of("/d")));
    always.failures.put("flaky", Integer.MAX_VALUE);
    assertThat(always.run()).isEqualTo(RunState.FAILED);
    assertThat(always.task("flaky").attempts()).hasSize(4); // 1 + maxRetryCount 3
    assertThat(always.task("flaky").error().orElseThrow()).contains("after 4 attempts");
  }

  @Test
  void a_lost_attempt_is_relaunched_at_once_as_the_next_attempt() throws Exception {
    Sim s = sim("crash.yaml", Map.of("dir", JsonValue.of("/d")));
    s.settle();
    var a = s.task("a");
    s.model.put(
        a.withAttempt(
            a.activeAttempt().orElseThrow().ended(AttemptState.LOST, null, "lost", s.now)));
    Decision d = s.decide();
    assertThat(d.actions()).containsExactly(new Action.Launch("a", 2));
  }

  @Test
  void definitions_are_found_through_loops_and_sub_dags() throws Exception {
    Sim s = sim("loops.yaml", Map.of());
    var spec = s.model.spec();
    assertThat(Definitions.locate(spec, "for-loop-2/1/square").orElseThrow().task().key())
        .isEqualTo("square");
    assertThat(Definitions.locate(spec, "for-loop-2/1").orElseThrow().task().key())
        .isEqualTo("for-loop-2");
    assertThat(Definitions.isIteration(spec, "for-loop-2/1")).isTrue();
    assertThat(Definitions.isIteration(spec, "for-loop-2/1/square")).isFalse();
    assertThat(Definitions.locate(spec, "nope")).isEmpty();
  }

  @Test
  void large_loops_run_nested_dags_and_loops_within_their_parallelism_limit() throws Exception {
    Sim s = sim("loop_scale.yaml", items(40));
    for (int round = 0; round < 100 && !s.model.run().state().isTerminal(); round++) {
      s.settle();
      assertThat(iterations(s, "for-loop-4", true)).isLessThanOrEqualTo(3);
      s.model.tasks().values().stream()
          .filter(t -> t.activeAttempt().isPresent())
          .toList()
          .forEach(s::end);
    }
    assertThat(s.model.run().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(iterations(s, "for-loop-1", false)).isEqualTo(40);
    assertThat(iterations(s, "for-loop-4", false)).isEqualTo(40);
    assertThat(s.task("for-loop-1/0/condition-2").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(s.task("for-loop-1/39/condition-2/check").inputs().parameters())
        .containsEntry("x", JsonValue.of(39));
    assertThat(s.task("for-loop-1/5/for-loop-3/1/inner").inputs().parameters())
        .containsEntry("x", JsonValue.of(5))
        .containsEntry("y", JsonValue.of(2));
  }

  @Test
  void an_iteration_keeps_its_item_and_the_loop_inputs_its_body_reads_not_the_list()
      throws Exception {
    Sim s = sim("loop_scale.yaml", items(5));
    s.settle();
    assertThat(s.task("for-loop-4").inputs().parameters()).containsKey("pipelinechannel--items");
    assertThat(s.task("for-loop-1/3").inputs().parameters())
        .containsExactly(Map.entry("pipelinechannel--items-loop-item", JsonValue.of(3)));
    assertThat(s.task("for-loop-4/2").inputs().parameters())
        .containsOnlyKeys("pipelinechannel--label", "pipelinechannel--items-loop-item");
    assertThat(s.task("for-loop-4/2/work").inputs().parameters())
        .containsEntry("label", JsonValue.of("L"))
        .containsEntry("x", JsonValue.of(2));
  }

  @Test
  void a_step_that_ends_in_a_loop_costs_the_same_whatever_the_loop_size() throws Exception {
    List<Long> reads = new ArrayList<>();
    List<List<String>> decided = new ArrayList<>();
    for (int n : new int[] {1_000, 10_000}) {
      Sim s = sim("loop_scale.yaml", items(n));
      s.settle(); // every work step of for-loop-1 runs, and three of for-loop-4
      s.end(s.task("for-loop-1/7/work"));
      s.end(s.task("for-loop-4/1/work"));
      long before = s.lookups;
      int from = s.actions.size();
      s.settle();
      reads.add(s.lookups - before);
      decided.add(
          s.actions.subList(from, s.actions.size()).stream().map(a -> describe(a)).toList());
    }
    assertThat(decided.get(0))
        .contains(
            "StartDag for-loop-1/7/condition-2",
            "StartDag for-loop-1/7/for-loop-3",
            "Finish for-loop-4/1",
            "StartDag for-loop-4/3");
    assertThat(decided.get(1)).isEqualTo(decided.get(0));
    assertThat(reads.get(1))
        .as("task-map reads for the same events in a loop ten times larger")
        .isEqualTo(reads.get(0))
        .isLessThan(200);
  }

  @Test
  void a_cancel_during_loops_starts_no_new_iteration() throws Exception {
    Sim s = sim("loop_scale.yaml", items(20));
    s.settle();
    s.end(s.task("for-loop-4/0/work"));
    s.cancel();
    assertThat(s.run()).isEqualTo(RunState.CANCELED);
    assertThat(iterations(s, "for-loop-4", false)).isEqualTo(3);
    assertThat(s.task("for-loop-4/0").state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(s.task("for-loop-1").state()).isEqualTo(TaskState.CANCELED);
  }

  private static Map<String, JsonValue> items(int n) {
    List<JsonValue> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(JsonValue.of(i));
    }
    return Map.of("items", JsonValue.list(items));
  }

  /** How many iterations of the root loop {@code loop} exist ({@code active}: are active). */
  private static long iterations(Sim s, String loop, boolean active) {
    return s.model.tasks().values().stream()
        .filter(t -> t.kind() == TaskKind.ITERATION && t.parentPath().equals(loop))
        .filter(t -> !active || t.state().isActive())
        .count();
  }

  private static String describe(Action a) {
    return switch (a) {
      case Action.StartDag d -> "StartDag " + d.path();
      case Action.StartStep d -> "StartStep " + d.path();
      case Action.Finish f -> "Finish " + f.path();
      case Action.Skip k -> "Skip " + k.path();
      default -> a.toString();
    };
  }
}
