package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.StepResult;
import dev.skiff.pipeline.executor.ArtifactPaths;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.pipeline.value.ParameterValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what a step that exited 0 wrote, with KFP launcher semantics ({@code
 * collectOutputParameters}, {@code getExecutorOutputFile}, {@code mergeRuntimeArtifacts}):
 *
 * <ol>
 *   <li>The ExecutorOutput JSON at {@code outputs.outputFile} is read when the file exists (absent
 *       means empty; unparsable fails the step).
 *   <li>Output parameters: a value in its {@code parameterValues} wins; else one in the deprecated
 *       {@code parameters} map ({@code intValue}, {@code doubleValue}, {@code stringValue}); else
 *       the parameter's output file is read and parsed by its declared type (KFP's {@code
 *       TextToPbValue}). A missing file or a value that does not parse fails the step.
 *   <li>Output artifacts: for each one in the ExecutorInput, the first artifact the step returned
 *       under the same name is merged in: its URI (when not empty) and custom path replace the
 *       planned ones, its metadata fields are added over the planned metadata. The files stay where
 *       the step wrote them.
 * </ol>
 */
public final class OutputCollector {

  private static final Logger log = LoggerFactory.getLogger(OutputCollector.class);

  /** Output files larger than this fail the step instead of filling the heap and the store. */
  static final long MAX_FILE_BYTES = 64L << 20;

  private OutputCollector() {}

  /**
   * Collects the outputs of a step that exited 0.
   *
   * @param input the ExecutorInput the step received (output file paths, planned artifacts)
   * @param declared the component's output parameters, to parse the files by type
   * @param took how long the step ran, for the result
   * @return {@link StepResult.Succeeded}, or {@link StepResult.Failed} (exit code 0) naming the
   *     first output that could not be collected
   */
  public static StepResult collect(
      ExecutorInput input, Map<String, OutputParameterSpec> declared, Duration took) {
    try {
      ExecutorOutput output = readExecutorOutput(input.outputs().outputFile());
      return new StepResult.Succeeded(
          parameters(input, declared, output), artifacts(input, output), took);
    } catch (OutputException e) {
      return new StepResult.Failed(e.getMessage(), 0, took);
    }
  }

  /**
   * What the step wrote to its ExecutorOutput file.
   *
   * @param parameterValues {@code parameterValues}
   * @param legacyParameters the deprecated {@code parameters} map, converted to values
   * @param artifacts the first artifact of each {@code artifacts.<name>.artifacts} list
   */
  record ExecutorOutput(
      Map<String, JsonValue> parameterValues,
      Map<String, JsonValue> legacyParameters,
      Map<String, JsonValue.Obj> artifacts) {
    static final ExecutorOutput EMPTY = new ExecutorOutput(Map.of(), Map.of(), Map.of());
  }

  /** Reads the ExecutorOutput file; empty when the path is empty or no file is there. */
  static ExecutorOutput readExecutorOutput(String path) throws OutputException {
    if (path == null || path.isEmpty()) {
      return ExecutorOutput.EMPTY;
    }
    Path file = Path.of(path);
    String name = file.getFileName() == null ? path : file.getFileName().toString();
    Optional<String> text = read(file, name);
    if (text.isEmpty()) {
      return ExecutorOutput.EMPTY;
    }
    JsonValue json;
    try {
      json = JsonValue.parse(text.get());
    } catch (IllegalArgumentException e) {
      throw new OutputException(name + " is not valid JSON: " + e.getMessage());
    }
    return parseExecutorOutput(json, name);
  }

