package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.v2beta1.PipelineTaskDetail;
import dev.skiff.api.v2beta1.Run;
import dev.skiff.api.v2beta1.RuntimeState;
import dev.skiff.api.v2beta1.TaskView;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The mapping from engine runs to the API's Run. The expected texts under {@code /runs/} were
 * written by the hand-made renderer this module replaced ({@code engine.service.RunJson}) for the
 * same {@link SampleRuns}, so these tests hold the JSON to the bytes scripts saw before.
 */
class RunViewsTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = RunViewsTest.class.getResourceAsStream("/runs/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void a_run_with_tasks_is_written_as_before() throws IOException {
    assertThat(ApiJson.write(RunViews.run(SampleRuns.failed())))
        .isEqualTo(resource("failed-run.json"));
    assertThat(ApiJson.write(RunViews.run(SampleRuns.pending())))
        .isEqualTo(resource("pending-run.json"));
  }

  @Test
  void a_run_in_a_list_has_no_tasks() throws IOException {
    Run summary = RunViews.summary(SampleRuns.failed().run());
    assertThat(summary.tasks()).isEmpty();
    assertThat(summary.runDetails().taskDetails()).isEmpty();
    assertThat(ApiJson.write(summary)).isEqualTo(resource("failed-run-summary.json"));
  }

  @Test
  void what_a_client_reads_back_it_writes_byte_for_byte() throws IOException {
    for (String name : new String[] {"failed-run.json", "pending-run.json"}) {
      String served = resource(name);
      Run read = ApiJson.read(served, Run.class);
      assertThat(ApiJson.write(read)).as(name).isEqualTo(served);
    }
    assertThat(ApiJson.read(resource("failed-run.json"), Run.class))
        .isEqualTo(RunViews.run(SampleRuns.failed()));
  }

  @Test
  void tasks_carry_attempts_outputs_and_what_ran_them() {
    Run run = RunViews.run(SampleRuns.failed());
    assertThat(run.state()).isEqualTo(RuntimeState.FAILED);
    assertThat(run.error().message()).isEqualTo("task train failed");
    assertThat(run.tasks().keySet())
        .containsExactly(
            "cached-step",
            "for-loop-2",
            "for-loop-2/0",
            "for-loop-2/1",
            "for-loop-2/1/square",
            "produce",
            "report",
            "train");
    TaskView produce = run.tasks().get("produce");
    assertThat(produce.runtime()).isEqualTo("skiff-python-runtime 2.15.2+skiff.1.0.0");
    assertThat(produce.runtimeSeconds()).isEqualTo(0.05);
    assertThat(produce.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.handle()).isEqualTo("pid:4242"));
    assertThat(produce.outputs().parameters()).containsEntry("count", JsonValue.of(5));
    assertThat(produce.outputs().artifacts().get("dataset"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.type()).isEqualTo("system.Dataset");
              assertThat(a.metadata().get("accuracy")).isEqualTo(JsonValue.of(0.75));
            });
    TaskView train = run.tasks().get("train");
    assertThat(train.attempts()).extracting(a -> a.exitCode()).containsExactly(3, 3);
    assertThat(train.lastAttempt().orElseThrow().attempt()).isEqualTo(2);
    assertThat(run.tasks().get("cached-step").cached()).isTrue();
    // A skipped task says why in the tasks map, but KFP's error is only for failed tasks.
    assertThat(run.tasks().get("report").error()).isEqualTo("upstream train failed");
    assertThat(detail(run, "report").error()).isNull();
    assertThat(detail(run, "train").error().message()).isEqualTo("exit code 3 after 2 attempts");
  }

  @Test
  void task_details_link_parents_and_children_by_stable_ids() {
    Run run = RunViews.run(SampleRuns.failed());
    String loop = RunViews.taskId(SampleRuns.RUN_ID, "for-loop-2");
    assertThat(loop)
        .isEqualTo(
            UUID.nameUUIDFromBytes((SampleRuns.RUN_ID + "/for-loop-2").getBytes()).toString());
    Map<String, PipelineTaskDetail> byId =
        run.runDetails().taskDetails().stream()
            .collect(Collectors.toMap(PipelineTaskDetail::taskId, d -> d));
    assertThat(byId).hasSize(8);
    assertThat(byId.get(loop).parentTaskId()).isNull();
    assertThat(byId.get(loop).childTasks())
        .extracting(c -> byId.get(c.taskId()).displayName())
        .containsExactly("for-loop-2-0", "for-loop-2-1");
    PipelineTaskDetail square = detail(run, "square");
    assertThat(byId.get(square.parentTaskId()).displayName()).isEqualTo("for-loop-2-1");
    assertThat(square.childTasks()).isEmpty();
    assertThat(square.endTime()).isNull();
  }

  private static PipelineTaskDetail detail(Run run, String displayName) {
    return run.runDetails().taskDetails().stream()
        .filter(d -> d.displayName().equals(displayName))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_step_waiting_for_quota_shows_why_on_the_task_and_its_detail() {
    RunView sample = SampleRuns.failed();
    String why = "waiting for quota: profile 'team-a' uses 1 of 1 GPUs";
    List<TaskRun> tasks = new ArrayList<>();
    for (TaskRun t : sample.tasks()) {
      tasks.add(
          t.path().equals("for-loop-2/1/square")
              ? t.withAttempt(t.lastAttempt().orElseThrow().waiting(why))
              : t);
    }
    Run run = RunViews.run(new RunView(sample.run(), tasks));

    assertThat(run.tasks().get("for-loop-2/1/square").statusMessage()).isEqualTo(why);
    assertThat(run.tasks().get("train").statusMessage()).as("a finished task").isNull();
    PipelineTaskDetail detail =
        run.runDetails().taskDetails().stream()
            .filter(d -> d.displayName().equals("square"))
            .findFirst()
            .orElseThrow();
    assertThat(detail.statusMessage()).isEqualTo(why);
    assertThat(detail.error()).isNull();
    assertThat(ApiJson.write(run))
        .contains("\"status_message\":\"waiting for quota: profile 'team-a' uses 1 of 1 GPUs\"");
  }
}
