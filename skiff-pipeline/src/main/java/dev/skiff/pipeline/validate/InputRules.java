package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.expr.ConditionEvaluator;
import dev.skiff.pipeline.expr.ExpressionException;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactSource;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.ParameterSource;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.TaskParameter;
import dev.skiff.pipeline.placeholder.Placeholder;
import dev.skiff.pipeline.value.ParameterValues;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for a task's inputs: each input names an input its component declares (parameters as
 * parameters, artifacts as artifacts), and each source resolves (an input of the enclosing
 * component, an output of a sibling task, a constant of the declared type).
 */
final class InputRules {

  /**
   * The SDK passes every pipeline channel an f-string constant or a resource field uses as an extra
   * task input named like this; such inputs are expected, not suspicious.
   */
  private static final String SDK_CHANNEL_PREFIX = "pipelinechannel--";

  private final PipelineSpec spec;
  private final Findings findings;
  private final LoopItemInputs loopItems;

  /** Declared inputs of the current task already blamed on a misspelled supplied input. */
  private final Set<String> explainedMissing = new HashSet<>();

  InputRules(PipelineSpec spec, Findings findings) {
    this.spec = spec;
    this.findings = findings;
    this.loopItems = LoopItemInputs.of(spec);
  }

  /**
   * Checks every input of {@code task}.
   *
   * @return the declared inputs left unset because a supplied name is a likely misspelling of them
   *     (already reported, so not to be reported again as missing)
   */
  Set<String> check(
      DagScope scope, PipelineTask task, Optional<ComponentSpec> component, String path) {
    explainedMissing.clear();
    task.parameters()
        .forEach(
            (name, input) ->
                checkParameter(
                    scope, task, component, name, input, path + ".inputs.parameters." + name));
    task.artifacts()
        .forEach(
            (name, source) ->
                checkArtifact(
                    scope, task, component, name, source, path + ".inputs.artifacts." + name));
    return Set.copyOf(explainedMissing);
  }

  private void checkParameter(
      DagScope scope,
      PipelineTask task,
      Optional<ComponentSpec> component,
      String name,
      TaskParameter input,
      String path) {
    Optional<InputParameterSpec> declared =
        component.map(c -> c.inputDefinitions().parameters().get(name));
    if (component.isPresent() && declared.isEmpty()) {
      undeclaredInput(task, component.get(), name, path, true);
    }
    Optional<ParameterType> expected =
        input.parameterExpressionSelector().isPresent()
            ? Optional.empty()
            : declared.map(InputParameterSpec::type);
    switch (input.source()) {
      case ParameterSource.ComponentInput ci ->
          checkEnclosingParameter(
              scope, ci.inputName(), path + ".componentInputParameter", expected);
      case ParameterSource.RuntimeParameter rp ->
          checkEnclosingParameter(
              scope, rp.inputName(), path + ".runtimeValue.runtimeParameter", expected);
      case ParameterSource.TaskOutput to -> checkTaskOutput(scope, task, to, path, expected);
      case ParameterSource.TaskFinalStatus fs -> {
        checkProducer(scope, task, fs.producerTask(), path + ".taskFinalStatus.producerTask");
        if (declared.isPresent()
            && !isAny(
                declared.get().type(), ParameterType.TASK_FINAL_STATUS, ParameterType.STRUCT)) {
          findings.error(
              path,
              "taskFinalStatus feeds input '"
                  + name
                  + "', which is "
                  + declared.get().type()
                  + ", not TASK_FINAL_STATUS");
        }
      }
      case ParameterSource.Constant c ->
          checkConstant(task, c.value(), path + ".runtimeValue.constant", expected);
    }
    if (declared.isPresent()
        && declared.get().type() == ParameterType.TASK_FINAL_STATUS
        && !(input.source() instanceof ParameterSource.TaskFinalStatus)
        && !(input.source() instanceof ParameterSource.ComponentInput)) {
      findings.error(
          path, "input '" + name + "' is TASK_FINAL_STATUS and must be fed by taskFinalStatus");
    }
    input
        .parameterExpressionSelector()
        .ifPresent(
            s -> {
              try {
                ConditionEvaluator.checkSelector(s);
              } catch (ExpressionException e) {
                findings.error(path + ".parameterExpressionSelector", e.getMessage());
              }
            });
  }

