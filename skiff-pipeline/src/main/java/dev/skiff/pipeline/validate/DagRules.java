package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.dag.DagGraph;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.DagOutputs;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules for one DAG as a whole: its tasks, cycles, and the outputs it exposes. */
final class DagRules {

  private final PipelineSpec spec;
  private final Findings findings;
  private final TaskRules tasks;

  DagRules(PipelineSpec spec, Findings findings) {
    this.spec = spec;
    this.findings = findings;
    this.tasks = new TaskRules(spec, findings);
  }

  void check(DagScope scope) {
    scope.dag().tasks().values().forEach(t -> tasks.check(scope, t));
    DagGraph.of(scope.dag())
        .findCycle()
        .ifPresent(
            cycle ->
                findings.error(
                    scope.taskPath(cycle.getFirst()),
                    "tasks form a cycle: " + String.join(" -> ", cycle.reversed())));
    checkOutputs(scope);
  }

  private void checkOutputs(DagScope scope) {
    String path = scope.path() + ".outputs";
    var declared = scope.owner().outputDefinitions();
    for (Map.Entry<String, DagOutputs.DagOutputParameter> e :
        scope.dag().outputs().parameters().entrySet()) {
      String outPath = path + ".parameters." + e.getKey();
      if (!declared.parameters().containsKey(e.getKey())) {
        findings.error(
            outPath,
            "DAG output parameter '"
                + e.getKey()
                + "' is not declared in the outputDefinitions of "
                + scope.ownerLabel());
      }
      List<DagOutputs.ParameterSelector> selectors = e.getValue().selectors();
      if (selectors.isEmpty()) {
        findings.error(outPath, "DAG output parameter '" + e.getKey() + "' selects no task output");
      }
      for (DagOutputs.ParameterSelector s : selectors) {
        producer(scope, s.producerSubtask(), outPath)
            .filter(c -> !c.outputDefinitions().parameters().containsKey(s.outputParameterKey()))
            .ifPresent(
                c ->
                    findings.error(
                        outPath,
                        "task '"
                            + s.producerSubtask()
                            + "' has no output parameter '"
                            + s.outputParameterKey()
                            + "'"
                            + Spelling.hint(
                                s.outputParameterKey(),
                                c.outputDefinitions().parameters().keySet())));
      }
    }
    for (Map.Entry<String, List<DagOutputs.ArtifactSelector>> e :
        scope.dag().outputs().artifacts().entrySet()) {
      String outPath = path + ".artifacts." + e.getKey();
      if (!declared.artifacts().containsKey(e.getKey())) {
        findings.error(
            outPath,
            "DAG output artifact '"
                + e.getKey()
                + "' is not declared in the outputDefinitions of "
                + scope.ownerLabel());
      }
      if (e.getValue().isEmpty()) {
        findings.error(outPath, "DAG output artifact '" + e.getKey() + "' selects no task output");
      }
      for (DagOutputs.ArtifactSelector s : e.getValue()) {
        producer(scope, s.producerSubtask(), outPath)
            .filter(c -> !c.outputDefinitions().artifacts().containsKey(s.outputArtifactKey()))
            .ifPresent(
                c ->
                    findings.error(
                        outPath,
                        "task '"
                            + s.producerSubtask()
                            + "' has no output artifact '"
                            + s.outputArtifactKey()
                            + "'"
                            + Spelling.hint(
                                s.outputArtifactKey(),
                                c.outputDefinitions().artifacts().keySet())));
      }
    }
  }

  private Optional<ComponentSpec> producer(DagScope scope, String subtask, String path) {
    PipelineTask task = scope.dag().tasks().get(subtask);
    if (task == null) {
      findings.error(
          path,
          "producerSubtask '"
              + subtask
              + "' is not a task of this DAG"
              + Spelling.hint(subtask, scope.dag().tasks().keySet()));
      return Optional.empty();
    }
    return spec.component(task.componentRef());
  }
}
