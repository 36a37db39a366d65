package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.expr.ConditionEvaluator;
import dev.skiff.pipeline.expr.ExpressionException;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.InputArtifactSpec;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.RetryPolicy;
import dev.skiff.pipeline.model.TaskIterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for one task: its component, its ordering edges, its required inputs, and its iterator,
 * condition and retry policy. Inputs themselves are checked by {@link InputRules}.
 */
final class TaskRules {

  private final PipelineSpec spec;
  private final Findings findings;
  private final InputRules inputs;

  TaskRules(PipelineSpec spec, Findings findings) {
    this.spec = spec;
    this.findings = findings;
    this.inputs = new InputRules(spec, findings);
  }

  void check(DagScope scope, PipelineTask task) {
    String path = scope.taskPath(task.key());
    Optional<ComponentSpec> component = spec.component(task.componentRef());
    if (component.isEmpty() && !task.componentRef().isEmpty()) {
      findings.error(
          path,
          path + ".componentRef.name",
          "unknown component '"
              + task.componentRef()
              + "'"
              + Spelling.hint(task.componentRef(), spec.components().keySet()));
    }
    checkDependentTasks(scope, task, path);
    Set<String> explainedMissing = inputs.check(scope, task, component, path);
    component.ifPresent(c -> checkRequiredInputs(task, c, path, explainedMissing));
    task.iterator().ifPresent(it -> checkIterator(task, component, it, path));
    task.triggerPolicy()
        .flatMap(t -> t.condition())
        .ifPresent(c -> checkCondition(task, c, path + ".triggerPolicy.condition"));
    task.retryPolicy().ifPresent(r -> checkRetry(r, path + ".retryPolicy"));
  }

  private void checkDependentTasks(DagScope scope, PipelineTask task, String path) {
    for (int i = 0; i < task.dependentTasks().size(); i++) {
      String dep = task.dependentTasks().get(i);
      String depPath = path + ".dependentTasks[" + i + "]";
      if (dep.equals(task.key())) {
        findings.error(depPath, "task '" + task.key() + "' depends on itself");
      } else if (!scope.dag().tasks().containsKey(dep)) {
        findings.error(depPath, scope.noSuchTask("dependentTasks names", dep));
      }
    }
  }

  private void checkRequiredInputs(
      PipelineTask task, ComponentSpec component, String path, Set<String> explainedMissing) {
    String itemInput = task.iterator().map(TaskIterator::itemInput).orElse("");
    for (Map.Entry<String, InputParameterSpec> e :
        component.inputDefinitions().parameters().entrySet()) {
      String name = e.getKey();
      if (e.getValue().isRequired()
          && !task.parameters().containsKey(name)
          && !name.equals(itemInput)
          && !explainedMissing.contains(name)) {
        findings.error(
            path,
            "required input parameter '"
                + name
                + "' ("
                + e.getValue().type()
                + ") of component '"
                + task.componentRef()
                + "' is not supplied");
      }
    }
    for (Map.Entry<String, InputArtifactSpec> e :
        component.inputDefinitions().artifacts().entrySet()) {
      String name = e.getKey();
      if (!e.getValue().isOptional()
          && !task.artifacts().containsKey(name)
          && !name.equals(itemInput)
          && !explainedMissing.contains(name)) {
        findings.error(
            path,
            "required input artifact '"
                + name
                + "' of component '"
                + task.componentRef()
                + "' is not supplied");
      }
    }
  }

  private void checkIterator(
      PipelineTask task, Optional<ComponentSpec> component, TaskIterator iterator, String path) {
    if (iterator.parallelismLimit() < 0) {
      findings.error(
          path + ".iteratorPolicy.parallelismLimit",
          "parallelismLimit must be 0 (unlimited) or more, got " + iterator.parallelismLimit());
    }
    switch (iterator) {
      case TaskIterator.ParameterIterator p -> {
        String itPath = path + ".parameterIterator";
        switch (p.items()) {
          case TaskIterator.Raw raw -> checkRawItems(raw.json(), itPath + ".items.raw");
          case TaskIterator.InputParameter ip -> {
            if (!task.parameters().containsKey(ip.inputName())) {
              findings.error(
                  itPath + ".items.inputParameter",
                  "items.inputParameter names '"
                      + ip.inputName()
                      + "', which the task does not supply"
                      + Spelling.hint(ip.inputName(), task.parameters().keySet()));
            }
          }
        }
        component
            .filter(c -> !c.inputDefinitions().parameters().containsKey(p.itemInput()))
            .ifPresent(
                c ->
                    findings.error(
                        itPath + ".itemInput",
                        "itemInput '"
                            + p.itemInput()
                            + "' is not an input parameter of component '"
                            + task.componentRef()
                            + "'"));
      }
      case TaskIterator.ArtifactIterator a -> {
        String itPath = path + ".artifactIterator";
        if (!task.artifacts().containsKey(a.inputArtifact())) {
          findings.error(
              itPath + ".items.inputArtifact",
              "items.inputArtifact names '"
                  + a.inputArtifact()
                  + "', which the task does not supply");
        }
        component
            .filter(c -> !c.inputDefinitions().artifacts().containsKey(a.itemInput()))
            .ifPresent(
                c ->
                    findings.error(
                        itPath + ".itemInput",
                        "itemInput '"
                            + a.itemInput()
                            + "' is not an input artifact of component '"
                            + task.componentRef()
                            + "'"));
      }
    }
  }

  private void checkRawItems(String raw, String path) {
    try {
      if (!(JsonValue.parse(raw) instanceof JsonValue.Arr)) {
        findings.error(path, "items.raw must be a JSON array, got " + raw);
      }
    } catch (IllegalArgumentException e) {
      findings.error(path, "items.raw is not valid JSON: " + e.getMessage());
    }
  }

  private void checkCondition(PipelineTask task, String condition, String path) {
    try {
      ConditionEvaluator.checkCondition(condition);
    } catch (ExpressionException e) {
      findings.error(path, e.getMessage());
      return;
    }
    for (String name : ConditionEvaluator.referencedParameters(condition)) {
      if (!task.parameters().containsKey(name)) {
        findings.error(
            path,
            "condition reads input parameter '"
                + name
                + "', which task '"
                + task.key()
                + "' does not supply"
                + Spelling.hint(name, task.parameters().keySet()));
      }
    }
    for (String name : ConditionEvaluator.referencedArtifacts(condition)) {
      if (!task.artifacts().containsKey(name)) {
        findings.error(
            path,
            "condition reads input artifact '"
                + name
                + "', which task '"
                + task.key()
                + "' does not supply");
      }
    }
  }

  private void checkRetry(RetryPolicy retry, String path) {
    if (retry.maxRetryCount() < 0) {
      findings.error(
          path + ".maxRetryCount", "maxRetryCount must be 0 or more, got " + retry.maxRetryCount());
    }
    if (retry.backoffDuration().isNegative()) {
      findings.error(path + ".backoffDuration", "backoffDuration must not be negative");
    }
    if (retry.backoffMaxDuration().isNegative()) {
      findings.error(path + ".backoffMaxDuration", "backoffMaxDuration must not be negative");
    }
    if (retry.backoffFactor() < 0 || !Double.isFinite(retry.backoffFactor())) {
      findings.error(path + ".backoffFactor", "backoffFactor must be a positive number");
    }
  }
}
