package dev.skiff.kubernetes.launcher;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.local.ArtifactStaging;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.pipeline.executor.ExecutorInput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where things are in the pod's shared volume. Both phases compute the same paths from the same
 * launch, so {@code collect} reads what {@code prepare} planned without a file between them.
 *
 * <pre>
 * run.sh                 the script the user's container runs
 * started, exit-code     written by run.sh when the command starts and when it exits
 * stderr                 the command's stderr (run.sh copies it there as it streams it)
 * outputs/&lt;name&gt;         output parameter files; outputs/executor_output.json
 * artifacts/&lt;scheme&gt;/&lt;bucket&gt;/&lt;key&gt;   input and output artifacts ({@link ArtifactStaging})
 * python/                the component module of a lightweight Python component
 * python-runtime/        Skiff's Python runtime (the {@code kfp} package), when one is needed
 * report.json            the attempt's report, before it is uploaded
 * </pre>
 *
 * @param root the volume as the launcher sees it ({@link PodContract#ENV_ROOT}); the user's
 *     container sees it at the same path
 */
record VolumeLayout(Path root) {

  Path runScript() {
    return root.resolve(PodContract.RUN_SCRIPT);
  }

  Path exitCodeFile() {
    return root.resolve(PodContract.EXIT_CODE_FILE);
  }

  Path startedFile() {
    return root.resolve("started");
  }

  Path stderrFile() {
    return root.resolve("stderr");
  }

  Path outputsDir() {
    return root.resolve("outputs");
  }

  Path stagingRoot() {
    return ArtifactStaging.root(root);
  }

  Path pythonDir() {
    return root.resolve("python");
  }

  Path reportFile() {
    return root.resolve("report.json");
  }

  /** Where the store would keep local ({@code file:}) artifacts; unused with S3. */
  Path storeHome() {
    return root.resolve(".store");
  }

  /**
   * The ExecutorInput the step is given: output parameter files and the ExecutorOutput file under
   * {@code outputs/}, and a staging path in the volume as {@code customPath} of each artifact in
   * the remote store.
   *
   * @throws LauncherException when an output name is not a file name or a URI has no usable key
   */
  ExecutorInput executorInput(StepLaunch launch, ArtifactStaging staging) throws LauncherException {
    Path outputs = outputsDir();
    Map<String, String> files = new LinkedHashMap<>();
    for (String name : launch.outputParameters().keySet()) {
      Path file = outputs.resolve(name).normalize();
      if (!file.getParent().equals(outputs) || name.equals("executor_output.json")) {
        throw LauncherException.failed("output parameter name '" + name + "' is not a file name");
      }
      files.put(name, file.toString());
    }
    ExecutorInput logical = launch.executorInput();
    ExecutorInput local =
        new ExecutorInput(
            logical.inputs(),
            new ExecutorInput.Outputs(
                files,
                logical.outputs().artifacts(),
                outputs.resolve("executor_output.json").toString()));
    try {
      return staging.assign(local, stagingRoot());
    } catch (IllegalArgumentException e) {
      throw LauncherException.failed(e.getMessage());
    }
  }
}
