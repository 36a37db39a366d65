package dev.skiff.pipeline.executor;

import dev.skiff.pipeline.json.JsonText;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentInputs;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a step receives ({@code ml_pipelines.ExecutorInput}): resolved inputs, and where to put
 * outputs. {@link #toJson()} is the text the {@code {{$}}} placeholder expands to, which KFP's
 * Python executor reads.
 *
 * @param inputs resolved input values and artifacts
 * @param outputs output file paths and the artifacts to produce
 */
public record ExecutorInput(Inputs inputs, Outputs outputs) {

  /**
   * The inputs.
   *
   * @param parameterValues input parameter values by name
   * @param artifacts input artifacts by name (a list each; usually one)
   */
  public record Inputs(
      Map<String, JsonValue> parameterValues, Map<String, List<RuntimeArtifact>> artifacts) {
    /** Copies the maps (sorted by name, as protobuf JSON is). */
    public Inputs {
      parameterValues = sortedCopy(parameterValues);
      artifacts = sortedLists(artifacts);
    }
  }

  /**
   * The outputs.
   *
   * @param parameterFiles output parameter name to the file the step writes the value to
   * @param artifacts output artifacts by name, with their URIs
   * @param outputFile where the step may write the ExecutorOutput JSON
   */
  public record Outputs(
      Map<String, String> parameterFiles,
      Map<String, List<RuntimeArtifact>> artifacts,
      String outputFile) {
    /** Copies the maps (sorted by name). */
    public Outputs {
      parameterFiles = sortedCopy(parameterFiles);
      artifacts = sortedLists(artifacts);
    }
  }

  /**
   * A copy with the declared defaults added for inputs that have no value, as KFP's launcher does
   * before expanding placeholders.
   */
  public ExecutorInput withDefaults(ComponentInputs declared) {
    Map<String, JsonValue> values = new LinkedHashMap<>(inputs.parameterValues());
    declared
        .parameters()
        .forEach((name, spec) -> spec.defaultValue().ifPresent(d -> values.putIfAbsent(name, d)));
    return new ExecutorInput(new Inputs(values, inputs.artifacts()), outputs);
  }

  /** Whether input {@code name} has a value: a non-null parameter or at least one artifact. */
  public boolean isPresent(String name) {
    JsonValue v = inputs.parameterValues().get(name);
    if (v != null && !(v instanceof JsonValue.Null)) {
      return true;
    }
    List<RuntimeArtifact> a = inputs.artifacts().get(name);
    return a != null && !a.isEmpty();
  }

  /** Protobuf-JSON (camelCase) text, with empty maps and fields left out. */
  public String toJson() {
    StringBuilder out = new StringBuilder("{\"inputs\":{");
    boolean comma = false;
    if (!inputs.artifacts().isEmpty()) {
      out.append("\"artifacts\":");
      appendArtifacts(inputs.artifacts(), out);
      comma = true;
    }
    if (!inputs.parameterValues().isEmpty()) {
      out.append(comma ? "," : "").append("\"parameterValues\":");
      out.append(JsonValue.struct(inputs.parameterValues()).toJson());
    }
    out.append("},\"outputs\":{");
    comma = false;
    if (!outputs.artifacts().isEmpty()) {
      out.append("\"artifacts\":");
      appendArtifacts(outputs.artifacts(), out);
      comma = true;
    }
    if (!outputs.outputFile().isEmpty()) {
      out.append(comma ? "," : "").append("\"outputFile\":");
      JsonText.quote(outputs.outputFile(), out);
      comma = true;
    }
    if (!outputs.parameterFiles().isEmpty()) {
      out.append(comma ? "," : "").append("\"parameters\":{");
      boolean first = true;
      for (Map.Entry<String, String> e : outputs.parameterFiles().entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        JsonText.quote(e.getKey(), out);
        out.append(":{\"outputFile\":");
        JsonText.quote(e.getValue(), out);
        out.append('}');
      }
      out.append('}');
    }
    return out.append("}}").toString();
  }

  private static void appendArtifacts(
      Map<String, List<RuntimeArtifact>> artifacts, StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, List<RuntimeArtifact>> e : artifacts.entrySet()) {
      out.append(first ? "" : ",");
      first = false;
      JsonText.quote(e.getKey(), out);
      out.append(":{\"artifacts\":[");
      for (int i = 0; i < e.getValue().size(); i++) {
        out.append(i > 0 ? "," : "");
        e.getValue().get(i).appendJson(out);
      }
      out.append("]}");
    }
    out.append('}');
  }

  private static <V> Map<String, V> sortedCopy(Map<String, V> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }

  private static Map<String, List<RuntimeArtifact>> sortedLists(
      Map<String, List<RuntimeArtifact>> map) {
    Map<String, List<RuntimeArtifact>> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }
}
