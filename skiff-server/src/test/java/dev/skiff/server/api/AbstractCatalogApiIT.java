package dev.skiff.server.api;

import static dev.skiff.server.api.ApiServer.API;
import static dev.skiff.server.api.ApiServer.JSON;
import static dev.skiff.server.api.ApiServer.equalsFilter;
import static dev.skiff.server.api.ApiServer.ok;
import static dev.skiff.server.api.ApiServer.problem;
import static dev.skiff.server.api.ApiServer.q;
import static dev.skiff.server.api.ApiServer.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.Profile;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every v2beta1 pipeline, pipeline version, experiment and run endpoint against a real server, once
 * per database: the calls {@code kfp.Client} makes, as its code makes them (healthz first, {@code
 * "operation": 1} filters with {@code stringValue}, the experiment looked up by name before a run
 * is created, multipart uploads in {@code uploadfile}, {@code wait_for_run_completion} polling the
 * run), paging with tokens, retries, archiving, and every kind of bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractCatalogApiIT {
  static final long MAX_UPLOAD = 256 * 1024;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir static Path home;
  @TempDir static Path files;
  ApiServer api;

  protected abstract SkiffConfig.Database database();

  @BeforeAll
  void start() {
    api = new ApiServer(home, database(), MAX_UPLOAD);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** {@code create_experiment}: looks it up by name first, creates it when absent. */
  private JsonNode createExperiment(String name) {
    JsonNode found =
        ok(
            api.get(
                API + "/experiments?filter=" + equalsFilter("display_name", name) + "&namespace="));
    if (found.path("experiments").size() == 1) {
      return found.path("experiments").get(0);
    }
    assertThat(found.path("experiments")).isEmpty();
    return ok(
        api.post(
            API + "/experiments", "{\"display_name\": \"" + name + "\", \"namespace\": \"\"}"));
  }

  /** The body {@code run_pipeline} sends for a package: the spec as a dict. */
  private static String runBody(String experimentId, String name, JsonNode spec, String params) {
    ObjectNode run = JSON.createObjectNode();
    run.put("experiment_id", experimentId);
    run.put("display_name", name);
    run.set("pipeline_spec", spec);
    try {
      run.putObject("runtime_config").set("parameters", JSON.readTree(params));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
    return run.toString();
  }

  @Test
  void what_kfp_client_does_from_healthz_to_a_finished_run() throws Exception {
    JsonNode health = ok(api.get(API + "/healthz"));
    assertThat(health.path("multi_user").asBoolean()).isFalse();
    assertThat(health.path("pipeline_store").asText()).isEqualTo("database");
    assertThat(health.has("commit_sha")).isTrue();
    assertThat(health.path("tag_name").asText()).isNotEmpty();

    // create_run_from_pipeline_package without an experiment: "Default" is looked up by name.
    JsonNode def = createExperiment("Default");
    assertThat(def.path("display_name").asText()).isEqualTo("Default");
    assertThat(createExperiment("Default").path("experiment_id"))
        .isEqualTo(def.path("experiment_id"));
    String experimentId = createExperiment("api-exp").path("experiment_id").asText();
    JsonNode spec = JSON.readTree(resource("greet.json"));
    JsonNode created =
        ok(
            api.post(
                API + "/runs",
                runBody(
                    experimentId,
                    "greet.json 2026-01-01 10-00-00",
                    spec,
                    "{\"name\": \"Ada\", \"times\": 2}")));
    String runId = created.path("run_id").asText();
    assertThat(created.path("experiment_id").asText()).isEqualTo(experimentId);
    JsonNode done = api.waitForRunCompletion(runId);
    assertThat(done.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.path("display_name").asText()).isEqualTo("greet.json 2026-01-01 10-00-00");
    assertThat(done.path("experiment_id").asText()).isEqualTo(experimentId);
    assertThat(done.path("storage_state").asText()).isEqualTo("AVAILABLE");
    assertThat(done.path("runtime_config").path("parameters").path("times").asInt()).isEqualTo(2);
    assertThat(done.path("pipeline_spec").path("pipelineInfo").path("name").asText())
        .isEqualTo("greet");
    assertThat(done.has("pipeline_version_reference")).isFalse();
    JsonNode task = done.path("run_details").path("task_details").get(0);
    assertThat(task.path("display_name").asText()).isEqualTo("greet");
    assertThat(task.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(task.path("start_time").asText()).isNotEmpty();
    JsonNode experiment = ok(api.get(API + "/experiments/" + experimentId));
    assertThat(experiment.path("last_run_created_at").asText()).isNotEmpty();

    // list_runs(experiment_id=...), as kfp.Client sends it.
    JsonNode runs =
        ok(api.get(API + "/runs?page_token=&page_size=10&sort_by=&experiment_id=" + experimentId));
    assertThat(runs.path("runs")).hasSize(1);
    assertThat(runs.path("total_size").asInt()).isOne();
    assertThat(runs.path("runs").get(0).has("pipeline_spec")).as("lists carry no spec").isFalse();

    // service_account and pipeline_root are kept and returned.
    ObjectNode body =
        (ObjectNode) JSON.readTree(runBody(experimentId, "sa", spec, "{\"times\": 1}"));
    body.put("service_account", "pipeline-runner");
    String root = files.resolve("own-root").toUri().toString();
    ((ObjectNode) body.path("runtime_config")).put("pipeline_root", root);
    body.put("description", "with extras");
    body.put("some_future_field", 7);
    JsonNode extras = ok(api.post(API + "/runs", body.toString()));
    assertThat(extras.path("service_account").asText()).isEqualTo("pipeline-runner");
    assertThat(extras.path("runtime_config").path("pipeline_root").asText()).isEqualTo(root);
    assertThat(extras.path("description").asText()).isEqualTo("with extras");
    JsonNode read = api.waitForRunCompletion(extras.path("run_id").asText());
    assertThat(read.path("service_account").asText()).isEqualTo("pipeline-runner");
    assertThat(read.path("runtime_config").path("pipeline_root").asText()).isEqualTo(root);

    // A run without an experiment lands in the caller's Default experiment.
    ObjectNode noExperiment = (ObjectNode) JSON.readTree(runBody("", "nx", spec, "{\"times\": 1}"));
    noExperiment.remove("experiment_id");
    JsonNode inDefault = ok(api.post(API + "/runs", noExperiment.toString()));
    assertThat(inDefault.path("experiment_id").asText())
        .isEqualTo(def.path("experiment_id").asText());
    api.waitForRunCompletion(inDefault.path("run_id").asText());
  }

  @Test
  void pipelines_are_uploaded_versioned_listed_run_and_deleted() throws Exception {
    byte[] yaml = resource("retry_run.yaml").getBytes(StandardCharsets.UTF_8);
    // upload_pipeline(path, pipeline_name): POST /pipelines/upload?name=... with uploadfile.
    JsonNode pipeline =
        ok(api.upload(API + "/pipelines/upload?name=uploaded", "pipeline.yaml", yaml));
    String pipelineId = pipeline.path("pipeline_id").asText();
    assertThat(pipeline.path("display_name").asText()).isEqualTo("uploaded");
    assertThat(pipeline.path("name").asText()).isEqualTo("uploaded");
    // get_pipeline_id(name): a display_name filter.
    JsonNode byName =
        ok(api.get(API + "/pipelines?filter=" + equalsFilter("display_name", "uploaded")));
    assertThat(byName.path("pipelines")).hasSize(1);
    assertThat(byName.path("pipelines").get(0).path("pipeline_id").asText()).isEqualTo(pipelineId);
    assertThat(ok(api.get(API + "/pipelines/names/uploaded")).path("pipeline_id").asText())
        .isEqualTo(pipelineId);
    assertThat(ok(api.get(API + "/pipelines/" + pipelineId)).path("created_at").asText())
        .isNotEmpty();

    // upload_pipeline_version: POST /pipelines/upload_version?name=v2&pipelineid=...
    JsonNode v2 =
        ok(
            api.upload(
                API + "/pipelines/upload_version?name=v2&pipelineid=" + pipelineId,
                "retry_run.yaml",
                yaml));
    assertThat(v2.path("pipeline_id").asText()).isEqualTo(pipelineId);
    String v2Id = v2.path("pipeline_version_id").asText();
    JsonNode versions = ok(api.get(API + "/pipelines/" + pipelineId + "/versions?page_size=10"));
    assertThat(versions.path("pipeline_versions")).hasSize(2);
    assertThat(versions.path("total_size").asInt()).isEqualTo(2);
    JsonNode version = ok(api.get(API + "/pipelines/" + pipelineId + "/versions/" + v2Id));
    assertThat(version.path("name").asText()).isEqualTo("v2");
    assertThat(version.path("pipeline_spec").path("pipelineInfo").path("name").asText())
        .isEqualTo("retry-run");

    // A version from a JSON spec, one from a package_url (file:// is allowed on this server).
    JsonNode greet = JSON.readTree(resource("greet.json"));
    ObjectNode fromSpec = JSON.createObjectNode().put("display_name", "from spec");
    fromSpec.set("pipeline_spec", greet);
    JsonNode v3 = ok(api.post(API + "/pipelines/" + pipelineId + "/versions", fromSpec.toString()));
    assertThat(v3.path("display_name").asText()).isEqualTo("from spec");
    Path file = files.resolve("greet.json");
    Files.writeString(file, resource("greet.json"));
    JsonNode v4 =
        ok(
            api.post(
                API + "/pipelines/" + pipelineId + "/versions",
                "{\"name\": \"from-url\", \"package_url\": {\"pipeline_url\": \""
                    + file.toUri()
                    + "\"},"
                    + " \"code_source_url\": \"https://example.com/src\"}"));
    assertThat(v4.path("package_url").path("pipeline_url").asText())
        .isEqualTo(file.toUri().toString());
    assertThat(v4.path("code_source_url").asText()).isEqualTo("https://example.com/src");

    // run_pipeline(experiment_id, job_name, pipeline_id, version_id): a version reference.
    String experimentId = createExperiment("versions").path("experiment_id").asText();
    Path dir = Files.createDirectories(files.resolve("run-dir"));
    Files.createFile(dir.resolve("go"));
    JsonNode run =
        ok(
            api.post(
                API + "/runs",
                "{\"experiment_id\": \""
                    + experimentId
                    + "\", \"display_name\": \"from version\","
                    + " \"pipeline_version_reference\": {\"pipeline_id\": \""
                    + pipelineId
                    + "\", \"pipeline_version_id\": \""
                    + v2Id
                    + "\"},"
                    + " \"runtime_config\": {\"parameters\": {\"dir\": \""
                    + dir
                    + "\"}}}"));
    JsonNode finished = api.waitForRunCompletion(run.path("run_id").asText());
    assertThat(finished.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(finished.path("pipeline_version_reference").path("pipeline_version_id").asText())
        .isEqualTo(v2Id);
    assertThat(finished.has("pipeline_spec")).isFalse();
    // Without a version id: the pipeline's newest version (v4, greet).
    JsonNode latest =
        ok(
            api.post(
                API + "/runs",
                "{\"pipeline_version_reference\": {\"pipeline_id\": \""
                    + pipelineId
                    + "\"},"
                    + " \"runtime_config\": {\"parameters\": {\"times\": 1}}}"));
    assertThat(latest.path("pipeline_version_reference").path("pipeline_version_id").asText())
        .isEqualTo(v4.path("pipeline_version_id").asText());
    api.waitForRunCompletion(latest.path("run_id").asText());

    // POST /pipelines (no version) and /pipelines/create (with its first version).
    JsonNode empty = ok(api.post(API + "/pipelines", "{\"display_name\": \"empty one\"}"));
    assertThat(empty.path("name").asText()).isEqualTo("empty one");
    ObjectNode both = JSON.createObjectNode();
    both.putObject("pipeline").put("name", "both-at-once").put("description", "d");
    both.putObject("pipeline_version").set("pipeline_spec", greet);
    JsonNode made = ok(api.post(API + "/pipelines/create", both.toString()));
    assertThat(
            ok(api.get(API + "/pipelines/" + made.path("pipeline_id").asText() + "/versions"))
                .path("total_size")
                .asInt())
        .isOne();

    // Deletes: a version; a pipeline with versions only with cascade (the default).
    ok(
        api.delete(
            API
                + "/pipelines/"
                + pipelineId
                + "/versions/"
                + v3.path("pipeline_version_id").asText()));
    problem(
        api.get(
            API
                + "/pipelines/"
                + pipelineId
                + "/versions/"
                + v3.path("pipeline_version_id").asText()),
        404);
    problem(api.delete(API + "/pipelines/" + pipelineId + "?cascade=false"), 409);
    ok(api.delete(API + "/pipelines/" + pipelineId));
    problem(api.get(API + "/pipelines/" + pipelineId), 404);
    problem(api.get(API + "/pipelines/" + pipelineId + "/versions/" + v2Id), 404);
    ok(api.delete(API + "/pipelines/" + empty.path("pipeline_id").asText() + "?cascade=false"));
  }

  @Test
  void lists_page_with_tokens_sort_and_filter() throws Exception {
    String experimentId = createExperiment("paging").path("experiment_id").asText();
    JsonNode spec = JSON.readTree(resource("greet.json"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          ok(api.post(API + "/runs", runBody(experimentId, "page " + i, spec, "{\"times\": 1}")))
              .path("run_id")
              .asText());
    }
    for (String id : ids) {
      api.waitForRunCompletion(id);
    }
    for (String sort : new String[] {"", "created_at desc", "display_name", "name desc"}) {
      Set<String> seen = new HashSet<>();
      List<String> order = new ArrayList<>();
      String token = "";
      int pages = 0;
      do {
        JsonNode page =
            ok(
                api.get(
                    API
                        + "/runs?experiment_id="
                        + experimentId
                        + "&page_size=2"
                        + "&sort_by="
                        + q(sort)
                        + "&page_token="
                        + q(token)));
        assertThat(page.path("total_size").asInt()).isEqualTo(5);
        page.path("runs")
            .forEach(
                r -> {
                  assertThat(seen.add(r.path("run_id").asText())).isTrue();
                  order.add(r.path("display_name").asText());
                });
        token = page.path("next_page_token").asText("");
        pages++;
      } while (!token.isEmpty());
      assertThat(pages).isEqualTo(3);
      assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
      if (sort.startsWith("name desc")) {
        assertThat(order).containsExactly("page 4", "page 3", "page 2", "page 1", "page 0");
      } else if (!sort.isEmpty() && sort.startsWith("display")) {
        assertThat(order).containsExactly("page 0", "page 1", "page 2", "page 3", "page 4");
      }
    }
    String filter =
        q(
            "{\"predicates\": [{\"key\": \"display_name\", \"operation\": \"IN\","
                + " \"string_values\": {\"values\": [\"page 1\", \"page 3\"]}},"
                + " {\"key\": \"state\", \"operation\": \"EQUALS\", \"string_value\": \"SUCCEEDED\"}]}");
    JsonNode filtered =
        ok(api.get(API + "/runs?experiment_id=" + experimentId + "&filter=" + filter));
    assertThat(filtered.path("total_size").asInt()).isEqualTo(2);
    String substring =
        q("{\"predicates\": [{\"key\": \"name\", \"operation\": 9, \"stringValue\": \"GE 4\"}]}");
    assertThat(ok(api.get(API + "/runs?filter=" + substring)).path("total_size").asInt()).isOne();
    String since =
        q(
            "{\"predicates\": [{\"key\": \"created_at\", \"operation\": 5,"
                + " \"timestamp_value\": \""
                + Instant.now().minusSeconds(3600)
                + "\"}]}");
    assertThat(
            ok(api.get(API + "/runs?experiment_id=" + experimentId + "&filter=" + since))
                .path("total_size")
                .asInt())
        .isEqualTo(5);
    // A token carries its filter and order; the namespace is the caller's (empty is theirs).
    JsonNode first = ok(api.get(API + "/experiments?page_size=1&namespace="));
    assertThat(first.path("next_page_token").asText()).isNotEmpty();
    JsonNode second =
        ok(
            api.get(
                API
                    + "/experiments?page_size=1&page_token="
                    + q(first.path("next_page_token").asText())));
    assertThat(second.path("experiments").get(0).path("experiment_id"))
        .isNotEqualTo(first.path("experiments").get(0).path("experiment_id"));
  }

  @Test
  void runs_are_terminated_retried_archived_and_deleted_and_experiments_archive_theirs()
      throws Exception {
    String experimentId = createExperiment("lifecycle").path("experiment_id").asText();
    Path dir = Files.createDirectories(files.resolve("lifecycle"));
    JsonNode retrySpec = YAML.readTree(resource("retry_run.yaml"));
    String runId =
        ok(api.post(
                API + "/runs",
                runBody(experimentId, "flaky", retrySpec, "{\"dir\": \"" + dir + "\"}")))
            .path("run_id")
            .asText();
    assertThat(api.waitForRunCompletion(runId).path("state").asText()).isEqualTo("FAILED");
    Files.createFile(dir.resolve("go"));
    assertThat(ok(api.post(API + "/runs/" + runId + ":retry", ""))).isEmpty();
    JsonNode retried = api.waitForRunCompletion(runId);
    assertThat(retried.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(retried.path("tasks").path("first").path("attempts")).hasSize(1);
    assertThat(retried.path("tasks").path("second").path("attempts")).hasSize(2);
    assertThat(problem(api.post(API + "/runs/" + runId + ":retry", ""), 409))
        .contains("only a failed or canceled run can be retried");

    // terminate_run on a run that sleeps.
    JsonNode sleeper = YAML.readTree(resource("sleeper.yaml"));
    String sleeping =
        ok(api.post(API + "/runs", runBody(experimentId, "sleeps", sleeper, "{}")))
            .path("run_id")
            .asText();
    assertThat(ok(api.post(API + "/runs/" + sleeping + ":terminate", ""))).isEmpty();
    assertThat(api.waitForRunCompletion(sleeping).path("state").asText()).isEqualTo("CANCELED");

    // archive_run / unarchive_run; the storage state is a filter key.
    ok(api.post(API + "/runs/" + runId + ":archive", ""));
    assertThat(ok(api.get(API + "/runs/" + runId)).path("storage_state").asText())
        .isEqualTo("ARCHIVED");
    String available =
        q(
            "{\"predicates\": [{\"key\": \"storage_state\", \"operation\": \"EQUALS\","
                + " \"string_value\": \"AVAILABLE\"}]}");
    assertThat(
            ok(api.get(API + "/runs?experiment_id=" + experimentId + "&filter=" + available))
                .path("total_size")
                .asInt())
        .isOne();
    ok(api.post(API + "/runs/" + runId + ":unarchive", ""));
    assertThat(ok(api.get(API + "/runs/" + runId)).path("storage_state").asText())
        .isEqualTo("AVAILABLE");

    // archive_experiment archives its runs; unarchive leaves them archived; runs outlive delete.
    ok(api.post(API + "/experiments/" + experimentId + ":archive", ""));
    assertThat(ok(api.get(API + "/experiments/" + experimentId)).path("storage_state").asText())
        .isEqualTo("ARCHIVED");
    assertThat(ok(api.get(API + "/runs/" + sleeping)).path("storage_state").asText())
        .isEqualTo("ARCHIVED");
    assertThat(problem(api.post(API + "/runs", runBody(experimentId, "x", sleeper, "{}")), 409))
        .contains("archived");
    ok(api.post(API + "/experiments/" + experimentId + ":unarchive", ""));
    assertThat(ok(api.get(API + "/runs/" + sleeping)).path("storage_state").asText())
        .isEqualTo("ARCHIVED");
    ok(api.delete(API + "/experiments/" + experimentId));
    problem(api.get(API + "/experiments/" + experimentId), 404);
    assertThat(ok(api.get(API + "/runs/" + runId)).path("experiment_id").asText())
        .isEqualTo(experimentId);

    // delete_run
    ok(api.delete(API + "/runs/" + runId));
    problem(api.get(API + "/runs/" + runId), 404);
    problem(api.delete(API + "/runs/" + runId), 404);
  }

  @Test
  void bad_input_is_a_4xx_problem_naming_it_and_stores_nothing() throws Exception {
    long runsBefore = ok(api.get(API + "/runs?page_size=1")).path("total_size").asLong();
    long pipelinesBefore = ok(api.get(API + "/pipelines?page_size=1")).path("total_size").asLong(0);
    long experimentsBefore =
        ok(api.get(API + "/experiments?page_size=1")).path("total_size").asLong();

    assertThat(problem(api.post(API + "/experiments", "{\"display_name\": "), 400))
        .contains("not JSON");
    assertThat(problem(api.post(API + "/experiments", "{\"display_name\": 5}"), 400))
        .isEqualTo("display_name must be a string, got a number");
    assertThat(problem(api.post(API + "/experiments", "{}"), 400)).contains("display_name");
    assertThat(problem(api.post(API + "/pipelines", "{\"display_name\": [1]}"), 400))
        .contains("display_name must be a string");
    assertThat(problem(api.post(API + "/pipelines", "{}"), 400)).contains("name");
    assertThat(problem(api.post(API + "/runs", "{\"pipeline_spec\": 7}"), 400))
        .contains("pipeline_spec");
    createExperiment("dup");
    assertThat(problem(api.post(API + "/experiments", "{\"display_name\": \"dup\"}"), 409))
        .contains("already exists");
    experimentsBefore++;

    // Unknown ids.
    for (String path :
        List.of(
            "/pipelines/nope",
            "/pipelines/nope/versions",
            "/pipelines/nope/versions/v",
            "/pipelines/names/nope",
            "/experiments/nope",
            "/runs/nope")) {
      problem(api.get(API + path), 404);
    }
    problem(api.post(API + "/runs/nope:retry", ""), 404);
    problem(api.post(API + "/experiments/nope:archive", ""), 404);
    problem(api.delete(API + "/pipelines/nope"), 404);
    problem(api.post(API + "/runs", "{\"experiment_id\": \"nope\", \"pipeline_spec\": {}}"), 404);

    // Listing: a tampered token, a bad filter, a bad sort, a bad page size.
    JsonNode page = ok(api.get(API + "/experiments?page_size=1"));
    String token = page.path("next_page_token").asText();
    assertThat(token).isNotEmpty();
    String tampered = (token.charAt(3) == 'A' ? "B" : "A");
    tampered = token.substring(0, 3) + tampered + token.substring(4);
    assertThat(problem(api.get(API + "/experiments?page_token=" + q(tampered)), 400))
        .contains("page_token is not valid");
    assertThat(problem(api.get(API + "/runs?page_token=" + q(token)), 400))
        .contains("made for a list of experiments");
    assertThat(
            problem(
                api.get(
                    API
                        + "/runs?filter="
                        + q(
                            "{\"predicates\": [{\"key\": \"colour\","
                                + " \"operation\": 1, \"string_value\": \"red\"}]}")),
                400))
        .contains("unknown field 'colour' for runs");
    assertThat(
            problem(
                api.get(
                    API
                        + "/runs?filter="
                        + q(
                            "{\"predicates\": [{\"key\": \"state\","
                                + " \"operation\": 42, \"string_value\": \"x\"}]}")),
                400))
        .contains("operation");
    assertThat(problem(api.get(API + "/runs?filter=not-json"), 400)).contains("filter is not JSON");
    assertThat(problem(api.get(API + "/pipelines?sort_by=" + q("colour desc")), 400))
        .contains("unknown field 'colour'");
    problem(api.get(API + "/runs?page_size=-1"), 400);
    problem(api.get(API + "/runs?page_size=x"), 400);
    assertThat(problem(api.get(API + "/experiments?namespace=someone-else"), 403))
        .contains("not yours");

    // Uploads: over the limit, not a pipeline, an invalid pipeline, the wrong field.
    byte[] big = ("# " + "x".repeat((int) MAX_UPLOAD) + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(problem(api.upload(API + "/pipelines/upload?name=big", "big.yaml", big), 413))
        .contains("limit");
    assertThat(
            problem(
                api.upload(
                    API + "/pipelines/upload?name=cycle",
                    "cycle.yaml",
                    resource("cycle.yaml").getBytes(StandardCharsets.UTF_8)),
                400))
        .startsWith("not a valid pipeline")
        .contains("cycle");
    // ... with each of the validator's problems as a field error: its path and line in the file
    var invalid =
        JSON.readTree(
            api.upload(
                    API + "/pipelines/upload?name=cycle",
                    "cycle.yaml",
                    resource("cycle.yaml").getBytes(StandardCharsets.UTF_8))
                .body());
    assertThat(invalid.path("errors").isArray()).as(invalid.toString()).isTrue();
    var firstError = invalid.path("errors").get(0);
    assertThat(firstError.path("field").asText()).startsWith("root.dag.tasks.");
    assertThat(firstError.path("line").asInt()).isBetween(15, 22);
    assertThat(firstError.path("message").asText()).contains("cycle");
    assertThat(
            JSON.readTree(
                    api.upload(
                            API + "/pipelines/upload?name=junk",
                            "junk.yaml",
                            new byte[] {(byte) 0xff, 0, 1})
                        .body())
                .has("errors"))
        .as("a problem that is not in a pipeline file has no field errors")
        .isFalse();
    problem(
        api.upload(
            API + "/pipelines/upload?name=junk", "junk.yaml", new byte[] {(byte) 0xff, 0, 1}),
        400);
    problem(api.post(API + "/pipelines/upload?name=x", "{}"), 400);
    problem(
        api.upload(
            API + "/pipelines/upload_version?pipelineid=nope",
            "p.yaml",
            resource("retry_run.yaml").getBytes(StandardCharsets.UTF_8)),
        404);
    problem(
        api.upload(
            API + "/pipelines/upload_version",
            "p.yaml",
            resource("retry_run.yaml").getBytes(StandardCharsets.UTF_8)),
        400);
    assertThat(
            problem(
                api.post(
                    API + "/pipelines/create",
                    "{\"pipeline\": {\"name\": \"remote\"}, \"pipeline_version\": {\"package_url\":"
                        + " {\"pipeline_url\": \"http://127.0.0.1:1/p.yaml\"}}}"),
                400))
        .contains("not allowed on this server");

    assertThat(ok(api.get(API + "/runs?page_size=1")).path("total_size").asLong())
        .isEqualTo(runsBefore);
    assertThat(ok(api.get(API + "/pipelines?page_size=1")).path("total_size").asLong(0))
        .isEqualTo(pipelinesBefore);
    assertThat(ok(api.get(API + "/experiments?page_size=1")).path("total_size").asLong())
        .isEqualTo(experimentsBefore);
  }

  @Test
  void another_profiles_resources_are_invisible() {
    var db = api.server.database();
    db.profiles().createIfAbsent(Profile.of("someone-else", "eve", ""));
    StoredPipeline p =
        new StoredPipeline(
            UUID.randomUUID().toString(), "someone-else", "secret", "secret", "", Instant.now());
    db.pipelines()
        .create(
            p,
            new StoredPipelineVersion(
                UUID.randomUUID().toString(),
                p.id(),
                "v",
                "",
                resource("retry_run.yaml"),
                Instant.now()));
    StoredExperiment e =
        new StoredExperiment(
            UUID.randomUUID().toString(), "someone-else", "hidden", "", null, Instant.now(), null);
    db.experiments().create(e);
    problem(api.get(API + "/pipelines/" + p.id()), 404);
    problem(api.get(API + "/pipelines/" + p.id() + "/versions"), 404);
    problem(api.get(API + "/experiments/" + e.id()), 404);
    problem(api.delete(API + "/experiments/" + e.id()), 404);
    problem(api.get(API + "/runs?experiment_id=" + e.id()), 404);
    assertThat(
            ok(api.get(API + "/pipelines?filter=" + equalsFilter("name", "secret")))
                .path("total_size")
                .asInt())
        .isZero();
    assertThat(
            ok(api.get(API + "/experiments?filter=" + equalsFilter("display_name", "hidden")))
                .path("total_size")
                .asInt())
        .isZero();
    problem(
        api.post(
            API + "/runs",
            "{\"pipeline_version_reference\": {\"pipeline_id\": \"" + p.id() + "\"}}"),
        404);
  }
}