  /** Reads ExecutorOutput JSON; unknown fields are ignored, wrong shapes fail. */
  static ExecutorOutput parseExecutorOutput(JsonValue json, String name) throws OutputException {
    JsonValue.Obj root = object(json, name);
    Map<String, JsonValue> values = new LinkedHashMap<>();
    JsonValue pv = root.get("parameterValues");
    if (pv != null && !(pv instanceof JsonValue.Null)) {
      values.putAll(object(pv, name + ": parameterValues").fields());
    }
    Map<String, JsonValue> legacy = new LinkedHashMap<>();
    JsonValue params = root.get("parameters");
    if (params != null && !(params instanceof JsonValue.Null)) {
      for (Map.Entry<String, JsonValue> e :
          object(params, name + ": parameters").fields().entrySet()) {
        legacy.put(e.getKey(), legacyValue(e.getValue(), name + ": parameters." + e.getKey()));
      }
    }
    Map<String, JsonValue.Obj> artifacts = new LinkedHashMap<>();
    JsonValue arts = root.get("artifacts");
    if (arts != null && !(arts instanceof JsonValue.Null)) {
      for (Map.Entry<String, JsonValue> e :
          object(arts, name + ": artifacts").fields().entrySet()) {
        String where = name + ": artifacts." + e.getKey();
        JsonValue list = object(e.getValue(), where).get("artifacts");
        if (list == null || list instanceof JsonValue.Null) {
          continue;
        }
        if (!(list instanceof JsonValue.Arr arr)) {
          throw new OutputException(where + ".artifacts must be a list, got a " + list.kind());
        }
        if (!arr.items().isEmpty()) {
          artifacts.put(e.getKey(), object(arr.items().getFirst(), where + ".artifacts[0]"));
        }
      }
    }
    return new ExecutorOutput(values, legacy, artifacts);
  }

  private static Map<String, JsonValue> parameters(
      ExecutorInput input, Map<String, OutputParameterSpec> declared, ExecutorOutput output)
      throws OutputException {
    Set<String> names = new LinkedHashSet<>(declared.keySet());
    names.addAll(input.outputs().parameterFiles().keySet());
    Map<String, JsonValue> values = new LinkedHashMap<>();
    for (String name : names) {
      OutputParameterSpec spec = declared.get(name);
      ParameterType type = spec == null ? ParameterType.UNSPECIFIED : spec.type();
      JsonValue value = output.parameterValues().get(name);
      if (value == null) {
        value = output.legacyParameters().get(name);
      }
      if (value != null) {
        values.put(name, normalise(name, value, type));
        continue;
      }
      String path = input.outputs().parameterFiles().get(name);
      if (path == null) {
        throw new OutputException(
            "output parameter '" + name + "' has no output file and is not in the ExecutorOutput");
      }
      Optional<String> text = read(Path.of(path), "output parameter '" + name + "'");
      if (text.isEmpty()) {
        throw new OutputException("output parameter '" + name + "' was not written to " + path);
      }
      try {
        values.put(name, ParameterValues.fromOutputFile(name, text.get(), type));
      } catch (ParameterValueException e) {
        throw new OutputException(e.getMessage());
      }
    }
    return values;
  }

  /**
   * A value from the ExecutorOutput, normalised to the declared type where it fits (a LIST written
   * as JSON text becomes the list). KFP stores such values unchecked, so one that does not fit is
   * kept as written, with a warning.
   */
  private static JsonValue normalise(String name, JsonValue value, ParameterType type) {
    try {
      return ParameterValues.coerce(name, value, type);
    } catch (ParameterValueException e) {
      log.warn("ExecutorOutput value kept as written: output {}", e.getMessage());
      return value;
    }
  }

  private static Map<String, List<RuntimeArtifact>> artifacts(
      ExecutorInput input, ExecutorOutput output) {
    Map<String, List<RuntimeArtifact>> out = new LinkedHashMap<>();
    input
        .outputs()
        .artifacts()
        .forEach(
            (name, planned) -> {
              JsonValue.Obj written = output.artifacts().get(name);
              if (written == null) {
                out.put(name, planned);
                return;
              }
              List<RuntimeArtifact> merged = new ArrayList<>(planned.size());
              for (RuntimeArtifact a : planned) {
                RuntimeArtifact m = merge(written, a);
                keepCustomPathContent(m);
                merged.add(m);
              }
              out.put(name, merged);
            });
    return out;
  }

