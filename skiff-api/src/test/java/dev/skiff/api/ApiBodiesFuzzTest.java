package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skiff.api.v2beta1.CreatePipelineAndVersionRequest;
import dev.skiff.api.v2beta1.CreateRunRequest;
import dev.skiff.api.v2beta1.Experiment;
import dev.skiff.api.v2beta1.Pipeline;
import dev.skiff.api.v2beta1.PipelineVersion;
import dev.skiff.engine.catalog.RunCatalog;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.pipeline.value.ParameterValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzing of the API's request bodies: whatever bytes a client sends as a KFP {@code Run}, {@code
 * Experiment}, {@code Pipeline}, {@code PipelineVersion} or {@code {pipeline, pipeline_version}},
 * reading them (as the server does, from bytes: UTF-8 checked, JSON parsed, records bound, the run
 * turned into the catalog's new run, its pipeline parsed and its parameters bound) either succeeds
 * or fails with one of the documented validation errors, with a one-line message; and it does not
 * hang.
 *
 * <p>The {@code @FuzzTest}s run in regression mode in every build over the seeds committed under
 * {@code ApiBodiesFuzzTestInputs/} (request bodies as {@code kfp.Client} sends them). To fuzz, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl skiff-api test -Dtest=ApiBodiesFuzzTest -Djazzer.hooks=true};
 * inputs that fail land in the inputs folder, where they become regression seeds once committed.
 * {@link #kfp_testdata_run_bodies_and_mutations_read_or_fail_cleanly} adds each pipeline of {@code
 * shared/kfp-testdata} sent inline as a run, and deterministic mutations of that body.
 */
class ApiBodiesFuzzTest {
  /** Far above any real read (milliseconds): only a hang trips it. */
  private static final Duration HANG = Duration.ofSeconds(30);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How reading a run body ended. */
  private enum Outcome {
    /** Read, parsed and bound. */
    ACCEPTED,
    /** Read as a run, but the pipeline or its parameters were refused (the engine's checks). */
    PIPELINE_REFUSED,
    /** Refused as a request (not UTF-8, not JSON, wrong shape). */
    BODY_REFUSED
  }

  @FuzzTest(maxDuration = "10m")
  void run_bodies_read_or_fail_cleanly(byte[] data) {
    readRunOrFailCleanly(data);
  }

  @FuzzTest(maxDuration = "10m")
  void catalog_bodies_read_or_fail_cleanly(byte[] data) {
    readCatalogBodyOrFailCleanly(data);
  }

  /** The committed seeds of both fuzz tests, each with deterministic mutations. */
  @TestFactory
  Stream<DynamicTest> seeds_and_mutations_read_or_fail_cleanly() throws Exception {
    List<DynamicTest> tests = new java.util.ArrayList<>();
    for (String method :
        List.of("run_bodies_read_or_fail_cleanly", "catalog_bodies_read_or_fail_cleanly")) {
      Path dir =
          Path.of(ApiBodiesFuzzTest.class.getResource("ApiBodiesFuzzTestInputs/" + method).toURI());
      List<Path> seeds;
      try (Stream<Path> s = Files.list(dir)) {
        seeds = s.sorted().toList();
      }
      assertThat(seeds).isNotEmpty();
      for (Path seed : seeds) {
        tests.add(
            DynamicTest.dynamicTest(
                method + "/" + seed.getFileName(),
                () -> {
                  String body = Files.readString(seed);
                  for (String variant : Mutations.of(body, body.hashCode(), 200)) {
                    byte[] bytes = variant.getBytes(StandardCharsets.UTF_8);
                    assertTimeoutPreemptively(
                        HANG,
                        () -> {
                          if (method.startsWith("run")) {
                            readRunOrFailCleanly(bytes);
                          } else {
                            readCatalogBodyOrFailCleanly(bytes);
                          }
                        });
                  }
                }));
      }
    }
    return tests.stream();
  }

  private static void readCatalogBodyOrFailCleanly(byte[] data) {
    for (Class<?> type :
        List.of(
            Experiment.class,
            Pipeline.class,
            PipelineVersion.class,
            CreatePipelineAndVersionRequest.class)) {
      try {
        Object read = RequestBodies.read(RequestBodies.text(data), type, "fuzz");
        assertThat(read).isNotNull();
        assertThat(read.toString()).isNotNull(); // every accessor of the record
      } catch (ApiRequestException e) {
        assertOneLine(e.getMessage());
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> kfp_testdata_run_bodies_and_mutations_read_or_fail_cleanly()
      throws IOException {
    Path dir = SharedKfpTestData.sdkCompiledPipelines();
    if (!Files.isDirectory(dir)) {
      return SharedKfpTestData.skippedTests();
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    dir.relativize(f).toString(),
                    () -> {
                      String body = runBody(f);
                      assertThat(readRunOrFailCleanly(body.getBytes(StandardCharsets.UTF_8)))
                          .as("the unchanged body reads as a run")
                          .isNotEqualTo(Outcome.BODY_REFUSED);
                      for (String variant : Mutations.of(body, f.toString().hashCode(), 10)) {
                        assertTimeoutPreemptively(
                            HANG,
                            () -> readRunOrFailCleanly(variant.getBytes(StandardCharsets.UTF_8)));
                      }
                    }));
  }

  /** A KFP {@code Run} as {@code kfp.Client.run_pipeline} sends it: the spec inline, as JSON. */
  private static String runBody(Path file) throws IOException {
    // A multi-document file holds the platform spec after the pipeline: the first is the spec.
    JsonNode spec = null;
    try (com.fasterxml.jackson.databind.MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (spec == null && docs.hasNext()) {
        JsonNode doc = docs.next();
        spec = doc != null && doc.isObject() ? doc : null;
      }
    }
    ObjectNode run = JSON.createObjectNode();
    run.put("display_name", file.getFileName().toString());
    run.put("experiment_id", "");
    if (spec != null) {
      run.set("pipeline_spec", spec);
    } else {
      run.put("pipeline_spec", Files.readString(file)); // as the CLI sends a file it cannot read
    }
    run.putObject("runtime_config").putObject("parameters");
    return run.toString();
  }

  /**
   * The property: read the body as the server does, and say how it ended. The pipeline's parse and
   * the parameters' binding are the engine's first steps at submit (pure: no store).
   */
  private static Outcome readRunOrFailCleanly(byte[] data) {
    try {
      CreateRunRequest request = CreateRunRequest.parse(RequestBodies.text(data));
      RunCatalog.NewRun run = request.toNewRun(true);
      assertThat(run.parameters()).isNotNull();
      if (run.pipelineText() != null) {
        dev.skiff.pipeline.Pipeline p = PipelineParser.parse(run.pipelineText(), "pipeline_spec");
        ParameterValues.bindPipelineParameters(
            p.spec().root().inputDefinitions(), run.parameters());
      }
      return Outcome.ACCEPTED;
    } catch (ApiRequestException e) {
      assertOneLine(e.getMessage());
      return Outcome.BODY_REFUSED;
    } catch (ParameterValueException e) {
      assertOneLine(e.getMessage());
      return Outcome.PIPELINE_REFUSED;
    } catch (PipelineException e) {
      assertThat(e.problems()).isNotEmpty();
      assertOneLine(e.getMessage());
      return Outcome.PIPELINE_REFUSED;
    }
  }

  static void assertOneLine(String message) {
    assertThat(message).isNotBlank().doesNotContain("\n").doesNotContain("\r");
  }
}