  private void undeclaredInput(
      PipelineTask task, ComponentSpec component, String name, String path, boolean isParameter) {
    var sameKind =
        isParameter
            ? component.inputDefinitions().parameters()
            : component.inputDefinitions().artifacts();
    var otherKind =
        isParameter
            ? component.inputDefinitions().artifacts()
            : component.inputDefinitions().parameters();
    String what = isParameter ? "parameter" : "artifact";
    if (otherKind.containsKey(name)) {
      findings.error(
          path,
          "input '"
              + name
              + "' of component '"
              + task.componentRef()
              + "' is "
              + (isParameter
                  ? "an artifact, but the task passes a parameter"
                  : "a parameter, but the task passes an artifact"));
      return;
    }
    // A name one typo away from a declared input the task leaves unset is a mistake; other extra
    // inputs are legal (the SDK adds pipelinechannel--* inputs that feed f-string constants).
    Set<String> unset = new HashSet<>(sameKind.keySet());
    unset.removeAll(isParameter ? task.parameters().keySet() : task.artifacts().keySet());
    Optional<String> typo = Spelling.closest(name, unset);
    if (typo.isPresent()) {
      explainedMissing.add(typo.get());
      findings.error(
          path,
          "component '"
              + task.componentRef()
              + "' has no input "
              + what
              + " '"
              + name
              + "' (did you mean '"
              + typo.get()
              + "'?)");
    } else if (!name.startsWith(SDK_CHANNEL_PREFIX)) {
      findings.warning(
          path,
          "component '"
              + task.componentRef()
              + "' declares no input "
              + what
              + " '"
              + name
              + "'; the value is passed but unused");
    }
  }

  private void checkEnclosingParameter(
      DagScope scope, String inputName, String path, Optional<ParameterType> expected) {
    var params = scope.owner().inputDefinitions().parameters();
    InputParameterSpec source = params.get(inputName);
    if (source == null) {
      if (scope.owner().inputDefinitions().artifacts().containsKey(inputName)) {
        findings.error(
            path,
            "'"
                + inputName
                + "' is an input artifact of "
                + scope.ownerLabel()
                + ", not a parameter");
      } else {
        findings.error(
            path,
            "'"
                + inputName
                + "' is not an input parameter of "
                + scope.ownerLabel()
                + Spelling.hint(inputName, params.keySet()));
      }
      return;
    }
    if (loopItems.contains(scope.ownerName(), inputName)) {
      // a loop item the SDK typed STRING for want of the list's item type: checked at run time
      return;
    }
    checkTypes(path, "input '" + inputName + "' of " + scope.ownerLabel(), source.type(), expected);
  }

  private void checkTaskOutput(
      DagScope scope,
      PipelineTask task,
      ParameterSource.TaskOutput to,
      String path,
      Optional<ParameterType> expected) {
    String producerPath = path + ".taskOutputParameter.producerTask";
    Optional<ComponentSpec> producer = checkProducer(scope, task, to.producerTask(), producerPath);
    if (producer.isEmpty()) {
      return;
    }
    String keyPath = path + ".taskOutputParameter.outputParameterKey";
    var outputs = producer.get().outputDefinitions();
    var param = outputs.parameters().get(to.outputParameterKey());
    if (param == null) {
      String producerComponent = scope.dag().tasks().get(to.producerTask()).componentRef();
      findings.error(
          keyPath,
          outputs.artifacts().containsKey(to.outputParameterKey())
              ? "output '"
                  + to.outputParameterKey()
                  + "' of task '"
                  + to.producerTask()
                  + "' is an artifact, not a parameter (use taskOutputArtifact)"
              : "task '"
                  + to.producerTask()
                  + "' (component '"
                  + producerComponent
                  + "') has no output parameter '"
                  + to.outputParameterKey()
                  + "'"
                  + Spelling.hint(to.outputParameterKey(), outputs.parameters().keySet()));
      return;
    }
    checkTypes(
        keyPath,
        "output '" + to.outputParameterKey() + "' of task '" + to.producerTask() + "'",
        param.type(),
        expected);
  }

  /** The producer's component, when the producer is a sibling task with a known component. */
  Optional<ComponentSpec> checkProducer(
      DagScope scope, PipelineTask task, String producer, String path) {
    if (producer.equals(task.key())) {
      findings.error(path, "task '" + task.key() + "' reads its own output");
      return Optional.empty();
    }
    PipelineTask p = scope.dag().tasks().get(producer);
    if (p == null) {
      findings.error(path, scope.noSuchTask("producerTask names", producer));
      return Optional.empty();
    }
    return spec.component(p.componentRef());
  }

