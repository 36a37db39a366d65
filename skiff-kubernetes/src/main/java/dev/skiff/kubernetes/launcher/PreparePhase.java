package dev.skiff.kubernetes.launcher;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.local.ArtifactStaging;
import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.pipeline.executor.ArtifactPaths;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.store.artifact.ArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code prepare} phase (init container, Skiff's image): plans the step's files in the volume,
 * expands its command, downloads its input artifacts and writes {@link PodContract#RUN_SCRIPT}.
 *
 * <p>A step that cannot be prepared (a missing input artifact, a placeholder that does not expand)
 * gets a {@link AttemptReport.Failed} report with no exit code, so the executor learns why without
 * reading logs. Folders the step writes into are made writable by every user: the user's image may
 * run as another user than Skiff's.
 */
final class PreparePhase {
  private PreparePhase() {}

  /**
   * Prepares the step.
   *
   * @return the line to print
   * @throws LauncherException when the step cannot run (its report is stored when possible)
   */
  static String run(PodEnvironment env) throws LauncherException {
    VolumeLayout layout = new VolumeLayout(env.root());
    StepLaunch launch = env.launch();
    try (ArtifactStore store = open(env, layout)) {
      try {
        PodCommand command = prepare(launch, layout, new ArtifactStaging(store));
        return "prepared " + launch.id() + " (" + command.runtime() + ")";
      } catch (LauncherException e) {
        AttemptReport.Failed failed = new AttemptReport.Failed(e.getMessage(), null, 0);
        try {
          ReportUpload.store(store, launch, layout, failed);
        } catch (LauncherException unreported) {
          throw LauncherException.failed(e.getMessage() + "; " + unreported.getMessage());
        }
        throw e;
      }
    }
  }

  static ArtifactStore open(PodEnvironment env, VolumeLayout layout) throws LauncherException {
    try {
      return env.artifacts().open(layout.storeHome());
    } catch (RuntimeException e) {
      throw LauncherException.failed("cannot open the artifact store: " + e.getMessage());
    }
  }

  private static PodCommand prepare(StepLaunch launch, VolumeLayout layout, ArtifactStaging staging)
      throws LauncherException {
    ExecutorInput input = layout.executorInput(launch, staging);
    PodCommand command = PodCommands.build(launch, input, new PythonInPod(layout));
    try {
      writableFolders(layout, input);
      staging.download(input, layout.stagingRoot());
      String script = RunScript.render(layout, command, launch.id().toString());
      for (Map.Entry<String, String> f : command.files().entrySet()) {
        Path file = layout.root().resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
      }
      Files.writeString(layout.runScript(), script, StandardCharsets.UTF_8);
    } catch (ArtifactStaging.StagingException e) {
      throw LauncherException.failed(e.getMessage());
    } catch (IOException e) {
      throw LauncherException.failed("cannot write to the volume " + layout.root() + ": " + e);
    }
    return command;
  }

  /** The folders of output files and artifacts in the volume, created writable by all. */
  private static void writableFolders(VolumeLayout layout, ExecutorInput input) throws IOException {
    Set<Path> dirs = new LinkedHashSet<>();
    dirs.add(layout.outputsDir());
    for (String f : input.outputs().parameterFiles().values()) {
      dirs.add(Path.of(f).getParent());
    }
    for (List<RuntimeArtifact> list : input.outputs().artifacts().values()) {
      for (RuntimeArtifact a : list) {
        Optional<String> p = ArtifactPaths.localPath(a);
        p.map(Path::of).map(Path::getParent).ifPresent(dirs::add);
      }
    }
    Path root = layout.root().normalize();
    for (Path dir : dirs) {
      Path d = dir.toAbsolutePath().normalize();
      if (!d.startsWith(root) || d.equals(root)) {
        continue; // outside the volume: another container's file system
      }
      Files.createDirectories(d);
      for (Path p = d; !p.equals(root); p = p.getParent()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
    }
  }
}
