package dev.skiff.pipeline.model;

import dev.skiff.pipeline.json.JsonValue;

/** Where a task's input parameter value comes from (the IR's {@code InputParameterSpec.kind}). */
public sealed interface ParameterSource {

  /**
   * {@code runtimeValue.constant} (or the deprecated {@code constantValue}). A string constant may
   * contain {@code {{$.inputs.parameters['x']}}} placeholders naming other inputs of the same task,
   * or run-level placeholders such as {@code {{$.pipeline_job_name}}}.
   */
  record Constant(JsonValue value) implements ParameterSource {}

  /** {@code componentInputParameter}: an input of the component that encloses the DAG. */
  record ComponentInput(String inputName) implements ParameterSource {}

  /** {@code taskOutputParameter}: an output parameter of a sibling task. */
  record TaskOutput(String producerTask, String outputParameterKey) implements ParameterSource {}

  /** {@code taskFinalStatus}: the final status (a JSON struct) of a sibling task. */
  record TaskFinalStatus(String producerTask) implements ParameterSource {}

  /** {@code runtimeValue.runtimeParameter}: legacy reference to an enclosing component input. */
  record RuntimeParameter(String inputName) implements ParameterSource {}
}
