package dev.skiff.bench;

import dev.skiff.pipeline.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** KFP v2 IR text for synthetic benchmark pipelines, built the way the SDK lays them out. */
final class GeneratedPipelines {
  private GeneratedPipelines() {}

  /**
   * A chain of {@code n} steps; each writes a small value (a JSON number: the length of its input)
   * to its output parameter, which the next one reads as its input.
   */
  static String chain(String name, int n) {
    StringBuilder b = new StringBuilder();
    b.append(
        """
        components:
          comp-step:
            executorLabel: exec-step
            inputDefinitions:
              parameters:
                x: {parameterType: STRING}
            outputDefinitions:
              parameters:
                Output: {parameterType: STRING}
        deploymentSpec:
          executors:
            exec-step:
              container:
                image: alpine
                command: [sh, -c, 'printf "%s" "${#0}" > "$1"', '{{$.inputs.parameters[''x'']}}', '{{$.outputs.parameters[''Output''].output_file}}']
        """);
    b.append("pipelineInfo:\n  name: ").append(name).append("\nroot:\n  dag:\n    tasks:\n");
    for (int i = 0; i < n; i++) {
      b.append("      s").append(i).append(":\n");
      b.append("        componentRef: {name: comp-step}\n");
      b.append("        cachingOptions: {enableCache: true}\n");
      b.append("        taskInfo: {name: s").append(i).append("}\n");
      if (i == 0) {
        b.append("        inputs: {parameters: {x: {runtimeValue: {constant: start}}}}\n");
      } else {
        b.append("        dependentTasks: [s").append(i - 1).append("]\n");
        b.append("        inputs: {parameters: {x: {taskOutputParameter: {producerTask: s")
            .append(i - 1)
            .append(", outputParameterKey: Output}}}}\n");
      }
    }
    return b.append("schemaVersion: 2.1.0\nsdkVersion: kfp-2.14.6\n").toString();
  }

  /**
   * A chain of {@code n} steps {@code s0 -> s1 -> ...}, each running {@code command} (a shell
   * snippet) with its task name as {@code $0}.
   */
  static String chainRunning(String name, int n, String command) {
    return shellSteps(
        name,
        n,
        command,
        "'{{$.pipeline_task_name}}'",
        i -> i == 0 ? new int[0] : new int[] {i - 1});
  }

  /** {@code n} independent steps running {@code command} (a shell snippet). */
  static String fanOut(String name, int n, String command) {
    return shellSteps(name, n, command, null, i -> new int[0]);
  }

  /**
   * {@code n} steps running {@code command} in layers of {@code width}: each step after the first
   * layer waits for two steps of the layer before (its column and the next), so the engine has real
   * dependency edges to track without the quadratic text of all-to-all layers.
   */
  static String layered(String name, int n, int width, String command) {
    return shellSteps(
        name,
        n,
        command,
        null,
        i -> {
          if (i < width) {
            return new int[0];
          }
          int layerStart = i - i % width - width;
          int up1 = layerStart + i % width;
          int up2 = layerStart + (i + 1) % width;
          return up1 == up2 ? new int[] {up1} : new int[] {up1, up2};
        });
  }

  /**
   * One {@code ParallelFor} over the pipeline input {@code items} (a list), laid out as the SDK
   * compiles {@code dsl.ParallelFor(items)}: each iteration runs one uncached step with {@code
   * command} (a shell snippet) and the iteration's item as {@code $0}. Submit it with {@link
   * #loopItems}.
   */
  static String loop(String name, String command) {
    return """
        components:
          comp-step:
            executorLabel: exec-step
            inputDefinitions:
              parameters:
                x: {parameterType: NUMBER_INTEGER}
          comp-for-loop-1:
            dag:
              tasks:
                step:
                  componentRef: {name: comp-step}
                  cachingOptions: {}
                  inputs:
                    parameters:
                      x: {componentInputParameter: pipelinechannel--items-loop-item}
                  taskInfo: {name: step}
            inputDefinitions:
              parameters:
                pipelinechannel--items: {parameterType: LIST}
                pipelinechannel--items-loop-item: {parameterType: NUMBER_INTEGER}
        deploymentSpec:
          executors:
            exec-step:
              container:
                image: alpine
                command: [sh, -c, '%s', '{{$.inputs.parameters[''x'']}}']
        pipelineInfo:
          name: %s
        root:
          dag:
            tasks:
              for-loop-1:
                componentRef: {name: comp-for-loop-1}
                inputs:
                  parameters:
                    pipelinechannel--items: {componentInputParameter: items}
                parameterIterator:
                  itemInput: pipelinechannel--items-loop-item
                  items: {inputParameter: pipelinechannel--items}
                taskInfo: {name: for-loop-1}
          inputDefinitions:
            parameters:
              items: {parameterType: LIST}
        schemaVersion: 2.1.0
        sdkVersion: kfp-2.14.6
        """
        .formatted(command.replace("'", "''"), name);
  }

  /** The {@code items} parameter of {@link #loop}: the integers {@code 0..n-1}. */
  static Map<String, JsonValue> loopItems(int n) {
    List<JsonValue> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(JsonValue.of(i));
    }
    return Map.of("items", JsonValue.list(items));
  }

  /**
   * Steps {@code s0..s(n-1)} of one shell component, uncached.
   *
   * @param extraArg one more command element (YAML text), or null
   * @param upstream the indexes of the steps each step waits for
   */
  private static String shellSteps(
      String name, int n, String command, String extraArg, IntFunction<int[]> upstream) {
    StringBuilder b = new StringBuilder();
    b.append("components:\n  comp-step:\n    executorLabel: exec-step\n");
    b.append("deploymentSpec:\n  executors:\n    exec-step:\n      container:\n");
    b.append("        image: alpine\n        command: [sh, -c, '")
        .append(command.replace("'", "''"))
        .append('\'')
        .append(extraArg == null ? "" : ", " + extraArg)
        .append("]\n");
    b.append("pipelineInfo:\n  name: ").append(name).append("\nroot:\n  dag:\n    tasks:\n");
    for (int i = 0; i < n; i++) {
      b.append("      s").append(i).append(":\n");
      b.append("        componentRef: {name: comp-step}\n");
      b.append("        cachingOptions: {}\n");
      b.append("        taskInfo: {name: s").append(i).append("}\n");
      int[] up = upstream.apply(i);
      if (up.length > 0) {
        b.append("        dependentTasks: [");
        for (int k = 0; k < up.length; k++) {
          b.append(k == 0 ? "s" : ", s").append(up[k]);
        }
        b.append("]\n");
      }
    }
    return b.append("schemaVersion: 2.1.0\nsdkVersion: kfp-2.14.6\n").toString();
  }
}
