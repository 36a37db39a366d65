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
}