  private void checkConstant(
      PipelineTask task, JsonValue value, String path, Optional<ParameterType> expected) {
    if (value instanceof JsonValue.Str s && s.value().contains("{{$")) {
      // f-string constants name the task's other inputs; the type is only known after expansion.
      for (Placeholder.Occurrence o : Placeholder.scan(s.value())) {
        if (o.placeholder() instanceof Placeholder.InputParameter ip
            && !task.parameters().containsKey(ip.name())) {
          findings.error(
              path,
              "constant refers to input '"
                  + ip.name()
                  + "', which task '"
                  + task.key()
                  + "' does not supply"
                  + Spelling.hint(ip.name(), task.parameters().keySet()));
        }
      }
      return;
    }
    expected
        .flatMap(t -> ParameterValues.mismatch(value, t))
        .ifPresent(reason -> findings.error(path, "constant " + reason));
  }

  private void checkTypes(
      String path, String sourceLabel, ParameterType provided, Optional<ParameterType> expected) {
    if (expected.isEmpty() || compatible(provided, expected.get())) {
      return;
    }
    findings.error(
        path, sourceLabel + " is " + provided + ", but the input expects " + expected.get());
  }

  /**
   * Whether a value of type {@code provided} may feed an input of type {@code expected}. Equal
   * types fit; an unknown type fits anything; an integer fits a double; a task status fits a
   * STRUCT.
   */
  static boolean compatible(ParameterType provided, ParameterType expected) {
    return provided == expected
        || provided == ParameterType.UNSPECIFIED
        || expected == ParameterType.UNSPECIFIED
        || (provided == ParameterType.NUMBER_INTEGER && expected == ParameterType.NUMBER_DOUBLE)
        || (provided == ParameterType.TASK_FINAL_STATUS && expected == ParameterType.STRUCT);
  }

  private void checkArtifact(
      DagScope scope,
      PipelineTask task,
      Optional<ComponentSpec> component,
      String name,
      ArtifactSource source,
      String path) {
    if (component.isPresent()
        && !component.get().inputDefinitions().artifacts().containsKey(name)) {
      undeclaredInput(task, component.get(), name, path, false);
    }
    switch (source) {
      case ArtifactSource.ComponentInputArtifact ci -> {
        var artifacts = scope.owner().inputDefinitions().artifacts();
        if (!artifacts.containsKey(ci.inputName())) {
          boolean isParameter =
              scope.owner().inputDefinitions().parameters().containsKey(ci.inputName());
          findings.error(
              path + ".componentInputArtifact",
              isParameter
                  ? "'"
                      + ci.inputName()
                      + "' is an input parameter of "
                      + scope.ownerLabel()
                      + ", not an artifact"
                  : "'"
                      + ci.inputName()
                      + "' is not an input artifact of "
                      + scope.ownerLabel()
                      + Spelling.hint(ci.inputName(), artifacts.keySet()));
        }
      }
      case ArtifactSource.TaskOutputArtifact to -> {
        Optional<ComponentSpec> producer =
            checkProducer(
                scope, task, to.producerTask(), path + ".taskOutputArtifact.producerTask");
        if (producer.isPresent()
            && !producer
                .get()
                .outputDefinitions()
                .artifacts()
                .containsKey(to.outputArtifactKey())) {
          var outputs = producer.get().outputDefinitions();
          findings.error(
              path + ".taskOutputArtifact.outputArtifactKey",
              outputs.parameters().containsKey(to.outputArtifactKey())
                  ? "output '"
                      + to.outputArtifactKey()
                      + "' of task '"
                      + to.producerTask()
                      + "' is a parameter, not an artifact (use taskOutputParameter)"
                  : "task '"
                      + to.producerTask()
                      + "' has no output artifact '"
                      + to.outputArtifactKey()
                      + "'"
                      + Spelling.hint(to.outputArtifactKey(), outputs.artifacts().keySet()));
        }
      }
    }
  }

  private static boolean isAny(ParameterType t, ParameterType a, ParameterType b) {
    return t == a || t == b || t == ParameterType.UNSPECIFIED;
  }
}
