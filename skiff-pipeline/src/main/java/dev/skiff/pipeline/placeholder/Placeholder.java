package dev.skiff.pipeline.placeholder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * One {@code {{$...}}} placeholder, as defined by the KFP SDK ({@code kfp/dsl/placeholders.py}).
 */
public sealed interface Placeholder {

  /** {@code {{$}}}: the whole ExecutorInput as JSON. */
  record ExecutorInputJson() implements Placeholder {}

  /** {@code {{$.inputs.parameters['name']}}}. */
  record InputParameter(String name) implements Placeholder {}

  /** {@code {{$.inputs.artifacts['name']}}}: a list of artifacts, passed whole. */
  record InputArtifactList(String name) implements Placeholder {}

  /**
   * {@code {{$.inputs.artifacts['name'].uri}}}, {@code .path}, {@code .metadata}, {@code
   * .metadata['k']}.
   */
  record InputArtifact(String name, ArtifactField field, Optional<String> metadataKey)
      implements Placeholder {}

  /** {@code {{$.outputs.artifacts['name']}}}: a list of artifacts, passed whole. */
  record OutputArtifactList(String name) implements Placeholder {}

  /** {@code {{$.outputs.artifacts['name'].uri}}}, {@code .path}, {@code .metadata}. */
  record OutputArtifact(String name, ArtifactField field, Optional<String> metadataKey)
      implements Placeholder {}

  /** {@code {{$.outputs.parameters['name'].output_file}}}. */
  record OutputParameterFile(String name) implements Placeholder {}

  /** {@code {{$.outputs.output_file}}}: where the step may write ExecutorOutput JSON. */
  record OutputMetadataFile() implements Placeholder {}

  /**
   * A run-level value such as {@code {{$.pipeline_job_name}}}; {@code name} is the part after
   * {@code $.}.
   */
  record RunValue(String name) implements Placeholder {}

  /** Any other placeholder text; left as written. */
  record Unknown(String text) implements Placeholder {}

  /** The artifact attribute a placeholder reads. */
  enum ArtifactField {
    /** The artifact URI. */
    URI,
    /** The local path the step reads or writes. */
    PATH,
    /** The metadata, as JSON, or one metadata value. */
    METADATA
  }

  /**
   * A placeholder found in a string.
   *
   * @param start index of the opening {@code {{}
   * @param end index after the closing {@code }}}
   * @param placeholder what it refers to
   */
  record Occurrence(int start, int end, Placeholder placeholder) {}

  /** The names of run-level values ({@code {{$.<name>}}}) KFP defines. */
  List<String> RUN_VALUES =
      List.of(
          "pipeline_job_name",
          "pipeline_job_resource_name",
          "pipeline_job_uuid",
          "pipeline_task_name",
          "pipeline_task_uuid",
          "pipeline_root",
          "pipeline_job_create_time_utc",
          "pipeline_job_schedule_time_utc",
          "workspace_path",
          "pipeline_google_cloud_project_id",
          "pipeline_google_cloud_location",
          "pipeline_persistent_resource_id");

  /** Every placeholder in {@code text}, in order. */
  static List<Occurrence> scan(String text) {
    List<Occurrence> out = new ArrayList<>();
    for (PlaceholderSyntax.Token t : PlaceholderSyntax.tokens(text)) {
      out.add(new Occurrence(t.start(), t.end(), parse(t.inner())));
    }
    return out;
  }

  /**
   * Parses the text between the braces after the dollar sign, e.g. {@code .inputs.parameters['x']}.
   */
  static Placeholder parse(String inner) {
    if (inner.isEmpty()) {
      return new ExecutorInputJson();
    }
    Matcher m = PlaceholderSyntax.REFERENCE.matcher(inner);
    if (m.matches()) {
      String side = m.group(1);
      String kind = m.group(2);
      String name = PlaceholderSyntax.unquote(m.group(3));
      String attribute = m.group(4);
      Optional<String> key = Optional.ofNullable(m.group(5)).map(PlaceholderSyntax::unquote);
      boolean input = side.equals("inputs");
      if (kind.equals("parameters")) {
        if (key.isPresent()) {
          return new Unknown(inner);
        }
        if (input && attribute == null) {
          return new InputParameter(name);
        }
        if (!input && "output_file".equals(attribute)) {
          return new OutputParameterFile(name);
        }
        return new Unknown(inner);
      }
      if (attribute == null) {
        return input ? new InputArtifactList(name) : new OutputArtifactList(name);
      }
      ArtifactField field =
          switch (attribute) {
            case "uri" -> ArtifactField.URI;
            case "path" -> ArtifactField.PATH;
            case "metadata" -> ArtifactField.METADATA;
            default -> null;
          };
      if (field == null || (key.isPresent() && field != ArtifactField.METADATA)) {
        return new Unknown(inner);
      }
      return input ? new InputArtifact(name, field, key) : new OutputArtifact(name, field, key);
    }
    if (inner.equals(".outputs.output_file") || inner.equals(".outputMetadataUri")) {
      return new OutputMetadataFile();
    }
    if (inner.startsWith(".") && RUN_VALUES.contains(inner.substring(1))) {
      return new RunValue(inner.substring(1));
    }
    return new Unknown(inner);
  }
}
