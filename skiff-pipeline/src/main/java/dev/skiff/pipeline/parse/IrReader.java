package dev.skiff.pipeline.parse;

import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.Problem;
import dev.skiff.pipeline.SourceMap;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.validate.Spelling;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the text of a compiled KFP v2 pipeline (IR YAML, multi-document, or JSON) into a {@link
 * PipelineSpec} that is well-formed but not yet validated ({@link
 * dev.skiff.pipeline.PipelineParser} validates it).
 *
 * <p>Accepted shapes: a YAML file whose first document is the {@code PipelineSpec} and whose later
 * documents are merged into the {@code PlatformSpec} (as {@code kfp.Client} does); the same as
 * JSON; and the REST shape {@code {"pipeline_spec": {...}, "platform_spec": {...}}}. Unknown fields
 * are ignored so that files from newer SDKs load, except at the top level of the spec, where an
 * unknown key is almost always a mistake (e.g. {@code components_1}).
 */
public final class IrReader {

  /** The fields of {@code ml_pipelines.PipelineSpec}, in proto JSON spelling. */
  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of(
          "pipelineInfo",
          "deploymentSpec",
          "sdkVersion",
          "schemaVersion",
          "components",
          "root",
          "defaultPipelineRoot");

  /**
   * A read pipeline document.
   *
   * @param spec the pipeline (first document), not yet validated
   * @param platformSpec the later documents (or the REST shape's {@code platform_spec}) merged
   * @param lines the lines of the spec's fields
   */
  public record IrDocument(PipelineSpec spec, JsonValue.Obj platformSpec, SourceMap lines) {}

  private IrReader() {}

  /**
   * Reads {@code text}.
   *
   * @param sourceName a label for messages, normally the file name
   * @throws PipelineException for malformed text, text that is not a pipeline, or fields of the
   *     wrong shape, each with its field path and line
   */
  public static IrDocument read(String text, String sourceName) throws PipelineException {
    LocatedTreeReader.Result read = LocatedTreeReader.read(text);
    if (!read.problems().isEmpty()) {
      throw new PipelineException(sourceName, read.problems());
    }
    List<LocatedTreeReader.Document> documents = read.documents();
    if (documents.isEmpty()) {
      throw fail(sourceName, new Problem("", 0, "file has no pipeline document"));
    }
    LocatedTreeReader.Document first = documents.getFirst();
    if (!(first.value() instanceof JsonValue.Obj doc)) {
      throw fail(
          sourceName,
          new Problem(
              "",
              first.lines().lineOf(""),
              "not a KFP pipeline: the first document is a "
                  + first.value().kind()
                  + ", not a mapping"));
    }
    SourceMap lines = first.lines();
    List<Problem> problems = new ArrayList<>();
    JsonValue.Obj platform = JsonValue.Obj.EMPTY;
    for (int i = 1; i < documents.size(); i++) {
      if (documents.get(i).value() instanceof JsonValue.Obj o) {
        platform = merge(platform, o);
      } else {
        problems.add(
            new Problem(
                "",
                documents.get(i).lines().lineOf(""),
                "document "
                    + (i + 1)
                    + " must be a mapping (a PlatformSpec), got a "
                    + documents.get(i).value().kind()));
      }
    }
    Optional<String> wrapper = restWrapperKey(doc);
    if (wrapper.isPresent()) {
      JsonValue wrapped = doc.get(wrapper.get());
      if (!(wrapped instanceof JsonValue.Obj inner)) {
        throw fail(
            sourceName,
            new Problem(
                wrapper.get(), lines.lineOf(wrapper.get()), wrapper.get() + " must be a mapping"));
      }
      for (String key : List.of("platform_spec", "platformSpec")) {
        if (doc.get(key) instanceof JsonValue.Obj p) {
          platform = merge(platform, p);
        }
      }
      lines = lines.subtree(wrapper.get());
      doc = inner;
    }
    checkIsPipeline(doc, lines, sourceName);
    problems.addAll(unknownTopLevelKeys(doc, lines));

    FieldReader fields = new FieldReader(lines);
    PipelineSpec spec = new SpecReader(fields).read(doc);
    problems.addAll(fields.problems());
    if (!problems.isEmpty()) {
      throw new PipelineException(sourceName, sorted(problems));
    }
    return new IrDocument(spec, platform, lines);
  }

