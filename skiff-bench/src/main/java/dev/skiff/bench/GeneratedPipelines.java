package dev.skiff.bench;

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
    StringBuilder b = new StringBuilder();
    b.append("components:\n  comp-step:\n    executorLabel: exec-step\n");
    b.append("deploymentSpec:\n  executors:\n    exec-step:\n      container:\n");
    b.append("        image: alpine\n        command: [sh, -c, '")
        .append(command.replace("'", "''"))
        .append("', '{{$.pipeline_task_name}}']\n");
    b.append("pipelineInfo:\n  name: ").append(name).append("\nroot:\n  dag:\n    tasks:\n");
    for (int i = 0; i < n; i++) {
      b.append("      s").append(i).append(":\n");
      b.append("        componentRef: {name: comp-step}\n");
      b.append("        cachingOptions: {}\n");
      b.append("        taskInfo: {name: s").append(i).append("}\n");
      if (i > 0) {
        b.append("        dependentTasks: [s").append(i - 1).append("]\n");
      }
    }
    return b.append("schemaVersion: 2.1.0\nsdkVersion: kfp-2.14.6\n").toString();
  }

  /** {@code n} independent steps running {@code command} (a shell snippet). */
  static String fanOut(String name, int n, String command) {
    StringBuilder b = new StringBuilder();
    b.append("components:\n  comp-step:\n    executorLabel: exec-step\n");
    b.append("deploymentSpec:\n  executors:\n    exec-step:\n      container:\n");
    b.append("        image: alpine\n        command: [sh, -c, '")
        .append(command.replace("'", "''"))
        .append("']\n");
    b.append("pipelineInfo:\n  name: ").append(name).append("\nroot:\n  dag:\n    tasks:\n");
    for (int i = 0; i < n; i++) {
      b.append("      s").append(i).append(":\n");
      b.append("        componentRef: {name: comp-step}\n");
      b.append("        cachingOptions: {}\n");
      b.append("        taskInfo: {name: s").append(i).append("}\n");
    }
    return b.append("schemaVersion: 2.1.0\nsdkVersion: kfp-2.14.6\n").toString();
  }

  /**
   * {@code n} steps running {@code command} in layers of {@code width}: each step after the first
   * layer waits for two steps of the layer before (its column and the next), so the engine has real
   * dependency edges to track without the quadratic text of all-to-all layers.
   */
  static String layered(String name, int n, int width, String command) {
    StringBuilder b = new StringBuilder();
    b.append("components:\n  comp-step:\n    executorLabel: exec-step\n");
    b.append("deploymentSpec:\n  executors:\n    exec-step:\n      container:\n");
    b.append("        image: alpine\n        command: [sh, -c, '")
        .append(command.replace("'", "''"))
        .append("']\n");
    b.append("pipelineInfo:\n  name: ").append(name).append("\nroot:\n  dag:\n    tasks:\n");
    for (int i = 0; i < n; i++) {
      b.append("      s").append(i).append(":\n");
      b.append("        componentRef: {name: comp-step}\n");
      b.append("        cachingOptions: {}\n");
      b.append("        taskInfo: {name: s").append(i).append("}\n");
      if (i >= width) {
        int layerStart = i - i % width - width;
        int up1 = layerStart + i % width;
        int up2 = layerStart + (i + 1) % width;
        b.append("        dependentTasks: [s").append(up1);
        if (up2 != up1) {
          b.append(", s").append(up2);
        }
        b.append("]\n");
      }
    }
    return b.append("schemaVersion: 2.1.0\nsdkVersion: kfp-2.14.6\n").toString();
  }
}
