package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.ArgTemplate;
import dev.skiff.pipeline.placeholder.Placeholder;
import dev.skiff.pipeline.placeholder.PlaceholderException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules for container command lines: structures parse, and each placeholder names an input or
 * output its component declares (resource strings may also name inputs the calling tasks supply,
 * which the SDK adds for {@code set_cpu_limit(pipeline_param)}).
 */
final class PlaceholderRules {

  private final PipelineSpec spec;
  private final Findings findings;
  private final Set<String> reported = new HashSet<>();

  PlaceholderRules(PipelineSpec spec, Findings findings) {
    this.spec = spec;
    this.findings = findings;
  }

  void check() {
    Map<String, Set<String>> suppliedByTasks = suppliedInputs();
    spec.components()
        .forEach(
            (name, component) ->
                spec.executorOf(component)
                    .filter(ContainerSpec.class::isInstance)
                    .map(ContainerSpec.class::cast)
                    .ifPresent(
                        c ->
                            checkContainer(
                                name,
                                component,
                                c,
                                "deploymentSpec.executors."
                                    + component.executorLabel().orElseThrow()
                                    + ".container",
                                suppliedByTasks.getOrDefault(name, Set.of()))));
  }

  private void checkContainer(
      String name,
      ComponentSpec component,
      ContainerSpec container,
      String path,
      Set<String> supplied) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    lists.put("command", container.command());
    lists.put("args", container.args());
    lists.forEach(
        (field, elements) -> {
          for (int i = 0; i < elements.size(); i++) {
            String elementPath = path + "." + field + "[" + i + "]";
            ArgTemplate template;
            try {
              template = ArgTemplate.parse(elements.get(i));
            } catch (PlaceholderException e) {
              report(elementPath, e.getMessage());
              continue;
            }
            for (Placeholder p : template.placeholders()) {
              checkReference(name, component, p, Set.of(), elementPath);
            }
            for (String tested : template.presenceTests()) {
              if (!component.inputDefinitions().parameters().containsKey(tested)
                  && !component.inputDefinitions().artifacts().containsKey(tested)) {
                report(
                    elementPath,
                    "IfPresent tests input '"
                        + tested
                        + "', which component '"
                        + name
                        + "' does not declare");
              }
            }
          }
        });
    for (Map.Entry<String, String> r : resourceStrings(container.resources()).entrySet()) {
      for (Placeholder.Occurrence o : Placeholder.scan(r.getValue())) {
        checkReference(
            name, component, o.placeholder(), supplied, path + ".resources." + r.getKey());
      }
    }
  }

  private void checkReference(
      String name, ComponentSpec component, Placeholder p, Set<String> supplied, String path) {
    var inputs = component.inputDefinitions();
    var outputs = component.outputDefinitions();
    String missing =
        switch (p) {
          case Placeholder.InputParameter ip ->
              inputs.parameters().containsKey(ip.name()) || supplied.contains(ip.name())
                  ? null
                  : inputs.artifacts().containsKey(ip.name())
                      ? "input '" + ip.name() + "' is an artifact; use .uri or .path"
                      : "input parameter '" + ip.name() + "'";
          case Placeholder.InputArtifact ia ->
              inputs.artifacts().containsKey(ia.name())
                  ? null
                  : "input artifact '" + ia.name() + "'";
          case Placeholder.InputArtifactList ia ->
              inputs.artifacts().containsKey(ia.name())
                  ? null
                  : "input artifact '" + ia.name() + "'";
          case Placeholder.OutputArtifact oa ->
              outputs.artifacts().containsKey(oa.name())
                  ? null
                  : "output artifact '" + oa.name() + "'";
          case Placeholder.OutputArtifactList oa ->
              outputs.artifacts().containsKey(oa.name())
                  ? null
                  : "output artifact '" + oa.name() + "'";
          case Placeholder.OutputParameterFile of ->
              outputs.parameters().containsKey(of.name())
                  ? null
                  : "output parameter '" + of.name() + "'";
          default -> null;
        };
    if (missing != null) {
      report(
          path,
          missing.contains(";")
              ? "placeholder: " + missing
              : "placeholder refers to "
                  + missing
                  + ", which component '"
                  + name
                  + "' does not declare");
    }
  }

  private void report(String path, String message) {
    // An executor shared by several components is checked once per component; report once.
    if (reported.add(path + "\n" + message)) {
      findings.error(path, message);
    }
  }

  private static Map<String, String> resourceStrings(ResourceSpec r) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("resourceCpuLimit", r.resourceCpuLimit());
    out.put("resourceCpuRequest", r.resourceCpuRequest());
    out.put("resourceMemoryLimit", r.resourceMemoryLimit());
    out.put("resourceMemoryRequest", r.resourceMemoryRequest());
    r.accelerator()
        .ifPresent(
            a -> {
              out.put("accelerator.resourceType", a.resourceType());
              out.put("accelerator.resourceCount", a.resourceCount());
            });
    return out;
  }

  /** Component name to the input names any task calling it supplies. */
  private Map<String, Set<String>> suppliedInputs() {
    Map<String, Set<String>> out = new HashMap<>();
    List<DagSpec> dags = new ArrayList<>();
    spec.root().dag().ifPresent(dags::add);
    spec.components().values().forEach(c -> c.dag().ifPresent(dags::add));
    for (DagSpec dag : dags) {
      for (PipelineTask t : dag.tasks().values()) {
        out.computeIfAbsent(t.componentRef(), k -> new HashSet<>()).addAll(t.parameters().keySet());
      }
    }
    return out;
  }
}
