package dev.skiff.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.run.RunModel;
import dev.skiff.engine.run.RunRetry;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.Transitions;
import dev.skiff.pipeline.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exercises every row of the run and task transition tables through the scheduler and the run
 * model, and fails naming any row no scenario reached (the tables, the code and the tests cannot
 * drift apart). Writing a transition outside the tables throws, so it cannot pass either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransitionCoverageTest {
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private final RunModel.TransitionObserver recorder =
      new RunModel.TransitionObserver() {
        @Override
        public void run(RunState from, RunState to) {
          seen.add("run " + from + " -> " + to);
        }

        @Override
        public void task(TaskState from, TaskState to) {
          seen.add("task " + from + " -> " + to);
        }
      };

  @AfterAll
  void every_transition_was_exercised() {
    List<String> missing = new ArrayList<>();
    Transitions.RUN.rows().forEach(r -> check("run", r, missing));
    Transitions.TASK.rows().forEach(r -> check("task", r, missing));
    assertThat(missing).as("transitions never exercised").isEmpty();
  }

  private void check(String table, Transitions.Transition<?> row, List<String> missing) {
    if (!seen.contains(table + " " + row.from() + " -> " + row.to())) {
      missing.add(table + " " + row);
    }
  }

  @Test
  void a_successful_run_with_conditions_skips_and_an_importer() throws Exception {
    Sim sim =
        new Sim(
            "conditions.yaml",
            Map.of("coin", JsonValue.of("tails"), "n", JsonValue.of(3)),
            recorder);
    sim.output("flip", "Output", JsonValue.of("tails"))
        .output("condition-branches-2/condition-3/small", "Output", JsonValue.of("small"));
    assertThat(sim.run()).isEqualTo(RunState.SUCCEEDED);

    Sim importer =
        new Sim("nested_importer.yaml", Map.of("source", JsonValue.of("/tmp/x")), recorder);
    importer.output("inner/read", "Output", JsonValue.of("got"));
    importer.run();
    assertThat(importer.task("importer").state()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void a_missing_upstream_output_fails_the_consumer_before_it_starts() throws Exception {
    Sim sim =
        new Sim(
            "conditions.yaml", Map.of("coin", JsonValue.of("x"), "n", JsonValue.of(3)), recorder);
    assertThat(sim.run()).isEqualTo(RunState.FAILED);
    assertThat(sim.task("condition-1").state()).isEqualTo(TaskState.FAILED);
    assertThat(sim.task("condition-1").startedAt()).isEmpty();
  }

  @Test
  void a_failing_step_fails_its_dag_and_the_run() throws Exception {
    Sim sim = new Sim("exit_handler.yaml", Map.of("fail", JsonValue.of(true)), recorder);
    sim.failures.put("exit-handler-1/work", Integer.MAX_VALUE);
    assertThat(sim.run()).isEqualTo(RunState.FAILED);
  }

  @Test
  void cancel_before_start_and_while_running_with_every_way_a_step_can_end() throws Exception {
    Sim early = new Sim("exit_handler.yaml", Map.of("fail", JsonValue.of(false)), recorder);
    early.cancel();
    assertThat(early.run()).isEqualTo(RunState.CANCELED);

    Sim sim = new Sim("crash.yaml", Map.of("dir", JsonValue.of("/d")), recorder);
    sim.output("a", "Output", JsonValue.of("a")).output("b", "Output", JsonValue.of("b"));
    sim.settle();
    sim.end(sim.task("a"));
    sim.settle(); // b, c, d running
    sim.failures.put("c", Integer.MAX_VALUE);
    sim.cancel();
    sim.settle();
    assertThat(sim.task("b").state()).isEqualTo(TaskState.CANCELING);
    sim.killed("b"); // CANCELING -> CANCELED
    sim.end(sim.task("c")); // CANCELING -> FAILED
    sim.end(sim.task("d")); // CANCELING -> SUCCEEDED
    assertThat(sim.run()).isEqualTo(RunState.CANCELED);
    assertThat(sim.model.tasks()).doesNotContainKey("e");

    Sim dag = new Sim("exit_handler.yaml", Map.of("fail", JsonValue.of(false)), recorder);
    dag.settle();
    dag.cancel();
    dag.settle();
    dag.killed("exit-handler-1/work");
    dag.killed("work2");
    assertThat(dag.run()).isEqualTo(RunState.CANCELED);
    assertThat(dag.task("exit-handler-1").state()).isEqualTo(TaskState.CANCELED);
    assertThat(dag.model.tasks())
        .as("exit handlers do not start while canceling")
        .doesNotContainKey("report");
  }

  @Test
  void a_failed_run_is_retried_keeping_what_succeeded_with_a_fresh_retry_budget() throws Exception {
    Sim sim = new Sim("exit_handler.yaml", Map.of("fail", JsonValue.of(true)), recorder);
    sim.output("speak", "Output", JsonValue.of("hi"))
        .output("listen", "Output", JsonValue.of("hi"));
    sim.failures.put("exit-handler-1/work", Integer.MAX_VALUE);
    assertThat(sim.run()).isEqualTo(RunState.FAILED);
    int reportAttempts = sim.task("report").attempts().size();
    int workAttempts = sim.task("exit-handler-1/work").attempts().size();
    assertThat(sim.task("report").state()).isEqualTo(TaskState.SUCCEEDED);

    sim.now = sim.now.plusSeconds(60);
    RunRetry.Plan plan = sim.retry(); // FAILED -> PENDING, tasks FAILED -> RUNNING
    assertThat(plan.rerun())
        .extracting(TaskRun::path)
        .containsExactlyInAnyOrder("exit-handler-1", "exit-handler-1/work");
    assertThat(sim.model.run().state()).isEqualTo(RunState.PENDING);
    assertThat(sim.model.run().error()).isEmpty();
    sim.failures.put("exit-handler-1/work", workAttempts); // the next attempt succeeds
    assertThat(sim.run()).isEqualTo(RunState.SUCCEEDED);
    assertThat(sim.task("exit-handler-1/work").attempts())
        .as("earlier attempts stay; the retry continues their numbering")
        .hasSize(workAttempts + 1);
    assertThat(sim.task("report").attempts())
        .as("a task that succeeded does not run again")
        .hasSize(reportAttempts);

    Sim flaky = new Sim("retry_cache.yaml", Map.of("dir", JsonValue.of("/d")), recorder);
    flaky.failures.put("flaky", Integer.MAX_VALUE);
    assertThat(flaky.run()).isEqualTo(RunState.FAILED);
    assertThat(flaky.task("flaky").attempts()).hasSize(4);
    flaky.now = flaky.now.plusSeconds(60);
    flaky.retry();
    flaky.failures.put("flaky", 6); // attempts 5 and 6 fail, 7 succeeds: within a fresh budget
    assertThat(flaky.run()).isEqualTo(RunState.SUCCEEDED);
    assertThat(flaky.task("flaky").attempts()).hasSize(7);
  }

  @Test
  void a_canceled_run_is_retried_and_a_task_that_never_started_is_decided_again() throws Exception {
    Sim sim = new Sim("crash.yaml", Map.of("dir", JsonValue.of("/d")), recorder);
    sim.output("a", "Output", JsonValue.of("a")).output("b", "Output", JsonValue.of("b"));
    sim.settle();
    sim.end(sim.task("a"));
    sim.settle();
    sim.cancel();
    sim.settle();
    sim.killed("b");
    sim.killed("c");
    sim.killed("d");
    assertThat(sim.run()).isEqualTo(RunState.CANCELED);
    sim.now = sim.now.plusSeconds(60);
    RunRetry.Plan plan = sim.retry(); // CANCELED -> PENDING, tasks CANCELED -> RUNNING
    assertThat(plan.rerun()).extracting(TaskRun::path).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(sim.run()).isEqualTo(RunState.SUCCEEDED);
    assertThat(sim.task("a").attempts()).hasSize(1);
    assertThat(sim.task("e").state()).isEqualTo(TaskState.SUCCEEDED);

    Sim unresolved =
        new Sim(
            "conditions.yaml", Map.of("coin", JsonValue.of("x"), "n", JsonValue.of(3)), recorder);
    assertThat(unresolved.run()).isEqualTo(RunState.FAILED);
    RunRetry.Plan again = unresolved.retry();
    assertThat(again.forgotten()).contains("condition-1");
    assertThat(unresolved.model.tasks()).doesNotContainKey("condition-1");
    unresolved.output("flip", "Output", JsonValue.of("tails"));
    assertThat(unresolved.run()).isEqualTo(RunState.FAILED);
    assertThat(unresolved.task("condition-1").startedAt()).isEmpty();
  }

  @Test
  void only_a_failed_or_canceled_run_is_retried() throws Exception {
    Sim sim = new Sim("crash.yaml", Map.of("dir", JsonValue.of("/d")), recorder);
    sim.output("a", "Output", JsonValue.of("a")).output("b", "Output", JsonValue.of("b"));
    assertThat(sim.run()).isEqualTo(RunState.SUCCEEDED);
    assertThatThrownBy(sim::retry)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only a failed or canceled run");
  }
}