  /**
   * The file as KFP's API returns a pipeline version's {@code pipeline_spec}: the spec document as
   * a JSON object, or {@code {"pipeline_spec": {...}, "platform_spec": {...}}} when the file has
   * platform documents (a file already in that shape is returned as it is). Reads the text only; it
   * does not check that it is a valid pipeline.
   *
   * @throws PipelineException when the text is not YAML or JSON, or its first document is not a
   *     mapping
   */
  public static JsonValue.Obj struct(String text, String sourceName) throws PipelineException {
    LocatedTreeReader.Result read = LocatedTreeReader.read(text);
    if (!read.problems().isEmpty()) {
      throw new PipelineException(sourceName, read.problems());
    }
    List<LocatedTreeReader.Document> documents = read.documents();
    if (documents.isEmpty() || !(documents.getFirst().value() instanceof JsonValue.Obj first)) {
      throw fail(sourceName, new Problem("", 0, "not a KFP pipeline: no pipeline document"));
    }
    JsonValue.Obj platform = JsonValue.Obj.EMPTY;
    for (int i = 1; i < documents.size(); i++) {
      if (documents.get(i).value() instanceof JsonValue.Obj o) {
        platform = merge(platform, o);
      }
    }
    if (platform.fields().isEmpty()) {
      return first;
    }
    Map<String, JsonValue> wrapped = new TreeMap<>();
    wrapped.put("pipeline_spec", first);
    wrapped.put("platform_spec", platform);
    return new JsonValue.Obj(wrapped);
  }

  /** The REST upload shape wraps the spec as {@code pipeline_spec} (or {@code pipelineSpec}). */
  private static Optional<String> restWrapperKey(JsonValue.Obj doc) {
    if (doc.fields().containsKey("pipelineInfo") || doc.fields().containsKey("root")) {
      return Optional.empty();
    }
    return List.of("pipeline_spec", "pipelineSpec").stream()
        .filter(doc.fields()::containsKey)
        .findFirst();
  }

  private static void checkIsPipeline(JsonValue.Obj doc, SourceMap lines, String sourceName)
      throws PipelineException {
    boolean looksLikeSpec =
        TOP_LEVEL_KEYS.stream()
            .filter(k -> !k.equals("sdkVersion") && !k.equals("schemaVersion"))
            .anyMatch(k -> FieldReader.keyOf(doc, k).isPresent());
    if (!looksLikeSpec) {
      String found =
          doc.fields().isEmpty()
              ? "an empty mapping"
              : "keys " + String.join(", ", doc.fields().keySet());
      throw fail(
          sourceName,
          new Problem(
              "",
              lines.lineOf(""),
              "not a KFP pipeline: missing pipelineInfo, root, components, deploymentSpec (found "
                  + found
                  + ")"));
    }
  }

  private static List<Problem> unknownTopLevelKeys(JsonValue.Obj doc, SourceMap lines) {
    List<Problem> problems = new ArrayList<>();
    for (String key : doc.fields().keySet()) {
      boolean known =
          TOP_LEVEL_KEYS.contains(key)
              || TOP_LEVEL_KEYS.stream().anyMatch(k -> FieldReader.snake(k).equals(key));
      if (!known) {
        problems.add(
            new Problem(
                key,
                lines.lineOf(key),
                "unknown top-level key '"
                    + key
                    + "'"
                    + Spelling.hint(key, TOP_LEVEL_KEYS)
                    + "; a PipelineSpec has "
                    + String.join(", ", new TreeSet<>(TOP_LEVEL_KEYS))));
      }
    }
    return problems;
  }

  /** Deep merge of platform documents: objects merge key by key, anything else is replaced. */
  private static JsonValue.Obj merge(JsonValue.Obj base, JsonValue.Obj extra) {
    Map<String, JsonValue> out = new TreeMap<>(base.fields());
    extra
        .fields()
        .forEach(
            (k, v) ->
                out.merge(
                    k,
                    v,
                    (old, add) ->
                        old instanceof JsonValue.Obj a && add instanceof JsonValue.Obj b
                            ? merge(a, b)
                            : add));
    return new JsonValue.Obj(out);
  }

  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
    return out;
  }

  private static PipelineException fail(String sourceName, Problem problem) {
    return new PipelineException(sourceName, List.of(problem));
  }
}
