package dev.skiff.pipeline.placeholder;

import dev.skiff.pipeline.executor.ArtifactPaths;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Expands a container's {@code command}/{@code args} (and resource strings) for one step, as KFP's
 * launcher and driver do ({@code launcher_v2.go getPlaceholders}, {@code driver/util.go}).
 *
 * <p>Rules: each placeholder is replaced once, left to right (text a placeholder expands to is not
 * scanned again); a placeholder whose value is unknown (an optional input with no value and no
 * default, an unknown name) is left as written, as KFP's launcher does; {@code IfPresent} tests
 * whether the input parameter has a non-null value or the input artifact has at least one artifact,
 * and expands to zero or more arguments; {@code Concat} yields one argument. The caller builds the
 * {@link ExecutorInput} with defaults applied ({@link ExecutorInput#withDefaults}).
 */
public final class PlaceholderResolver {

  private final ExecutorInput input;
  private final RunInfo run;
  private final Function<RuntimeArtifact, Optional<String>> localPath;

  /** A resolver mapping artifact URIs to local paths with {@link ArtifactPaths#localPath}. */
  public PlaceholderResolver(ExecutorInput input, RunInfo run) {
    this(input, run, ArtifactPaths::localPath);
  }

  /**
   * A resolver with a custom artifact-path mapping (e.g. a local executor's staging folders).
   *
   * @param localPath the path a step sees for an artifact; empty when it has none
   */
  public PlaceholderResolver(
      ExecutorInput input, RunInfo run, Function<RuntimeArtifact, Optional<String>> localPath) {
    this.input = input;
    this.run = run;
    this.localPath = localPath;
  }

  /**
   * Expands every element of a command or args list.
   *
   * @throws PlaceholderException for a malformed structure or an output artifact with no path
   */
  public List<String> expandAll(List<String> elements) {
    List<String> out = new ArrayList<>();
    for (String element : elements) {
      out.addAll(expand(ArgTemplate.parse(element)));
    }
    return out;
  }

  /** Expands one parsed element into zero or more arguments. */
  public List<String> expand(ArgTemplate template) {
    return switch (template) {
      case ArgTemplate.Text t -> List.of(substitute(t.template()));
      case ArgTemplate.Concat c -> {
        StringBuilder joined = new StringBuilder();
        for (ArgTemplate item : c.items()) {
          expand(item).forEach(joined::append);
        }
        yield List.of(joined.toString());
      }
      case ArgTemplate.IfPresent p -> {
        List<String> out = new ArrayList<>();
        for (ArgTemplate item : input.isPresent(p.inputName()) ? p.then() : p.otherwise()) {
          out.addAll(expand(item));
        }
        yield out;
      }
    };
  }

  /** Replaces the placeholders in one string (no structures), e.g. a resource limit. */
  public String substitute(String text) {
    List<Placeholder.Occurrence> found = Placeholder.scan(text);
    if (found.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Placeholder.Occurrence o : found) {
      out.append(text, at, o.start());
      String original = text.substring(o.start(), o.end());
      out.append(value(o.placeholder()).orElse(original));
      at = o.end();
    }
    return out.append(text.substring(at)).toString();
  }

  /**
   * Resolves a task input's {@code runtimeValue.constant} as KFP's driver does: a string constant
   * may name run values ({@code {{$.pipeline_job_name}}}) and the task's other inputs ({@code
   * {{$.inputs.parameters['pipelinechannel--x']}}}, from f-strings); other constants are returned
   * as they are.
   *
   * @param taskInputs the task's other resolved input values
   */
  public static JsonValue resolveConstant(
      JsonValue constant, Map<String, JsonValue> taskInputs, RunInfo run) {
    if (!(constant instanceof JsonValue.Str s) || !s.value().contains("{{$")) {
      return constant;
    }
    ExecutorInput scope =
        new ExecutorInput(
            new ExecutorInput.Inputs(taskInputs, Map.of()),
            new ExecutorInput.Outputs(Map.of(), Map.of(), ""));
    return JsonValue.of(new PlaceholderResolver(scope, run).substitute(s.value()));
  }

  private Optional<String> value(Placeholder p) {
    return switch (p) {
      case Placeholder.ExecutorInputJson e -> Optional.of(input.toJson());
      case Placeholder.InputParameter ip ->
          Optional.ofNullable(input.inputs().parameterValues().get(ip.name()))
              .map(ParameterValues::format);
      case Placeholder.InputArtifact ia ->
          first(input.inputs().artifacts(), ia.name())
              .flatMap(a -> artifactField(a, ia.field(), ia.metadataKey()));
      case Placeholder.OutputArtifact oa ->
          first(input.outputs().artifacts(), oa.name()).flatMap(a -> outputArtifactField(oa, a));
      case Placeholder.OutputParameterFile of ->
          Optional.ofNullable(input.outputs().parameterFiles().get(of.name()));
      case Placeholder.OutputMetadataFile of ->
          input.outputs().outputFile().isEmpty()
              ? Optional.empty()
              : Optional.of(input.outputs().outputFile());
      case Placeholder.RunValue rv -> run.value(rv.name());
      // A whole list of artifacts: a JSON array of RuntimeArtifacts, as in {{$}} (what the SDK's
      // container components read with json.loads).
      case Placeholder.InputArtifactList l -> artifactList(input.inputs().artifacts(), l.name());
      case Placeholder.OutputArtifactList l -> artifactList(input.outputs().artifacts(), l.name());
      case Placeholder.Unknown u -> Optional.empty();
    };
  }

  private Optional<String> outputArtifactField(Placeholder.OutputArtifact oa, RuntimeArtifact a) {
    Optional<String> v = artifactField(a, oa.field(), oa.metadataKey());
    if (v.isEmpty() && oa.field() == Placeholder.ArtifactField.PATH) {
      throw new PlaceholderException(
          "output artifact '" + oa.name() + "' has URI '" + a.uri() + "', which has no local path");
    }
    return v;
  }

  private Optional<String> artifactField(
      RuntimeArtifact a, Placeholder.ArtifactField field, Optional<String> key) {
    return switch (field) {
      case URI -> Optional.of(a.uri());
      case PATH -> localPath.apply(a);
      case METADATA ->
          key.isEmpty()
              ? Optional.of(a.metadata().toJson())
              : Optional.ofNullable(a.metadata().get(key.get())).map(ParameterValues::format);
    };
  }

  private static Optional<String> artifactList(
      Map<String, List<RuntimeArtifact>> artifacts, String name) {
    List<RuntimeArtifact> list = artifacts.get(name);
    if (list == null) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder("[");
    for (RuntimeArtifact a : list) {
      out.append(out.length() == 1 ? "" : ",").append(a.toJson());
    }
    return Optional.of(out.append(']').toString());
  }

  private static Optional<RuntimeArtifact> first(
      Map<String, List<RuntimeArtifact>> artifacts, String name) {
    List<RuntimeArtifact> list = artifacts.get(name);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
  }
}
