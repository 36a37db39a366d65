package dev.skiff.server.api;

import static dev.skiff.server.api.ApiServer.API;
import static dev.skiff.server.api.ApiServer.JSON;
import static dev.skiff.server.api.ApiServer.ok;
import static dev.skiff.server.api.ApiServer.q;
import static dev.skiff.server.api.ApiServer.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.server.config.SkiffConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values larger than the store's columns, characters a database refuses, and ids no row can have,
 * sent to every catalog endpoint of a real server, once per database: each is a 400 (or the 404 of
 * an unknown id) as {@code application/problem+json} naming the field and its limit, with no SQL
 * text or stack trace, and nothing is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractStoreLimitsIT {
  @TempDir static Path home;
  ApiServer api;
  private String pipelineId;
  private String experimentId;

  protected abstract SkiffConfig.Database database();

  /** Routes a subclass adds to the server (none here). */
  protected void extraRoutes(io.javalin.config.RoutesConfig routes) {}

  @BeforeAll
  void start() {
    Consumer<io.javalin.config.RoutesConfig> extra = this::extraRoutes;
    api = new ApiServer(home, database(), 256 * 1024, extra);
    pipelineId =
        ok(api.upload(
                API + "/pipelines/upload?name=limits",
                "retry_run.yaml",
                resource("retry_run.yaml").getBytes(StandardCharsets.UTF_8)))
            .path("pipeline_id")
            .asText();
    experimentId =
        ok(api.post(API + "/experiments", "{\"display_name\": \"limits\"}"))
            .path("experiment_id")
            .asText();
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** A problem answer with the status, no internals in it; returns its detail. */
  static String refused(HttpResponse<String> r, int status) {
    String detail = ApiServer.problem(r, status);
    HostileAnswers.assertNoInternals(r.body());
    return detail;
  }

  private long count(String collection) {
    return ok(api.get(API + "/" + collection + "?page_size=1")).path("total_size").asLong();
  }

  private record Counts(long pipelines, long experiments, long runs) {}

  private Counts counts() {
    return new Counts(count("pipelines"), count("experiments"), count("runs"));
  }

  private static String json(ObjectNode n) {
    return n.toString();
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  private static JsonNode spec() {
    try {
      return JSON.readTree(resource("greet.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode run(String displayName) {
    ObjectNode r = obj().put("display_name", displayName).put("experiment_id", experimentId);
    r.set("pipeline_spec", spec());
    r.putObject("runtime_config").putObject("parameters").put("name", "Ada").put("times", 1);
    return r;
  }

  @Test
  void over_long_names_and_descriptions_are_400_naming_the_field_and_nothing_is_stored() {
    Counts before = counts();
    String n256 = "n".repeat(256);
    String d4001 = "d".repeat(4001);

    // Experiments.
    assertThat(refused(api.post(API + "/experiments", json(obj().put("display_name", n256))), 400))
        .contains("display_name")
        .contains("255");
    assertThat(
            refused(
                api.post(
                    API + "/experiments",
                    json(obj().put("display_name", "ok").put("description", d4001))),
                400))
        .contains("description")
        .contains("4000");

    // Pipelines, as JSON and as uploads.
    assertThat(refused(api.post(API + "/pipelines", json(obj().put("name", n256))), 400))
        .contains("name")
        .contains("255");
    assertThat(
            refused(
                api.post(
                    API + "/pipelines", json(obj().put("name", "p-ok").put("display_name", n256))),
                400))
        .contains("display_name")
        .contains("255");
    assertThat(
            refused(
                api.post(
                    API + "/pipelines", json(obj().put("name", "p-ok").put("description", d4001))),
                400))
        .contains("description")
        .contains("4000");
    byte[] file = resource("retry_run.yaml").getBytes(StandardCharsets.UTF_8);
    assertThat(refused(api.upload(API + "/pipelines/upload?name=" + n256, "p.yaml", file), 400))
        .contains("name")
        .contains("255");
    assertThat(
            refused(
                api.upload(
                    API + "/pipelines/upload?name=u-ok&description=" + d4001, "p.yaml", file),
                400))
        .contains("description")
        .contains("4000");

    // Versions.
    ObjectNode version = obj().put("name", n256);
    version.set("pipeline_spec", spec());
    assertThat(
            refused(api.post(API + "/pipelines/" + pipelineId + "/versions", json(version)), 400))
        .contains("name")
        .contains("255");
    version.put("name", "v-ok").put("display_name", n256);
    assertThat(
            refused(api.post(API + "/pipelines/" + pipelineId + "/versions", json(version)), 400))
        .contains("display_name")
        .contains("255");
    version.put("display_name", "v-ok").put("description", d4001);
    assertThat(
            refused(api.post(API + "/pipelines/" + pipelineId + "/versions", json(version)), 400))
        .contains("description")
        .contains("4000");
    assertThat(
            refused(
                api.upload(
                    API + "/pipelines/upload_version?pipelineid=" + pipelineId + "&name=" + n256,
                    "p.yaml",
                    file),
                400))
        .contains("name")
        .contains("255");
    ObjectNode both = obj();
    both.putObject("pipeline").put("name", "both-ok");
    both.putObject("pipeline_version").put("name", n256).set("pipeline_spec", spec());
    assertThat(refused(api.post(API + "/pipelines/create", json(both)), 400))
        .contains("name")
        .contains("255");

    // Runs.
    assertThat(refused(api.post(API + "/runs", json(run(n256))), 400))
        .contains("display_name")
        .contains("255");
    assertThat(refused(api.post(API + "/runs", json(run("ok").put("description", d4001))), 400))
        .contains("description")
        .contains("4000");

    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void characters_a_database_refuses_are_400_and_nothing_is_stored() {
    Counts before = counts();
    String nul = "a\u0000b";
    assertThat(refused(api.post(API + "/experiments", json(obj().put("display_name", nul))), 400))
        .contains("display_name");
    assertThat(refused(api.post(API + "/pipelines", json(obj().put("name", nul))), 400))
        .contains("name");
    assertThat(refused(api.post(API + "/runs", json(run(nul))), 400)).contains("display_name");
    assertThat(refused(api.post(API + "/runs", json(run("ok").put("description", nul))), 400))
        .contains("description");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void ids_and_filters_no_row_can_match_are_answered_without_a_store_error() {
    String longId = "i".repeat(5000);
    refused(api.get(API + "/runs/" + longId), 404);
    refused(api.get(API + "/experiments/" + longId), 404);
    refused(api.get(API + "/pipelines/" + longId), 404);
    refused(api.get(API + "/pipelines/names/" + longId), 404);
    refused(api.get(API + "/pipelines/" + pipelineId + "/versions/" + longId), 404);
    refused(api.delete(API + "/runs/" + longId), 404);
    refused(api.post(API + "/runs/" + longId + ":archive", ""), 404);
    ObjectNode r = run("ok").put("experiment_id", longId);
    assertThat(api.post(API + "/runs", json(r)).statusCode()).isIn(400, 404);

    // A parameter name no pipeline has, of any length.
    ObjectNode p = run("ok");
    ((ObjectNode) p.path("runtime_config").path("parameters")).put("k".repeat(5000), "v");
    refused(api.post(API + "/runs", json(p)), 400);

    // Filters with values longer than any column, or with characters the database refuses: an
    // empty page or a 400, never a 5xx.
    for (String value : new String[] {"v".repeat(5000), "a\u0000b"}) {
      String filter =
          q(
              json(
                  (ObjectNode)
                      obj()
                          .set(
                              "predicates",
                              JSON.createArrayNode()
                                  .add(
                                      obj()
                                          .put("key", "display_name")
                                          .put("operation", "EQUALS")
                                          .put("string_value", value)))));
      HttpResponse<String> answer = api.get(API + "/runs?filter=" + filter);
      if (answer.statusCode() == 200) {
        assertThat(ok(answer).path("runs").size()).isZero();
      } else {
        refused(answer, 400);
      }
    }
    HttpResponse<String> answer = api.get(API + "/runs?namespace=" + "n".repeat(300));
    assertThat(answer.statusCode()).isIn(400, 403);
    refused(answer, answer.statusCode());
  }

  @Test
  void page_sizes_above_the_maximum_are_clamped_and_unreadable_ones_are_400() {
    for (String collection : new String[] {"runs", "pipelines", "experiments"}) {
      JsonNode page = ok(api.get(API + "/" + collection + "?page_size=2000000000"));
      assertThat(page.path("total_size").asLong()).isGreaterThanOrEqualTo(0);
      assertThat(refused(api.get(API + "/" + collection + "?page_size=99999999999"), 400))
          .contains("page_size");
      refused(api.get(API + "/" + collection + "?page_size=-5"), 400);
    }
    JsonNode versions =
        ok(api.get(API + "/pipelines/" + pipelineId + "/versions?page_size=2000000000"));
    assertThat(versions.path("pipeline_versions").size()).isEqualTo(1);
  }
}
