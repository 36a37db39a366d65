package dev.skiff.pipeline;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.PipelineSpec;
import java.util.List;

/**
 * A parsed and validated pipeline file.
 *
 * @param sourceName the label it was read from (file name, upload name)
 * @param spec the pipeline (first document)
 * @param platformSpec the later documents merged ({@code {platforms: {kubernetes: ...}}}), raw;
 *     empty when the file has none
 * @param sourceMap lines of the spec's fields, for messages found later (e.g. at run time)
 * @param warnings things that run but look wrong, e.g. a task input its component does not declare
 */
public record Pipeline(
    String sourceName,
    PipelineSpec spec,
    JsonValue.Obj platformSpec,
    SourceMap sourceMap,
    List<Problem> warnings) {

  /** Copies the warnings. */
  public Pipeline {
    warnings = List.copyOf(warnings);
  }

  /** The pipeline name ({@code pipelineInfo.name}). */
  public String name() {
    return spec.pipelineInfo().name();
  }
}
