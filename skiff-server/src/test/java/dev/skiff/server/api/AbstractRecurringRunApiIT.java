package dev.skiff.server.api;

import static dev.skiff.server.api.ApiServer.API;
import static dev.skiff.server.api.ApiServer.JSON;
import static dev.skiff.server.api.ApiServer.equalsFilter;
import static dev.skiff.server.api.ApiServer.ok;
import static dev.skiff.server.api.ApiServer.problem;
import static dev.skiff.server.api.ApiServer.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.server.config.SkiffConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every v2beta1 recurring-run endpoint against a real server, once per database: the body {@code
 * kfp.Client.create_recurring_run} sends, get, paged and filtered lists, {@code :enable}, {@code
 * :disable}, delete, the runs a recurring run makes (with {@code recurring_run_id}), and every kind
 * of bad input (a 400 problem naming it, nothing stored).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRecurringRunApiIT {
  @TempDir static Path home;
  ApiServer api;

  protected abstract SkiffConfig.Database database();

  @BeforeAll
  void start() {
    api = new ApiServer(home, database(), 256 * 1024);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** What {@code create_recurring_run(experiment_id, job_name, cron_expression, ...)} sends. */
  static ObjectNode cronBody(String name, String experimentId, String cron) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("display_name", name);
    body.put("description", "every second");
    body.put("experiment_id", experimentId);
    body.put("max_concurrency", 5);
    body.put("no_catchup", false);
    body.put("mode", "ENABLE");
    body.set("pipeline_spec", JSON.readTree(resource("greet.json")));
    body.putObject("runtime_config").putObject("parameters").put("times", 2);
    body.putObject("trigger").putObject("cron_schedule").put("cron", "* * * * * *");
    ((ObjectNode) body.path("trigger").path("cron_schedule")).put("cron", cron);
    return body;
  }

  private String experiment(String name) {
    return ok(api.post(API + "/experiments", "{\"display_name\": \"" + name + "\"}"))
        .path("experiment_id")
        .asText();
  }

  private long stored() {
    return ok(api.get(API + "/recurringruns?page_size=1")).path("total_size").asLong();
  }

  private JsonNode runsOf(String recurringRunId) {
    return ok(api.get(API + "/runs?filter=" + equalsFilter("recurring_run_id", recurringRunId)))
        .path("runs");
  }

  private JsonNode awaitRuns(String recurringRunId, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      JsonNode runs = runsOf(recurringRunId);
      if (runs.size() >= n) {
        return runs;
      }
      assertThat(System.nanoTime()).as("%d runs of %s", n, recurringRunId).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void create_get_list_disable_enable_delete() throws Exception {
    String experimentId = experiment("scheduled");
    Instant before = Instant.now();
    JsonNode made =
        ok(
            api.post(
                API + "/recurringruns",
                cronBody("greeter", experimentId, "* * * * * *").toString()));
    String id = made.path("recurring_run_id").asText();
    assertThat(id).isNotEmpty();
    assertThat(made.path("display_name").asText()).isEqualTo("greeter");
    assertThat(made.path("description").asText()).isEqualTo("every second");
    assertThat(made.path("experiment_id").asText()).isEqualTo(experimentId);
    assertThat(made.path("mode").asText()).isEqualTo("ENABLE");
    assertThat(made.path("status").asText()).isEqualTo("ENABLED");
    assertThat(made.path("max_concurrency").asInt()).isEqualTo(5);
    assertThat(made.path("no_catchup").asBoolean()).isFalse();
    assertThat(made.path("trigger").path("cron_schedule").path("cron").asText())
        .isEqualTo("* * * * * *");
    assertThat(made.path("trigger").has("periodic_schedule")).isFalse();
    assertThat(made.path("pipeline_spec").path("pipelineInfo").path("name").asText())
        .isEqualTo("greet");
    assertThat(made.path("runtime_config").path("parameters").path("times").asInt()).isEqualTo(2);
    assertThat(Instant.parse(made.path("created_at").asText()))
        .isAfterOrEqualTo(before.minusSeconds(1));
    assertThat(made.path("updated_at").asText()).isNotEmpty();

    assertThat(ok(api.get(API + "/recurringruns/" + id))).isEqualTo(made);

    // The runs it makes: named after it, in its experiment, carrying its id.
    JsonNode runs = awaitRuns(id, 2);
    JsonNode run = runs.get(0);
    assertThat(run.path("recurring_run_id").asText()).isEqualTo(id);
    assertThat(run.path("experiment_id").asText()).isEqualTo(experimentId);
    assertThat(run.path("display_name").asText()).matches("greeter-\\d{14}");
    JsonNode done = api.waitForRunCompletion(run.path("run_id").asText());
    assertThat(done.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.path("recurring_run_id").asText()).isEqualTo(id);

    JsonNode off = ok(api.post(API + "/recurringruns/" + id + ":disable", ""));
    assertThat(off.size()).isZero();
    JsonNode disabled = ok(api.get(API + "/recurringruns/" + id));
    assertThat(disabled.path("status").asText()).isEqualTo("DISABLED");
    assertThat(disabled.path("mode").asText()).isEqualTo("DISABLE");
    // A tick claimed just before the disable may still be submitted; after that, nothing fires.
    // A schedule that kept firing (every second) would never hold still for 1.5 s.
    int fired = runsOf(id).size();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    while (true) {
      Thread.sleep(1500);
      int now = runsOf(id).size();
      if (now == fired) {
        break;
      }
      assertThat(System.nanoTime()).as("runs stop after the disable").isLessThan(deadline);
      fired = now;
    }
    ok(api.post(API + "/recurringruns/" + id + ":enable", ""));
    assertThat(ok(api.get(API + "/recurringruns/" + id)).path("status").asText())
        .isEqualTo("ENABLED");
    awaitRuns(id, fired + 1);

    // Lists: paged, filtered, by experiment.
    JsonNode second =
        ok(
            api.post(
                API + "/recurringruns", cronBody("hourly", experimentId, "0 0 * * *").toString()));
    JsonNode page1 = ok(api.get(API + "/recurringruns?page_size=1&sort_by=display_name"));
    assertThat(page1.path("recurringRuns")).hasSize(1);
    assertThat(page1.path("recurringRuns").get(0).path("display_name").asText())
        .isEqualTo("greeter");
    assertThat(page1.path("total_size").asInt()).isGreaterThanOrEqualTo(2);
    String token = page1.path("next_page_token").asText();
    assertThat(token).isNotEmpty();
    JsonNode page2 =
        ok(api.get(API + "/recurringruns?page_size=1&page_token=" + ApiServer.q(token)));
    assertThat(page2.path("recurringRuns").get(0).path("display_name").asText())
        .isEqualTo("hourly");
    JsonNode byName =
        ok(api.get(API + "/recurringruns?filter=" + equalsFilter("display_name", "hourly")));
    assertThat(byName.path("recurringRuns")).hasSize(1);
    assertThat(byName.path("recurringRuns").get(0).path("recurring_run_id"))
        .isEqualTo(second.path("recurring_run_id"));
    JsonNode inExperiment = ok(api.get(API + "/recurringruns?experiment_id=" + experimentId));
    assertThat(inExperiment.path("total_size").asInt()).isEqualTo(2);
    problem(api.get(API + "/recurringruns?page_token=forged"), 400);

    // Delete: gone, its runs stay.
    ok(api.delete(API + "/recurringruns/" + id));
    problem(api.get(API + "/recurringruns/" + id), 404);
    assertThat(runsOf(id).size()).isGreaterThanOrEqualTo(fired + 1);
    ok(api.delete(API + "/recurringruns/" + second.path("recurring_run_id").asText()));
  }

  @Test
  void a_periodic_recurring_run_of_a_stored_pipeline_version() throws Exception {
    JsonNode pipeline =
        ok(
            api.upload(
                API + "/pipelines/upload?name=greet-stored",
                "greet.json",
                resource("greet.json").getBytes(StandardCharsets.UTF_8)));
    String pipelineId = pipeline.path("pipeline_id").asText();
    String versionId =
        ok(api.get(API + "/pipelines/" + pipelineId + "/versions"))
            .path("pipeline_versions")
            .get(0)
            .path("pipeline_version_id")
            .asText();
    ObjectNode body = JSON.createObjectNode();
    body.put("display_name", "periodic");
    body.putObject("pipeline_version_reference").put("pipeline_id", pipelineId);
    body.putObject("runtime_config").putObject("parameters").put("times", 1);
    body.putObject("trigger").putObject("periodic_schedule").put("interval_second", "1");
    JsonNode made = ok(api.post(API + "/recurringruns", body.toString()));
    String id = made.path("recurring_run_id").asText();
    // the newest version now; the default experiment; KFP's defaults
    assertThat(made.path("pipeline_version_reference").path("pipeline_version_id").asText())
        .isEqualTo(versionId);
    assertThat(made.has("pipeline_spec")).isFalse();
    assertThat(made.path("trigger").path("periodic_schedule").path("interval_second").asLong())
        .isEqualTo(1);
    assertThat(made.path("max_concurrency").asInt()).isEqualTo(1);
    assertThat(made.path("mode").asText()).isEqualTo("ENABLE");
    JsonNode runs = awaitRuns(id, 1);
    JsonNode run = ok(api.get(API + "/runs/" + runs.get(0).path("run_id").asText()));
    assertThat(run.path("pipeline_version_reference").path("pipeline_version_id").asText())
        .isEqualTo(versionId);
    ok(api.post(API + "/recurringruns/" + id + ":disable", ""));
    ok(api.delete(API + "/recurringruns/" + id));
  }

  @Test
  void bad_input_is_a_400_naming_the_problem_and_stores_nothing() throws Exception {
    String experimentId = experiment("bad-input");
    long before = stored();
    assertBad(cronBody("x", experimentId, "every minute"), "cron 'every minute' has 2 fields");
    assertBad(cronBody("x", experimentId, "61 * * * * *"), "does not parse");
    ObjectNode periodic = cronBody("x", experimentId, "* * * * * *");
    periodic.putObject("trigger").putObject("periodic_schedule").put("interval_second", 0);
    assertBad(periodic, "interval_second must be a positive number");
    periodic.putObject("trigger").putObject("periodic_schedule").put("interval_second", -5);
    assertBad(periodic, "interval_second must be a positive number");
    ObjectNode backwards = cronBody("x", experimentId, "* * * * * *");
    ((ObjectNode) backwards.path("trigger").path("cron_schedule"))
        .put("start_time", "2030-01-02T00:00:00Z")
        .put("end_time", "2030-01-01T00:00:00Z");
    assertBad(backwards, "is not after its start_time");
    ObjectNode noTrigger = cronBody("x", experimentId, "* * * * * *");
    noTrigger.remove("trigger");
    assertBad(noTrigger, "trigger needs exactly one of");
    ObjectNode both = cronBody("x", experimentId, "* * * * * *");
    ((ObjectNode) both.path("trigger")).putObject("periodic_schedule").put("interval_second", 5);
    assertBad(both, "trigger needs exactly one of");
    ObjectNode unknownVersion = cronBody("x", experimentId, "* * * * * *");
    unknownVersion.remove("pipeline_spec");
    unknownVersion
        .putObject("pipeline_version_reference")
        .put("pipeline_id", "no-such-pipeline")
        .put("pipeline_version_id", "no-such-version");
    assertBad(unknownVersion, "pipeline_version_reference");
    ObjectNode noPipeline = cronBody("x", experimentId, "* * * * * *");
    noPipeline.remove("pipeline_spec");
    assertBad(noPipeline, "needs its pipeline");
    ObjectNode badSpec = cronBody("x", experimentId, "* * * * * *");
    badSpec.putObject("pipeline_spec").put("pipelineInfo", "nope");
    assertBad(badSpec, "");
    ObjectNode badParameter = cronBody("x", experimentId, "* * * * * *");
    ((ObjectNode) badParameter.path("runtime_config").path("parameters")).put("times", "many");
    assertBad(badParameter, "times");
    ObjectNode noName = cronBody(" ", experimentId, "* * * * * *");
    assertBad(noName, "needs a display_name");
    ObjectNode mode = cronBody("x", experimentId, "* * * * * *").put("mode", "SOMETIMES");
    assertBad(mode, "mode must be ENABLE or DISABLE");
    ObjectNode tooMany = cronBody("x", experimentId, "* * * * * *").put("max_concurrency", 11);
    assertBad(tooMany, "max_concurrency must be from 1 to 10");
    ObjectNode wrongType = cronBody("x", experimentId, "* * * * * *");
    wrongType.putObject("trigger").putObject("periodic_schedule").put("interval_second", "often");
    assertBad(wrongType, "interval_second");
    ObjectNode badTime = cronBody("x", experimentId, "* * * * * *");
    ((ObjectNode) badTime.path("trigger").path("cron_schedule")).put("start_time", "tomorrow");
    assertBad(badTime, "start_time");
    problem(api.post(API + "/recurringruns", "{not json"), 400);
    problem(api.post(API + "/recurringruns", "[]"), 400);
    assertThat(
            problem(
                api.post(
                    API + "/recurringruns",
                    cronBody("x", "no-such-experiment", "* * * * * *").toString()),
                404))
        .contains("no-such-experiment");
    assertThat(stored()).as("nothing stored").isEqualTo(before);

    assertThat(problem(api.get(API + "/recurringruns/nope"), 404)).contains("nope");
    problem(api.post(API + "/recurringruns/nope:enable", ""), 404);
    problem(api.post(API + "/recurringruns/nope:disable", ""), 404);
    problem(api.delete(API + "/recurringruns/nope"), 404);
    problem(api.get(API + "/recurringruns?sort_by=colour"), 400);
  }

  private void assertBad(ObjectNode body, String detail) {
    assertThat(problem(api.post(API + "/recurringruns", body.toString()), 400)).contains(detail);
  }
}
