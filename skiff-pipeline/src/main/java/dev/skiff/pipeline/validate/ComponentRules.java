package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.CustomJobSpec;
import dev.skiff.pipeline.model.ExecutorRef;
import dev.skiff.pipeline.model.ExecutorSpec;
import dev.skiff.pipeline.model.ImporterSpec;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.ResolverSpec;

/** The rules for the spec's frame: schema version, root, and each component's executor. */
final class ComponentRules {

  private final PipelineSpec spec;
  private final Findings findings;

  ComponentRules(PipelineSpec spec, Findings findings) {
    this.spec = spec;
    this.findings = findings;
  }

  void check() {
    String version = spec.schemaVersion();
    if (!version.isEmpty() && !version.startsWith("2.")) {
      findings.error(
          "schemaVersion", "unsupported schemaVersion '" + version + "' (Skiff reads KFP IR 2.x)");
    }
    if (spec.root().implementation() instanceof ExecutorRef) {
      findings.error("root", "root must be a DAG (root.dag), not an executor");
    }
    spec.components().forEach((name, component) -> checkComponent(name, component));
  }

  private void checkComponent(String name, ComponentSpec component) {
    if (!(component.implementation() instanceof ExecutorRef ref) || ref.executorLabel().isEmpty()) {
      return;
    }
    String path = "components." + name;
    ExecutorSpec executor = spec.executors().get(ref.executorLabel());
    if (executor == null) {
      findings.error(
          path,
          path + ".executorLabel",
          "unknown executor '"
              + ref.executorLabel()
              + "' (not in deploymentSpec.executors)"
              + Spelling.hint(ref.executorLabel(), spec.executors().keySet()));
      return;
    }
    String executorPath = "deploymentSpec.executors." + ref.executorLabel();
    switch (executor) {
      case CustomJobSpec c ->
          findings.error(
              executorPath,
              "customJob executors (deprecated, Vertex AI only) are not supported; use a container");
      case ImporterSpec importer -> {
        if (importer.artifactUri() instanceof ImporterSpec.UriParameter p
            && !component.inputDefinitions().parameters().containsKey(p.inputName())) {
          findings.error(
              executorPath + ".importer.artifactUri.runtimeParameter",
              "importer reads its URI from input '"
                  + p.inputName()
                  + "', which component '"
                  + name
                  + "' does not declare");
        }
      }
      case ResolverSpec resolver ->
          resolver.outputArtifactQueries().keySet().stream()
              .filter(k -> !component.outputDefinitions().artifacts().containsKey(k))
              .forEach(
                  k ->
                      findings.error(
                          executorPath + ".resolver.outputArtifactQueries." + k,
                          "resolver query '"
                              + k
                              + "' is not an output artifact of component '"
                              + name
                              + "'"));
      default -> {}
    }
  }
}
