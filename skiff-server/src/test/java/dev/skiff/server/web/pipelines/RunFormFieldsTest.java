package dev.skiff.server.web.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentInputs;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunFormFieldsTest {

  private static ComponentInputs rootInputs(String resource) throws Exception {
    try (InputStream in = RunFormFieldsTest.class.getResourceAsStream("/pipelines/" + resource)) {
      return PipelineParser.parse(in, resource).spec().root().inputDefinitions();
    }
  }

  private static Map<String, RunFormField> byName(List<RunFormField> fields) {
    return fields.stream()
        .collect(
            Collectors.toMap(
                RunFormField::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  @Test
  void every_parameter_type_gets_its_control_default_and_required_mark() throws Exception {
    Map<String, RunFormField> f =
        byName(RunFormFields.of(rootInputs("all-parameter-types.yaml"), Map.of()));

    // in the parsed file's order (by name, as the KFP compiler writes them)
    assertThat(f.keySet())
        .containsExactly("config", "epochs", "label", "layers", "learning_rate", "note", "shuffle");

    RunFormField epochs = f.get("epochs");
    assertThat(epochs.control()).isEqualTo(RunFormField.Control.INTEGER);
    assertThat(epochs.required()).isTrue();
    assertThat(epochs.value()).isEmpty();
    assertThat(epochs.description()).isEqualTo("How many passes over the data");

    RunFormField lr = f.get("learning_rate");
    assertThat(lr.control()).isEqualTo(RunFormField.Control.DOUBLE);
    assertThat(lr.required()).isFalse();
    assertThat(lr.value()).isEqualTo("0.01");
    assertThat(lr.defaultText()).isEqualTo("0.01");

    RunFormField shuffle = f.get("shuffle");
    assertThat(shuffle.control()).isEqualTo(RunFormField.Control.BOOLEAN);
    assertThat(shuffle.value()).isEqualTo("true");
    assertThat(shuffle.required()).isFalse();

    RunFormField label = f.get("label");
    assertThat(label.control()).isEqualTo(RunFormField.Control.TEXT);
    assertThat(label.required()).isTrue();

    RunFormField layers = f.get("layers");
    assertThat(layers.control()).isEqualTo(RunFormField.Control.LIST);
    assertThat(layers.json()).isTrue();
    assertThat(JsonValue.parse(layers.value()))
        .isEqualTo(JsonValue.list(List.of(JsonValue.of(64), JsonValue.of(32))));

    RunFormField config = f.get("config");
    assertThat(config.control()).isEqualTo(RunFormField.Control.STRUCT);
    assertThat(JsonValue.parse(config.value()))
        .isEqualTo(JsonValue.struct(Map.of("dropout", JsonValue.of(0.5))));

    assertThat(f.get("note").value())
        .isEqualTo("<script>alert(1)</script><img src=x onerror=alert(1)>");
  }

  @Test
  void a_cloned_runs_values_replace_the_defaults_and_integers_show_without_a_fraction()
      throws Exception {
    Map<String, RunFormField> f =
        byName(
            RunFormFields.of(
                rootInputs("all-parameter-types.yaml"),
                Map.of(
                    "epochs", JsonValue.of(12),
                    "learning_rate", JsonValue.of(1e-7),
                    "shuffle", JsonValue.of(false),
                    "layers", JsonValue.list(List.of()))));
    assertThat(f.get("epochs").value()).isEqualTo("12");
    assertThat(f.get("learning_rate").value()).isEqualTo("0.0000001");
    assertThat(f.get("learning_rate").defaultText()).isEqualTo("0.01");
    assertThat(f.get("shuffle").value()).isEqualTo("false");
    assertThat(f.get("layers").value()).isEqualTo("[]");
    // not in the run: the default
    assertThat(f.get("config").value()).contains("dropout");
    assertThat(f.get("label").value()).isEmpty();
  }

  @Test
  void
      optional_without_default_is_not_required_literals_become_choices_and_backend_inputs_are_left_out() {
    Map<String, InputParameterSpec> params = new LinkedHashMap<>();
    params.put(
        "maybe",
        new InputParameterSpec(ParameterType.STRING, Optional.empty(), true, "", List.of()));
    params.put(
        "size",
        new InputParameterSpec(
            ParameterType.NUMBER_INTEGER,
            Optional.of(JsonValue.of(2)),
            false,
            "",
            List.of(JsonValue.of(1), JsonValue.of(2), JsonValue.of(4))));
    params.put("status", InputParameterSpec.of(ParameterType.TASK_FINAL_STATUS));
    params.put("task", InputParameterSpec.of(ParameterType.TASK_CONFIG));
    params.put("odd name!", InputParameterSpec.of(ParameterType.STRING));

    Map<String, RunFormField> f =
        byName(RunFormFields.of(new ComponentInputs(params, Map.of()), Map.of()));

    assertThat(f.keySet()).containsExactly("maybe", "size", "odd name!");
    assertThat(f.get("maybe").required()).isFalse();
    assertThat(f.get("maybe").optional()).isTrue();
    assertThat(f.get("size").control()).isEqualTo(RunFormField.Control.CHOICE);
    assertThat(f.get("size").choices()).containsExactly("1", "2", "4");
    assertThat(f.get("size").value()).isEqualTo("2");
    assertThat(f.get("size").required()).isFalse();
    assertThat(f.get("odd name!").required()).isTrue();
    assertThat(f.get("odd name!").id()).isEqualTo("param-odd-20-name-21-");
  }
}
