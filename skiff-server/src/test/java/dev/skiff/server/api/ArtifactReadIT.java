package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.RunViews;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KFP's ReadArtifact (and Skiff's raw download) over real HTTP, with the local store. */
class ArtifactReadIT {
  @TempDir Path home;
  TestServer api;

  @BeforeEach
  void start() throws IOException {
    api = new TestServer(home, ArtifactStoreConfig.LOCAL);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String read(String runId, String node, String artifact) {
    return "/apis/v2beta1/runs/" + runId + "/nodes/" + node + "/artifacts/" + artifact + ":read";
  }

  private static void assertProblem(HttpResponse<String> r, int status, String detail)
      throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(TestServer.json(r.body()).path("detail").asText()).contains(detail);
  }

  @Test
  void a_file_artifact_reads_as_kfp_answers_by_task_id_or_path() throws Exception {
    RunView run = api.await(api.submit("artifacts.yaml", Map.of()));
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    String id = run.run().id();
    String taskId = RunViews.taskId(id, "make");
    for (String node : List.of(taskId, "make")) {
      HttpResponse<String> r = api.get(read(id, node, "data"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(r.headers().firstValue("cache-control")).hasValue("no-cache, private");
      JsonNode body = TestServer.json(r.body());
      assertThat(body.size()).isEqualTo(1);
      assertThat(
              new String(
                  Base64.getDecoder().decode(body.path("data").asText()), StandardCharsets.UTF_8))
          .isEqualTo("hello artifact\n");
    }
    HttpResponse<byte[]> raw =
        api.http.send(
            api.request(read(id, "make", "data") + "?raw=true").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(new String(raw.body(), StandardCharsets.UTF_8)).isEqualTo("hello artifact\n");
    assertThat(raw.headers().firstValue("content-type")).hasValue("application/octet-stream");
    assertThat(raw.headers().firstValue("content-length")).hasValue("15");
    assertThat(raw.headers().firstValue("content-disposition"))
        .hasValue("attachment; filename=\"data\"");
  }

  @Test
  void a_folder_artifact_reads_as_a_gzipped_tar_that_tar_unpacks(@TempDir Path out)
      throws Exception {
    RunView run = api.await(api.submit("artifacts.yaml", Map.of()));
    String id = run.run().id();
    HttpResponse<String> r = api.get(read(id, "make", "model"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    byte[] tgz = Base64.getDecoder().decode(TestServer.json(r.body()).path("data").asText());
    Path archive = Files.write(out.resolve("model.tar.gz"), tgz);
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", out.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).as(said).isZero();
    assertThat(Files.readString(out.resolve("model/config.json"))).isEqualTo("{\"layers\": 2}\n");
    assertThat(Files.readString(out.resolve("model/nested/weights.bin"))).isEqualTo("w1");
    assertThat(
            Files.readString(
                out.resolve(
                    "model/nested/a-folder-name-long-enough-to-need-a-pax-header-in-a-tar-archive"
                        + "-because-ustar-stops-at-one-hundred/x.txt")))
        .isEqualTo("deep");

    HttpResponse<byte[]> raw =
        api.http.send(
            api.request(read(id, "make", "model") + "?raw=true").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(raw.headers().firstValue("content-type")).hasValue("application/gzip");
    assertThat(raw.headers().firstValue("content-disposition"))
        .hasValue("attachment; filename=\"model.tar.gz\"");
    assertThat(
            new java.util.zip.GZIPInputStream(new ByteArrayInputStream(raw.body())).readAllBytes())
        .hasSizeGreaterThan(4 * 512);
  }

  @Test
  void unknown_runs_nodes_and_artifacts_are_404_problems_and_nothing_leaks_across_profiles()
      throws Exception {
    RunView run = api.await(api.submit("artifacts.yaml", Map.of()));
    String id = run.run().id();
    assertProblem(api.get(read("no-such-run", "make", "data")), 404, "no run 'no-such-run'");
    assertProblem(api.get(read(id, "nope", "data")), 404, "has no node 'nope'");
    assertProblem(
        api.get(read(id, "make", "nope")),
        404,
        "has no output artifact 'nope' (it has: data, model)");
    assertProblem(api.get(read(id, "wait", "data")), 404, "has no output artifact 'data'");
    assertProblem(
        api.get(read(id, "make", "data") + "?raw=maybe"), 400, "raw must be true or false");

    String other =
        api.submit("artifacts.yaml", Map.of(), new RunOptions("", "someone-else", false));
    api.await(other);
    assertProblem(api.get(read(other, "make", "data")), 404, "no run '" + other + "'");

    Files.delete(
        Path.of(
            java.net.URI.create(
                run.task("make")
                    .orElseThrow()
                    .outputs()
                    .artifacts()
                    .get("data")
                    .getFirst()
                    .uri())));
    assertProblem(api.get(read(id, "make", "data")), 404, "is not in the artifact store");
  }
}
