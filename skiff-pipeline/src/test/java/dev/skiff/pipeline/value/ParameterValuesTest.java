package dev.skiff.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentInputs;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {

  @Test
  void an_integer_written_as_20_point_0_is_the_integer_20() throws Exception {
    JsonValue v = ParameterValues.coerce("n", JsonValue.of(20.0), ParameterType.NUMBER_INTEGER);
    assertThat(ParameterValues.format(v)).isEqualTo("20");
    assertThat(v.toJson()).isEqualTo("20");
  }

  @Test
  void coercion_rejects_wrong_types_with_the_parameter_name() {
    assertThatThrownBy(
            () -> ParameterValues.coerce("n", JsonValue.of(2.5), ParameterType.NUMBER_INTEGER))
        .hasMessage("parameter 'n' expects NUMBER_INTEGER, got 2.5, which is not a whole number");
    assertThatThrownBy(() -> ParameterValues.coerce("s", JsonValue.of(3), ParameterType.STRING))
        .hasMessage("parameter 's' expects STRING, got 3");
    assertThatThrownBy(
            () -> ParameterValues.coerce("b", JsonValue.of("yes"), ParameterType.BOOLEAN))
        .hasMessage("parameter 'b' expects BOOLEAN, got 'yes'");
    assertThatThrownBy(
            () -> ParameterValues.coerce("n", JsonValue.of(1e17), ParameterType.NUMBER_INTEGER))
        .hasMessageContaining("outside the exact integer range");
  }

  @Test
  void coercion_accepts_json_text_for_lists_and_structs() throws Exception {
    assertThat(ParameterValues.coerce("l", JsonValue.of("[1, 2]"), ParameterType.LIST))
        .isEqualTo(JsonValue.list(List.of(JsonValue.of(1), JsonValue.of(2))));
    assertThat(ParameterValues.coerce("s", JsonValue.of("{\"a\": true}"), ParameterType.STRUCT))
        .isEqualTo(JsonValue.struct(Map.of("a", JsonValue.of(true))));
    assertThat(ParameterValues.coerce("x", JsonValue.Null.INSTANCE, ParameterType.STRING))
        .isEqualTo(JsonValue.Null.INSTANCE);
    assertThat(ParameterValues.coerce("u", JsonValue.of("any"), ParameterType.UNSPECIFIED))
        .isEqualTo(JsonValue.of("any"));
  }

  @Test
  void parses_command_line_text_by_declared_type() throws Exception {
    assertThat(ParameterValues.parseText("s", " hi ", ParameterType.STRING))
        .isEqualTo(JsonValue.of(" hi "));
    assertThat(ParameterValues.parseText("n", "42", ParameterType.NUMBER_INTEGER))
        .isEqualTo(JsonValue.of(42));
    assertThat(ParameterValues.parseText("n", "-7", ParameterType.NUMBER_INTEGER))
        .isEqualTo(JsonValue.of(-7));
    assertThat(ParameterValues.parseText("d", "0.5", ParameterType.NUMBER_DOUBLE))
        .isEqualTo(JsonValue.of(0.5));
    assertThat(ParameterValues.parseText("d", "1e3", ParameterType.NUMBER_DOUBLE))
        .isEqualTo(JsonValue.of(1000));
    assertThat(ParameterValues.parseText("b", "true", ParameterType.BOOLEAN))
        .isEqualTo(JsonValue.of(true));
    assertThat(ParameterValues.parseText("b", "False", ParameterType.BOOLEAN))
        .isEqualTo(JsonValue.of(false));
    assertThat(ParameterValues.parseText("l", "[1,\"a\"]", ParameterType.LIST))
        .isEqualTo(JsonValue.list(List.of(JsonValue.of(1), JsonValue.of("a"))));
    assertThat(ParameterValues.parseText("m", "{\"k\": 1}", ParameterType.STRUCT))
        .isEqualTo(JsonValue.struct(Map.of("k", JsonValue.of(1))));
    assertThat(ParameterValues.parseText("u", "3", ParameterType.UNSPECIFIED))
        .isEqualTo(JsonValue.of(3));
    assertThat(ParameterValues.parseText("u", "abc", ParameterType.UNSPECIFIED))
        .isEqualTo(JsonValue.of("abc"));
  }

  @Test
  void command_line_errors_name_the_parameter_type_and_text() {
    assertThatThrownBy(() -> ParameterValues.parseText("n", "abc", ParameterType.NUMBER_INTEGER))
        .isInstanceOf(ParameterValueException.class)
        .hasMessage("parameter 'n' expects NUMBER_INTEGER, got 'abc'");
    assertThatThrownBy(() -> ParameterValues.parseText("n", "2.0", ParameterType.NUMBER_INTEGER))
        .hasMessage("parameter 'n' expects NUMBER_INTEGER, got '2.0'");
    assertThatThrownBy(() -> ParameterValues.parseText("d", "NaN", ParameterType.NUMBER_DOUBLE))
        .hasMessage("parameter 'd' expects NUMBER_DOUBLE, got 'NaN'");
    assertThatThrownBy(() -> ParameterValues.parseText("d", "1d", ParameterType.NUMBER_DOUBLE))
        .hasMessage("parameter 'd' expects NUMBER_DOUBLE, got '1d'");
    assertThatThrownBy(() -> ParameterValues.parseText("b", "yes", ParameterType.BOOLEAN))
        .hasMessage("parameter 'b' expects BOOLEAN, got 'yes' (use true or false)");
    assertThatThrownBy(() -> ParameterValues.parseText("l", "{}", ParameterType.LIST))
        .hasMessage("parameter 'l' expects LIST, got '{}' (not a JSON array)");
    assertThatThrownBy(() -> ParameterValues.parseText("s", "[1", ParameterType.STRUCT))
        .hasMessage("parameter 's' expects STRUCT, got '[1' (not a JSON object)");
  }

  @Test
  void assignments_are_checked_against_the_declared_parameters() throws Exception {
    ComponentInputs declared = inputs();
    assertThat(ParameterValues.parseAssignments(List.of("n=3", "msg=a=b"), declared))
        .containsExactly(Map.entry("n", JsonValue.of(3)), Map.entry("msg", JsonValue.of("a=b")));
    assertThatThrownBy(() -> ParameterValues.parseAssignments(List.of("m=3"), declared))
        .hasMessage("the pipeline has no parameter 'm' (did you mean 'n'?); it takes n, msg, flag");
    assertThatThrownBy(() -> ParameterValues.parseAssignments(List.of("n"), declared))
        .hasMessage("expected name=value, got 'n'");
    assertThatThrownBy(() -> ParameterValues.parseAssignments(List.of("n=x"), declared))
        .hasMessage("parameter 'n' expects NUMBER_INTEGER, got 'x'");
  }

  @Test
  void binding_adds_defaults_and_requires_the_rest() throws Exception {
    ComponentInputs declared = inputs();
    Map<String, JsonValue> bound =
        ParameterValues.bindPipelineParameters(declared, Map.of("n", JsonValue.of(4.0)));
    assertThat(bound)
        .containsExactly(Map.entry("n", JsonValue.of(4)), Map.entry("msg", JsonValue.of("hi")));
    assertThatThrownBy(() -> ParameterValues.bindPipelineParameters(declared, Map.of()))
        .hasMessage("parameter 'n' (NUMBER_INTEGER) is required and has no default");
    assertThatThrownBy(
            () ->
                ParameterValues.bindPipelineParameters(
                    declared, Map.of("n", JsonValue.of(1), "zz", JsonValue.of(1))))
        .hasMessageStartingWith("the pipeline has no parameter 'zz'");
  }

  @Test
  void a_pipeline_input_artifact_cannot_be_bound_and_says_so() throws Exception {
    var dataset = new dev.skiff.pipeline.model.ArtifactType("system.Dataset", "0.0.1", "");
    ComponentInputs required =
        new ComponentInputs(
            Map.of(),
            Map.of(
                "data", new dev.skiff.pipeline.model.InputArtifactSpec(dataset, false, false, "")));
    assertThatThrownBy(() -> ParameterValues.bindPipelineParameters(required, Map.of()))
        .hasMessageStartingWith("pipeline input artifact 'data' (system.Dataset) has no value");
    ComponentInputs optional =
        new ComponentInputs(
            Map.of(),
            Map.of(
                "data", new dev.skiff.pipeline.model.InputArtifactSpec(dataset, false, true, "")));
    assertThat(ParameterValues.bindPipelineParameters(optional, Map.of())).isEmpty();
  }

  @Test
  void literals_constrain_values() {
    Map<String, InputParameterSpec> p = new LinkedHashMap<>();
    p.put(
        "mode",
        new InputParameterSpec(
            ParameterType.STRING,
            Optional.empty(),
            false,
            "",
            List.of(JsonValue.of("a"), JsonValue.of("b"))));
    ComponentInputs declared = new ComponentInputs(p, Map.of());
    assertThatThrownBy(
            () ->
                ParameterValues.bindPipelineParameters(declared, Map.of("mode", JsonValue.of("c"))))
        .hasMessage("parameter 'mode' must be one of [\"a\",\"b\"], got \"c\"");
  }

  @Test
  void output_files_are_read_like_the_kfp_launcher() throws Exception {
    assertThat(ParameterValues.fromOutputFile("o", "  text \n", ParameterType.STRING))
        .isEqualTo(JsonValue.of("  text \n"));
    assertThat(ParameterValues.fromOutputFile("o", "7\n", ParameterType.NUMBER_INTEGER))
        .isEqualTo(JsonValue.of(7));
    assertThat(ParameterValues.fromOutputFile("o", " 0.25", ParameterType.NUMBER_DOUBLE))
        .isEqualTo(JsonValue.of(0.25));
    assertThat(ParameterValues.fromOutputFile("o", "true\n", ParameterType.BOOLEAN))
        .isEqualTo(JsonValue.of(true));
    assertThat(ParameterValues.fromOutputFile("o", "[1, 2]", ParameterType.LIST))
        .isEqualTo(JsonValue.parse("[1,2]"));
    assertThat(ParameterValues.fromOutputFile("o", "{\"a\": {\"b\": null}}", ParameterType.STRUCT))
        .isEqualTo(JsonValue.parse("{\"a\":{\"b\":null}}"));
    assertThatThrownBy(
            () -> ParameterValues.fromOutputFile("o", "7.5", ParameterType.NUMBER_INTEGER))
        .hasMessage("output 'o' expects NUMBER_INTEGER, but its file holds '7.5'");
    assertThatThrownBy(() -> ParameterValues.fromOutputFile("o", "[1]", ParameterType.STRUCT))
        .hasMessage("output 'o' expects STRUCT, but its file holds '[1]' (not a JSON object)");
  }

  @Test
  void formats_values_for_placeholders() {
    assertThat(ParameterValues.format(JsonValue.of("a b"))).isEqualTo("a b");
    assertThat(ParameterValues.format(JsonValue.of(3.0))).isEqualTo("3");
    assertThat(ParameterValues.format(JsonValue.of(0.1))).isEqualTo("0.1");
    assertThat(ParameterValues.format(JsonValue.of(1e21))).isEqualTo("1000000000000000000000");
    assertThat(ParameterValues.format(JsonValue.of(-2.5e-7))).isEqualTo("-0.00000025");
    assertThat(ParameterValues.format(JsonValue.of(true))).isEqualTo("true");
    assertThat(ParameterValues.format(JsonValue.parse("[1.0, \"x\", {\"b\": 2, \"a\": 1}]")))
        .isEqualTo("[1,\"x\",{\"a\":1,\"b\":2}]");
    assertThat(ParameterValues.format(JsonValue.Null.INSTANCE)).isEmpty();
  }

  private static ComponentInputs inputs() {
    Map<String, InputParameterSpec> p = new LinkedHashMap<>();
    p.put("n", InputParameterSpec.of(ParameterType.NUMBER_INTEGER));
    p.put(
        "msg",
        new InputParameterSpec(
            ParameterType.STRING, Optional.of(JsonValue.of("hi")), true, "", List.of()));
    p.put(
        "flag",
        new InputParameterSpec(ParameterType.BOOLEAN, Optional.empty(), true, "", List.of()));
    return new ComponentInputs(p, Map.of());
  }
}