  /**
   * A step that chose its own path for an output artifact ({@code artifact.set_path(...)}) left the
   * content there; KFP's launcher uploads it from that path to the artifact's URI. Here the copy
   * lands under the URI's local path, so the artifact store holds it as it holds every other
   * artifact (consumers on this machine still see the custom path, as on Kubeflow). Remote URIs are
   * left to {@link ArtifactStaging#upload}.
   */
  private static void keepCustomPathContent(RuntimeArtifact artifact) {
    if (artifact.customPath().isEmpty() || !artifact.uri().startsWith("file:")) {
      return;
    }
    Path from = Path.of(artifact.customPath().get());
    Optional<String> to = ArtifactPaths.localPathForUri(artifact.uri());
    if (to.isEmpty() || !Files.exists(from) || Path.of(to.get()).equals(from)) {
      return;
    }
    try {
      CopyTree.copy(from, Path.of(to.get()));
    } catch (IOException e) {
      log.warn(
          "could not copy artifact {} from its custom path {}: {}",
          artifact.name(),
          from,
          e.toString());
    }
  }

  /** KFP's {@code mergeRuntimeArtifacts}: URI and custom path replaced, metadata fields added. */
  static RuntimeArtifact merge(JsonValue.Obj written, RuntimeArtifact planned) {
    String uri = planned.uri();
    if (written.get("uri") instanceof JsonValue.Str s && !s.value().isEmpty()) {
      uri = s.value();
    }
    JsonValue.Obj metadata = planned.metadata();
    if (written.get("metadata") instanceof JsonValue.Obj m) {
      Map<String, JsonValue> fields = new LinkedHashMap<>(metadata.fields());
      fields.putAll(m.fields());
      metadata = JsonValue.struct(fields);
    }
    Optional<String> customPath = planned.customPath();
    // protojson writes customPath; the SDK's executor writes the proto field name custom_path
    JsonValue custom =
        written.get("customPath") != null ? written.get("customPath") : written.get("custom_path");
    if (custom instanceof JsonValue.Str s && !s.value().isEmpty()) {
      customPath = Optional.of(s.value());
    }
    return new RuntimeArtifact(planned.name(), planned.type(), uri, metadata, customPath);
  }

  /** A deprecated {@code Value} message: {@code intValue} (int64, maybe a string), ... */
  private static JsonValue legacyValue(JsonValue json, String where) throws OutputException {
    JsonValue.Obj v = object(json, where);
    JsonValue s = v.get("stringValue");
    if (s != null) {
      if (s instanceof JsonValue.Str) {
        return s;
      }
      throw new OutputException(where + ".stringValue must be a string");
    }
    for (String field : List.of("intValue", "doubleValue")) {
      JsonValue n = v.get(field);
      if (n == null) {
        continue;
      }
      if (n instanceof JsonValue.Num) {
        return n;
      }
      if (n instanceof JsonValue.Str text) {
        try {
          return JsonValue.of(Double.parseDouble(text.value().strip()));
        } catch (NumberFormatException | IllegalStateException e) {
          // fall through to the message
        }
      }
      throw new OutputException(where + "." + field + " must be a number, got " + n.toJson());
    }
    throw new OutputException(where + " has none of intValue, doubleValue, stringValue");
  }

  private static JsonValue.Obj object(JsonValue json, String where) throws OutputException {
    if (json instanceof JsonValue.Obj o) {
      return o;
    }
    throw new OutputException(where + " must be a JSON object, got a " + json.kind());
  }

  /** The file's text (UTF-8, bad bytes replaced), or empty when it does not exist. */
  private static Optional<String> read(Path file, String what) throws OutputException {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new OutputException(
            what + " is " + Admission.bytes(size) + ", more than the 64 MiB an output may hold");
      }
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new OutputException("cannot read " + what + " at " + file + ": " + e.getMessage());
    }
  }

  /** An output that cannot be collected; the message is the step's failure message. */
  static final class OutputException extends Exception {
    private static final long serialVersionUID = 1L;

    OutputException(String message) {
      super(message);
    }
  }
}
