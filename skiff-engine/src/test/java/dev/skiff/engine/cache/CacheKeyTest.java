package dev.skiff.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.CachingOptions;
import dev.skiff.pipeline.model.ComponentInputs;
import dev.skiff.pipeline.model.ComponentOutputs;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.ExecutorRef;
import dev.skiff.pipeline.model.OutputArtifactSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.ResourceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

  private static final ContainerSpec CONTAINER =
      new ContainerSpec(
          "python:3.11",
          List.of("sh", "-c"),
          List.of(
              "echo {{$.inputs.parameters['n']}} > {{$.outputs.parameters['out'].output_file}}"),
          List.of(),
          ResourceSpec.NONE,
          ContainerSpec.Exec.NONE);

  private static ComponentSpec component(
      Map<String, OutputParameterSpec> params, Map<String, OutputArtifactSpec> artifacts) {
    return new ComponentSpec(
        ComponentInputs.NONE,
        new ComponentOutputs(params, artifacts),
        new ExecutorRef("exec-train"));
  }

  private static final ComponentSpec COMPONENT =
      component(
          Map.of("out", new OutputParameterSpec(ParameterType.STRING, "")),
          Map.of(
              "model",
              new OutputArtifactSpec(
                  ArtifactType.of("system.Model", "0.0.1"), false, JsonValue.Obj.EMPTY, "")));

  private static final Map<String, JsonValue> PARAMS =
      Map.of("n", JsonValue.of(3), "name", JsonValue.of("a<b>&c"));

  private static final Map<String, List<String>> ARTIFACTS = Map.of("data", List.of("17"));

  private static String key(
      ComponentSpec c,
      ContainerSpec k,
      Map<String, JsonValue> p,
      Map<String, List<String>> a,
      List<String> pvcs) {
    return CacheKey.fingerprint(c, k, p, a, pvcs);
  }

  private static String base() {
    return key(COMPONENT, CONTAINER, PARAMS, ARTIFACTS, List.of());
  }

  @Test
  void the_canonical_text_is_kfps_cache_key_message_as_go_writes_it() {
    String json = CacheKey.canonicalJson(COMPONENT, CONTAINER, PARAMS, ARTIFACTS, List.of());
    assertThat(json)
        .isEqualTo(
            "{\"containerSpec\":{\"cmdArgs\":[\"sh\",\"-c\",\"echo {{$.inputs.parameters['n']}}"
                + " \\u003e {{$.outputs.parameters['out'].output_file}}\"],"
                + "\"image\":\"python:3.11\"},"
                + "\"inputArtifactNames\":{\"data\":{\"artifactNames\":[\"17\"]}},"
                + "\"inputParameterValues\":{\"n\":3,\"name\":\"a\\u003cb\\u003e\\u0026c\"},"
                + "\"outputArtifactsSpec\":{\"model\":{\"name\":\"model\","
                + "\"type\":{\"schemaTitle\":\"system.Model\",\"schemaVersion\":\"0.0.1\"}}},"
                + "\"outputParametersSpec\":{\"out\":\"STRING\"}}");
    assertThat(base()).isEqualTo(sha256(json)).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void the_fingerprint_is_stable_and_ignores_map_order() {
    Map<String, JsonValue> reversed = new LinkedHashMap<>();
    reversed.put("name", JsonValue.of("a<b>&c"));
    reversed.put("n", JsonValue.of(3.0));
    assertThat(base()).isEqualTo(base());
    assertThat(key(COMPONENT, CONTAINER, reversed, ARTIFACTS, List.of())).isEqualTo(base());
    assertThat(key(COMPONENT, CONTAINER, PARAMS, ARTIFACTS, List.of("b", "a", "b")))
        .isEqualTo(key(COMPONENT, CONTAINER, PARAMS, ARTIFACTS, List.of("a", "b")));
  }

  @Test
  void every_part_of_the_key_changes_the_fingerprint() {
    String base = base();
    ContainerSpec otherImage =
        new ContainerSpec(
            "python:3.12",
            CONTAINER.command(),
            CONTAINER.args(),
            List.of(),
            ResourceSpec.NONE,
            ContainerSpec.Exec.NONE);
    ContainerSpec otherArgs =
        new ContainerSpec(
            CONTAINER.image(),
            CONTAINER.command(),
            List.of("echo hi"),
            List.of(),
            ResourceSpec.NONE,
            ContainerSpec.Exec.NONE);
    // command and args are one list: moving an element between them is the same key, as in KFP
    ContainerSpec moved =
        new ContainerSpec(
            CONTAINER.image(),
            List.of("sh"),
            List.of("-c", CONTAINER.args().getFirst()),
            List.of(),
            ResourceSpec.NONE,
            ContainerSpec.Exec.NONE);
    assertThat(key(COMPONENT, moved, PARAMS, ARTIFACTS, List.of())).isEqualTo(base);
    assertThat(
            List.of(
                key(COMPONENT, otherImage, PARAMS, ARTIFACTS, List.of()),
                key(COMPONENT, otherArgs, PARAMS, ARTIFACTS, List.of()),
                key(COMPONENT, CONTAINER, Map.of("n", JsonValue.of(4)), ARTIFACTS, List.of()),
                key(COMPONENT, CONTAINER, PARAMS, Map.of("data", List.of("18")), List.of()),
                key(COMPONENT, CONTAINER, PARAMS, Map.of(), List.of()),
                key(COMPONENT, CONTAINER, PARAMS, ARTIFACTS, List.of("pvc-1")),
                key(
                    component(
                        Map.of("out", new OutputParameterSpec(ParameterType.NUMBER_INTEGER, "")),
                        COMPONENT.outputDefinitions().artifacts()),
                    CONTAINER,
                    PARAMS,
                    ARTIFACTS,
                    List.of()),
                key(
                    component(
                        COMPONENT.outputDefinitions().parameters(),
                        Map.of(
                            "model",
                            new OutputArtifactSpec(
                                ArtifactType.of("system.Dataset", "0.0.1"),
                                false,
                                JsonValue.Obj.EMPTY,
                                ""))),
                    CONTAINER,
                    PARAMS,
                    ARTIFACTS,
                    List.of()),
                key(
                    component(
                        COMPONENT.outputDefinitions().parameters(),
                        Map.of(
                            "model",
                            new OutputArtifactSpec(
                                ArtifactType.of("system.Model", "0.0.1"),
                                false,
                                JsonValue.struct(Map.of("framework", JsonValue.of("torch"))),
                                ""))),
                    CONTAINER,
                    PARAMS,
                    ARTIFACTS,
                    List.of())))
        .doesNotContain(base)
        .doesNotHaveDuplicates();
  }

  @Test
  void env_resources_and_descriptions_are_not_in_the_key() {
    ContainerSpec withEnvAndGpu =
        new ContainerSpec(
            CONTAINER.image(),
            CONTAINER.command(),
            CONTAINER.args(),
            List.of(new ContainerSpec.EnvVar("SEED", "1")),
            new ResourceSpec(
                "4",
                "2",
                "8G",
                "4G",
                Optional.of(new ResourceSpec.Accelerator("nvidia.com/gpu", "1", "", 0)),
                0,
                0,
                0,
                0),
            ContainerSpec.Exec.NONE);
    ComponentSpec described =
        component(
            Map.of("out", new OutputParameterSpec(ParameterType.STRING, "the output")),
            COMPONENT.outputDefinitions().artifacts());
    assertThat(key(described, withEnvAndGpu, PARAMS, ARTIFACTS, List.of())).isEqualTo(base());
  }

  @Test
  void a_custom_cache_key_replaces_everything_with_component_name_nul_key() {
    String expected = sha256("comp-train\0my-key");
    assertThat(CacheKey.custom("comp-train", "my-key")).isEqualTo(expected);
    assertThat(CacheKey.custom("", "my-key")).isEqualTo(sha256("my-key"));
    CachingOptions custom = new CachingOptions(true, Optional.of("my-key"));
    assertThat(CacheKey.fingerprint(custom, "comp-train", COMPONENT, CONTAINER, PARAMS, ARTIFACTS))
        .isEqualTo(expected);
    assertThat(CacheKey.fingerprint(custom, "comp-train", COMPONENT, CONTAINER, Map.of(), Map.of()))
        .isEqualTo(expected);
    CachingOptions automatic = new CachingOptions(true, Optional.of(""));
    assertThat(
            CacheKey.fingerprint(automatic, "comp-train", COMPONENT, CONTAINER, PARAMS, ARTIFACTS))
        .isEqualTo(base());
  }

  @Test
  void empty_parts_are_left_out_as_protojson_does() {
    ComponentSpec bare = component(Map.of(), Map.of());
    ContainerSpec noCommand =
        new ContainerSpec(
            "alpine", List.of(), List.of(), List.of(), ResourceSpec.NONE, ContainerSpec.Exec.NONE);
    assertThat(
            CacheKey.canonicalJson(bare, noCommand, Map.of(), Map.of("in", List.of()), List.of()))
        .isEqualTo("{\"containerSpec\":{\"image\":\"alpine\"},\"inputArtifactNames\":{\"in\":{}}}");
    assertThat(
            CacheKey.canonicalJson(
                bare,
                noCommand,
                Map.of("u", JsonValue.Null.INSTANCE, "l", JsonValue.list(List.of())),
                Map.of(),
                List.of()))
        .isEqualTo(
            "{\"containerSpec\":{\"image\":\"alpine\"},"
                + "\"inputParameterValues\":{\"l\":[],\"u\":null}}");
    assertThat(CacheKey.protoEnumName(ParameterType.UNSPECIFIED))
        .isEqualTo("PARAMETER_TYPE_ENUM_UNSPECIFIED");
  }

  @Test
  void numbers_are_written_as_go_writes_float64() {
    assertThat(GoJson.number(20.0)).isEqualTo("20");
    assertThat(GoJson.number(0.1)).isEqualTo("0.1");
    assertThat(GoJson.number(-2.5)).isEqualTo("-2.5");
    assertThat(GoJson.number(123456789012.0)).isEqualTo("123456789012");
    assertThat(GoJson.number(1e20)).isEqualTo("100000000000000000000");
    assertThat(GoJson.number(1e21)).isEqualTo("1e+21");
    assertThat(GoJson.number(1.5e300)).isEqualTo("1.5e+300");
    assertThat(GoJson.number(0.000001)).isEqualTo("0.000001");
    assertThat(GoJson.number(1e-7)).isEqualTo("1e-7");
    assertThat(GoJson.number(-1.25e-10)).isEqualTo("-1.25e-10");
    assertThat(GoJson.number(0.0)).isEqualTo("0");
    assertThat(GoJson.number(-0.0)).isEqualTo("-0");
  }

  @Test
  void strings_use_gos_escapes_and_keys_sort_by_utf8_bytes() {
    assertThat(GoJson.write(JsonValue.of("a\"b\\c\n\t\r\b\f\u0001\u007f<>&\u2028\u2029é😀")))
        .isEqualTo(
            "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\u007f\\u003c\\u003e\\u0026\\u2028\\u2029é😀\"");
    assertThat(GoJson.write(JsonValue.of("bad \ud800 surrogate")))
        .isEqualTo("\"bad \\ufffd surrogate\"");
    // U+E000 (UTF-8 EE 80 80) sorts before U+10000 (F0 90 80 80) in Go; Java's String order
    // puts U+10000 (surrogates D800 DC00) first.
    JsonValue obj =
        JsonValue.struct(Map.of("\ue000", JsonValue.of(1), "\ud800\udc00", JsonValue.of(2)));
    assertThat(GoJson.write(obj)).isEqualTo("{\"\ue000\":1,\"\ud800\udc00\":2}");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
