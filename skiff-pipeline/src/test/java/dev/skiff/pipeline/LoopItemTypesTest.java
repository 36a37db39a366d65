package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ParameterSource;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.PipelineTask;
import org.junit.jupiter.api.Test;

/**
 * A ParallelFor over a component output annotated as a bare {@code list}: the SDK declares the loop
 * item STRING, and the item may feed an input of any type, as KFP accepts it (its SDK lets a loop
 * item typed STRING feed anything; its backend checks the value when the task runs). Other STRING
 * values still may not feed an integer.
 */
class LoopItemTypesTest {

  private static final String FIXTURE = "/pipelines/valid/loop_over_bare_list.yaml";
  private static final String ITEM = "pipelinechannel--make-numbers-Output-loop-item";

  @Test
  void the_string_typed_loop_item_feeds_an_integer_input() throws Exception {
    Pipeline p = PipelineParser.parse(FixturesTestData.read(FIXTURE), "loop.yaml");
    assertThat(p.warnings()).isEmpty();
    ComponentSpec loop = p.spec().component("comp-for-loop-1").orElseThrow();
    assertThat(loop.inputDefinitions().parameters().get(ITEM).type())
        .isEqualTo(ParameterType.STRING);
    PipelineTask square = loop.dag().orElseThrow().tasks().get("square");
    assertThat(square.parameters().get("x").source())
        .isEqualTo(new ParameterSource.ComponentInput(ITEM));
    assertThat(
            p.spec()
                .component("comp-square")
                .orElseThrow()
                .inputDefinitions()
                .parameters()
                .get("x")
                .type())
        .isEqualTo(ParameterType.NUMBER_INTEGER);
  }

  @Test
  void the_item_passed_on_into_a_condition_inside_the_loop_stays_a_loop_item() throws Exception {
    // as the SDK compiles `with dsl.If(count > 0): square(x=n)` inside the loop
    String fixture = FixturesTestData.read(FIXTURE);
    String loopComponent =
        fixture.substring(
            fixture.indexOf("  comp-for-loop-1:\n"), fixture.indexOf("  comp-make-numbers:\n"));
    String text =
        fixture.replace(
            loopComponent,
            """
              comp-condition-2:
                dag:
                  tasks:
                    square:
                      cachingOptions:
                        enableCache: true
                      componentRef:
                        name: comp-square
                      inputs:
                        parameters:
                          x:
                            componentInputParameter: pipelinechannel--make-numbers-Output-loop-item
                      taskInfo:
                        name: square
                inputDefinitions:
                  parameters:
                    pipelinechannel--make-numbers-Output-loop-item:
                      parameterType: STRING
              comp-for-loop-1:
                dag:
                  tasks:
                    condition-2:
                      componentRef:
                        name: comp-condition-2
                      inputs:
                        parameters:
                          pipelinechannel--make-numbers-Output-loop-item:
                            componentInputParameter: pipelinechannel--make-numbers-Output-loop-item
                      taskInfo:
                        name: condition-2
                inputDefinitions:
                  parameters:
                    pipelinechannel--make-numbers-Output:
                      parameterType: LIST
                    pipelinechannel--make-numbers-Output-loop-item:
                      parameterType: STRING
            """);
    assertThat(text).isNotEqualTo(fixture);
    Pipeline p = PipelineParser.parse(text, "nested.yaml");
    assertThat(p.spec().component("comp-condition-2")).isPresent();
  }

  @Test
  void a_string_input_that_is_not_a_loop_item_still_cannot_feed_an_integer() {
    String text =
        FixturesTestData.read(FIXTURE)
            .replace(
                "                componentInputParameter: " + ITEM + "\n",
                "                componentInputParameter: label\n")
            .replace(
                """
                    inputDefinitions:
                      parameters:
                        pipelinechannel--make-numbers-Output:
                          parameterType: LIST
                """,
                """
                    inputDefinitions:
                      parameters:
                        label:
                          defaultValue: '3'
                          isOptional: true
                          parameterType: STRING
                        pipelinechannel--make-numbers-Output:
                          parameterType: LIST
                """);
    PipelineException e =
        catchThrowableOfType(
            PipelineException.class, () -> PipelineParser.parse(text, "not-an-item.yaml"));
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains(
            "components.comp-for-loop-1.dag.tasks.square.inputs.parameters.x.componentInputParameter:"
                + " input 'label' of component 'comp-for-loop-1' is STRING, but the input expects"
                + " NUMBER_INTEGER");
  }
}
