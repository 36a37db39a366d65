package dev.skiff.pipeline.parse;

import static dev.skiff.pipeline.parse.FieldReader.obj;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.CustomJobSpec;
import dev.skiff.pipeline.model.ExecutorSpec;
import dev.skiff.pipeline.model.ImporterSpec;
import dev.skiff.pipeline.model.ResolverSpec;
import dev.skiff.pipeline.model.ResourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads one {@code deploymentSpec.executors.<label>} entry into an {@link ExecutorSpec}. */
final class ExecutorReader {

  private static final List<String> KINDS =
      List.of("container", "importer", "resolver", "customJob");

  private final FieldReader f;
  private final SpecReader spec;

  ExecutorReader(FieldReader fields, SpecReader spec) {
    this.f = fields;
    this.spec = spec;
  }

  ExecutorSpec read(String path, String label, JsonValue.Obj o) {
    List<String> kinds = new ArrayList<>();
    for (String kind : KINDS) {
      if (f.field(o, path, kind).isPresent()) {
        kinds.add(kind);
      }
    }
    if (kinds.size() != 1) {
      f.problem(
          path,
          kinds.isEmpty()
              ? "executor has none of " + String.join(", ", KINDS)
              : "executor has more than one kind: " + String.join(", ", kinds));
      return new CustomJobSpec(JsonValue.Null.INSTANCE);
    }
    String kind = kinds.getFirst();
    if (kind.equals("customJob")) {
      return new CustomJobSpec(f.field(o, path, kind).orElseThrow().value());
    }
    Optional<FieldReader.Field> body = f.object(o, path, kind);
    if (body.isEmpty()) {
      return new CustomJobSpec(JsonValue.Null.INSTANCE);
    }
    String p = body.get().path();
    JsonValue.Obj b = obj(body.get());
    return switch (kind) {
      case "container" -> container(p, b);
      case "importer" -> importer(p, b);
      default -> resolver(p, b);
    };
  }

  private ContainerSpec container(String path, JsonValue.Obj o) {
    ContainerSpec.Exec preCacheCheck =
        f.object(o, path, "lifecycle")
            .flatMap(l -> f.object(obj(l), l.path(), "preCacheCheck"))
            .map(
                e ->
                    new ContainerSpec.Exec(
                        f.strings(obj(e), e.path(), "command"),
                        f.strings(obj(e), e.path(), "args")))
            .orElse(ContainerSpec.Exec.NONE);
    return new ContainerSpec(
        f.requiredString(o, path, "image"),
        f.strings(o, path, "command"),
        f.strings(o, path, "args"),
        f.objects(
            o,
            path,
            "env",
            (p, e) ->
                new ContainerSpec.EnvVar(f.requiredString(e, p, "name"), f.string(e, p, "value"))),
        f.object(o, path, "resources")
            .map(r -> resources(r.path(), obj(r)))
            .orElse(ResourceSpec.NONE),
        preCacheCheck);
  }

  private ResourceSpec resources(String path, JsonValue.Obj o) {
    Optional<ResourceSpec.Accelerator> accelerator =
        f.object(o, path, "accelerator")
            .map(
                a ->
                    new ResourceSpec.Accelerator(
                        f.string(obj(a), a.path(), "resourceType"),
                        f.string(obj(a), a.path(), "resourceCount"),
                        f.string(obj(a), a.path(), "type"),
                        f.integer(obj(a), a.path(), "count")));
    return new ResourceSpec(
        f.string(o, path, "resourceCpuLimit"),
        f.string(o, path, "resourceCpuRequest"),
        f.string(o, path, "resourceMemoryLimit"),
        f.string(o, path, "resourceMemoryRequest"),
        accelerator,
        f.number(o, path, "cpuLimit"),
        f.number(o, path, "cpuRequest"),
        f.number(o, path, "memoryLimit"),
        f.number(o, path, "memoryRequest"));
  }

  private ImporterSpec importer(String path, JsonValue.Obj o) {
    ImporterSpec.ArtifactUri uri =
        f.object(o, path, "artifactUri")
            .map(u -> artifactUri(u.path(), obj(u)))
            .orElseGet(
                () -> {
                  f.problem(path, "importer has no artifactUri");
                  return new ImporterSpec.ConstantUri("");
                });
    if (!f.has(o, "typeSchema")) {
      f.problem(path, "importer has no typeSchema");
    }
    return new ImporterSpec(
        uri,
        spec.artifactType(o, path, "typeSchema"),
        f.object(o, path, "metadata").map(FieldReader::obj).orElse(JsonValue.Obj.EMPTY),
        f.bool(o, path, "reimport"),
        f.bool(o, path, "downloadToWorkspace"));
  }

  private ImporterSpec.ArtifactUri artifactUri(String path, JsonValue.Obj o) {
    Optional<FieldReader.Field> constant = f.field(o, path, "constant");
    if (constant.isPresent()) {
      if (constant.get().value() instanceof JsonValue.Str s) {
        return new ImporterSpec.ConstantUri(s.value());
      }
      f.problem(constant.get().path(), "artifact URI must be a string");
      return new ImporterSpec.ConstantUri("");
    }
    Optional<FieldReader.Field> legacy = f.object(o, path, "constantValue");
    if (legacy.isPresent()) {
      return new ImporterSpec.ConstantUri(
          f.string(obj(legacy.get()), legacy.get().path(), "stringValue"));
    }
    Optional<String> parameter = f.optionalString(o, path, "runtimeParameter");
    if (parameter.isPresent()) {
      return new ImporterSpec.UriParameter(parameter.get());
    }
    f.problem(path, "artifactUri needs constant or runtimeParameter");
    return new ImporterSpec.ConstantUri("");
  }

  private ResolverSpec resolver(String path, JsonValue.Obj o) {
    var queries =
        f.map(
            o,
            path,
            "outputArtifactQueries",
            (p, key, q) -> {
              long limit = f.integer(q, p, "limit");
              return new ResolverSpec.ArtifactQuery(
                  f.string(q, p, "filter"), limit == 0 ? 1 : (int) limit);
            });
    if (queries.isEmpty()) {
      f.problem(path, "resolver needs at least one outputArtifactQueries entry");
    }
    return new ResolverSpec(queries);
  }
}
