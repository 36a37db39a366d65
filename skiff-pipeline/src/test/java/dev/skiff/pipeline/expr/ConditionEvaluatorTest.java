package dev.skiff.pipeline.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionEvaluatorTest {

  private static ExecutorInput params(Map<String, JsonValue> values) {
    return new ExecutorInput(
        new ExecutorInput.Inputs(values, Map.of()),
        new ExecutorInput.Outputs(Map.of(), Map.of(), ""));
  }

  private static boolean eval(String condition, String name, JsonValue value) throws Exception {
    return ConditionEvaluator.evaluate(condition, params(Map.of(name, value)));
  }

  @Test
  void string_equality_as_compiled_by_the_sdk() throws Exception {
    String c = "inputs.parameter_values['pipelinechannel--flip-coin-op-Output'] == 'heads'";
    assertThat(eval(c, "pipelinechannel--flip-coin-op-Output", JsonValue.of("heads"))).isTrue();
    assertThat(eval(c, "pipelinechannel--flip-coin-op-Output", JsonValue.of("tails"))).isFalse();
  }

  @Test
  void int_casts_numbers_carried_as_doubles() throws Exception {
    String c = "int(inputs.parameter_values['pipelinechannel--trials-loop-item']) == 3";
    assertThat(eval(c, "pipelinechannel--trials-loop-item", JsonValue.of(3.0))).isTrue();
    assertThat(eval(c, "pipelinechannel--trials-loop-item", JsonValue.of(2.0))).isFalse();
  }

  @Test
  void boolean_comparison() throws Exception {
    String c = "inputs.parameter_values['pipelinechannel--repeat_if_lucky_number'] == true";
    assertThat(eval(c, "pipelinechannel--repeat_if_lucky_number", JsonValue.of(true))).isTrue();
    assertThat(eval(c, "pipelinechannel--repeat_if_lucky_number", JsonValue.of(false))).isFalse();
  }

  @Test
  void elif_and_else_are_negations_of_earlier_branches() throws Exception {
    String c =
        "!(int(inputs.parameter_values['x']) < 5000) && int(inputs.parameter_values['x']) > 5000";
    assertThat(eval(c, "x", JsonValue.of(6000))).isTrue();
    assertThat(eval(c, "x", JsonValue.of(5000))).isFalse();
    assertThat(eval(c, "x", JsonValue.of(10))).isFalse();
  }

  @Test
  void mixed_numeric_comparisons_and_double_casts() throws Exception {
    assertThat(eval("inputs.parameter_values['x'] > 2", "x", JsonValue.of(2.5))).isTrue();
    assertThat(eval("double(int(inputs.parameter_values['x'])) < 2.5", "x", JsonValue.of(2)))
        .isTrue();
    assertThat(eval("inputs.parameter_values['x'] == '123'", "x", JsonValue.of("123"))).isTrue();
  }

  @Test
  void artifacts_are_read_through_the_artifact_list_message() throws Exception {
    RuntimeArtifact model =
        new RuntimeArtifact(
            "7",
            ArtifactType.of("system.Model", "0.0.1"),
            "s3://b/m",
            JsonValue.struct(Map.of("accuracy", JsonValue.of(0.93))),
            Optional.empty());
    ExecutorInput in =
        new ExecutorInput(
            new ExecutorInput.Inputs(Map.of(), Map.of("model", List.of(model))),
            new ExecutorInput.Outputs(Map.of(), Map.of(), ""));
    assertThat(
            ConditionEvaluator.evaluate(
                "inputs.artifacts['model'].artifacts[0].metadata['accuracy'] * 100.0 > 90.0", in))
        .isTrue();
    assertThat(
            ConditionEvaluator.evaluate(
                "inputs.artifacts['model'].artifacts[0].type.schema_title == 'system.Model'", in))
        .isTrue();
    // The proto comment's example indexes the ArtifactList message directly; KFP rejects it too.
    assertThatThrownBy(
            () ->
                ConditionEvaluator.checkCondition(
                    "inputs.artifacts['model'][0].properties['accuracy']*100 > 90"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("invalid CEL");
  }

  @Test
  void parse_json_in_conditions() throws Exception {
    assertThat(
            eval(
                "parseJson(inputs.parameter_values['cfg'])['a'] == 1.0",
                "cfg",
                JsonValue.of("{\"a\": 1}")))
        .isTrue();
  }

  @Test
  void errors_are_one_line_and_name_the_problem() {
    assertThatThrownBy(() -> ConditionEvaluator.checkCondition("inputs.parameter_values['x'] =="))
        .hasMessageStartingWith("invalid CEL 'inputs.parameter_values['x'] ==': ")
        .hasMessageContaining("at column");
    assertThatThrownBy(() -> ConditionEvaluator.checkCondition("inputs.parameter_valuez['x'] == 1"))
        .hasMessageContaining("undefined field 'parameter_valuez'");
    assertThatThrownBy(() -> ConditionEvaluator.checkCondition("inputs.parameter_values['x'] + 1"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> ConditionEvaluator.checkCondition("1 + 2"))
        .hasMessage("condition must be a bool, but it is a int");
    assertThatThrownBy(() -> eval("inputs.parameter_values['y'] == 1", "x", JsonValue.of(1)))
        .hasMessage(
            "condition 'inputs.parameter_values['y'] == 1' failed: input parameter 'y' has no value");
    assertThatThrownBy(() -> eval("inputs.parameter_values['x']", "x", JsonValue.of("s")))
        .hasMessage("condition 'inputs.parameter_values['x']' must give true or false, got \"s\"");
  }

  @Test
  void selectors_see_the_value_as_protobuf_value_fields() throws Exception {
    String selector = "parseJson(string_value)[\"a\"]";
    assertThat(ConditionEvaluator.select(selector, JsonValue.parse("{\"a\": 1, \"b\": 2}")))
        .isEqualTo(JsonValue.of(1));
    assertThat(ConditionEvaluator.select(selector, JsonValue.of("{\"a\": \"x\"}")))
        .isEqualTo(JsonValue.of("x"));
    assertThat(
            ConditionEvaluator.select("parseJson(string_value)[1]", JsonValue.parse("[1.5, 2.5]")))
        .isEqualTo(JsonValue.of(2.5));
    assertThat(ConditionEvaluator.select("struct_value['b']", JsonValue.parse("{\"b\": [true]}")))
        .isEqualTo(JsonValue.parse("[true]"));
    assertThat(ConditionEvaluator.select("list_value[0]", JsonValue.parse("[\"q\"]")))
        .isEqualTo(JsonValue.of("q"));
    assertThat(ConditionEvaluator.select("number_value * 2.0", JsonValue.of(1.5)))
        .isEqualTo(JsonValue.of(3));
    assertThat(ConditionEvaluator.select("size(string_value)", JsonValue.of("abcd")))
        .isEqualTo(JsonValue.of(4));
    assertThat(ConditionEvaluator.select("string_value", JsonValue.of(3.0)))
        .isEqualTo(JsonValue.of("3"));
  }

  @Test
  void selector_errors() {
    assertThatThrownBy(
            () ->
                ConditionEvaluator.select(
                    "parseJson(string_value)[\"a\"]", JsonValue.of("not json")))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("parseJson: failed to unmarshal JSON");
    assertThatThrownBy(() -> ConditionEvaluator.checkSelector("parseJson(string_value)["))
        .hasMessageStartingWith("invalid CEL");
    assertThatThrownBy(() -> ConditionEvaluator.checkSelector("value.a"))
        .hasMessageContaining("undeclared reference to 'value'");
  }

  @Test
  void finds_referenced_inputs() {
    assertThat(
            ConditionEvaluator.referencedParameters(
                "!(inputs.parameter_values['a'] == 1) && inputs.parameter_values[\"b\"] > 2"))
        .containsExactly("a", "b");
    assertThat(
            ConditionEvaluator.referencedArtifacts("inputs.artifacts['m'].artifacts[0].uri != ''"))
        .containsExactly("m");
  }
}
