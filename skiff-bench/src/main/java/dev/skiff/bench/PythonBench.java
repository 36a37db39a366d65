package dev.skiff.bench;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * B9: per-step time of a trivial lightweight Python component (as the KFP SDK compiles it, pip
 * preamble and all) run through the engine, against {@code python3 -c} of the same function. Gate:
 * engine ≤ baseline + 50 ms per step, and no step runs pip.
 */
final class PythonBench {
  private static final int STEPS = 20;
  private static final String FUNCTION = "def add_one(x: int) -> int:\n    return x + 1\n";
  private static final String PREAMBLE =
      "\nif ! [ -x \"$(command -v pip)\" ]; then\n    python3 -m ensurepip || python3 -m ensurepip"
          + " --user || apt-get install python3-pip\nfi\n\nPIP_DISABLE_PIP_VERSION_CHECK=1 python3"
          + " -m pip install --quiet --no-warn-script-location 'kfp==2.14.3' '--no-deps'"
          + " 'typing-extensions>=3.7.4,<5; python_version<\"3.9\"' && \"$0\" \"$@\"\n";
  private static final String PROGRAM =
      "program_path=$(mktemp -d)\n\nprintf \"%s\" \"$0\" > \"$program_path/ephemeral_component.py\"\n"
          + "_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main --component_module_path"
          + " \"$program_path/ephemeral_component.py\" \"$@\"\n";

  private final Path work;
  private final int reps;

  PythonBench(Path work, int reps) {
    this.work = work;
    this.reps = reps;
  }

  void run(Table table) throws Exception {
    Path home = Files.createDirectories(work.resolve("b9"));
    Samples base = new Samples();
    Samples platform = new Samples();
    int pipSteps = 0;
    String runtime = "?";
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        LocalProcessExecutor executor =
            new LocalProcessExecutor(LocalExecutorConfig.defaults(), home)) {
      RunService runs =
          new RunService(
              db.runs(),
              executor,
              new LocalArtifactStore(home.resolve("artifacts")),
              EngineConfig.defaults());
      try {
        String yaml = chain(STEPS);
        run(runs, chain(2)); // warm-up: interpreter probe, runtime extraction, JIT
        for (int i = 0; i < reps; i++) {
          base.add(rawPython(STEPS) / STEPS);
          long t0 = System.nanoTime();
          RunView view = run(runs, yaml);
          platform.add((System.nanoTime() - t0) / 1e6 / STEPS);
          for (TaskRun t : view.tasks()) {
            String r = t.attempts().getLast().runtime().orElse("");
            runtime = r;
            pipSteps += r.equals("sdk-pip") ? 1 : 0;
          }
        }
      } finally {
        runs.close();
      }
    }
    double b = base.median();
    double p = platform.median();
    table.add(
        new Row(
            "B9",
            "trivial Python component, per step (" + runtime + ")",
            String.format("%.1f ms", b),
            String.format("%.1f ms", p),
            String.format("%.2f", p / b),
            "-",
            "≤ python3 -c + 50 ms",
            p <= b + 50));
    table.add(Row.report("B9", "steps that ran pip install", Integer.toString(pipSteps)));
  }

  private static RunView run(RunService runs, String yaml) throws Exception {
    String id = runs.submit(yaml, "b9.yaml", Map.of(), RunOptions.DEFAULT.withCache(false));
    RunView done = runs.completion(id).join();
    if (done.run().state() != RunState.SUCCEEDED) {
      throw new IllegalStateException("B9 run " + done.run().state() + ": " + done.run().error());
    }
    return done;
  }

  /**
   * The real interpreter behind {@code python3} (not a pyenv shim: that would slow the baseline).
   */
  private static String realPython() throws Exception {
    Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.waitFor() == 0 && !out.isEmpty() ? out : "python3";
  }

  /** {@code n} sequential {@code python3 -c} runs of the same function, in ms. */
  private static double rawPython(int n) throws Exception {
    String code = FUNCTION + "print(add_one(1))\n";
    String python = realPython();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Process p =
          new ProcessBuilder(python, "-c", code)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(new File("/dev/null"))
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("python3 -c failed");
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** A chain of {@code n} add_one steps, each fed by the one before, as JSON (valid YAML). */
  static String chain(int n) {
    Map<String, JsonValue> tasks = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Map<String, JsonValue> x = new LinkedHashMap<>();
      if (i == 0) {
        x.put("runtimeValue", obj("constant", JsonValue.of(0)));
      } else {
        x.put(
            "taskOutputParameter",
            obj("producerTask", JsonValue.of("s" + (i - 1)), "outputParameterKey", str("Output")));
      }
      Map<String, JsonValue> t = new LinkedHashMap<>();
      t.put("componentRef", obj("name", str("comp-add-one")));
      t.put("taskInfo", obj("name", str("s" + i)));
      t.put("inputs", obj("parameters", obj("x", JsonValue.struct(x))));
      t.put("cachingOptions", obj("enableCache", JsonValue.of(false)));
      if (i > 0) {
        t.put("dependentTasks", JsonValue.list(List.of(str("s" + (i - 1)))));
      }
      tasks.put("s" + i, JsonValue.struct(t));
    }
    JsonValue container =
        obj(
            "image", str("python:3.11"),
            "command",
                JsonValue.list(
                    List.of(
                        str("sh"),
                        str("-c"),
                        str(PREAMBLE),
                        str("sh"),
                        str("-ec"),
                        str(PROGRAM),
                        str("\nfrom kfp import dsl\nfrom kfp.dsl import *\n\n" + FUNCTION))),
            "args",
                JsonValue.list(
                    List.of(
                        str("--executor_input"),
                        str("{{$}}"),
                        str("--function_to_execute"),
                        str("add_one"))));
    JsonValue component =
        obj(
            "executorLabel", str("exec-add-one"),
            "inputDefinitions",
                obj("parameters", obj("x", obj("parameterType", str("NUMBER_INTEGER")))),
            "outputDefinitions",
                obj("parameters", obj("Output", obj("parameterType", str("NUMBER_INTEGER")))));
    JsonValue doc =
        obj(
            "pipelineInfo", obj("name", str("b9-python-chain")),
            "schemaVersion", str("2.1.0"),
            "sdkVersion", str("kfp-2.14.3"),
            "components", obj("comp-add-one", component),
            "deploymentSpec", obj("executors", obj("exec-add-one", obj("container", container))),
            "root", obj("dag", obj("tasks", JsonValue.struct(tasks))));
    return new String(doc.toJson().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static JsonValue str(String s) {
    return JsonValue.of(s);
  }

  private static JsonValue.Obj obj(Object... kv) {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (JsonValue) kv[i + 1]);
    }
    return JsonValue.struct(m);
  }
}
