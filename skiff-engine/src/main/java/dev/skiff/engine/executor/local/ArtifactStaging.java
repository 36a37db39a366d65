package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.StepResult;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.store.artifact.ArtifactStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Gives a process on this machine the artifacts that live in a remote store (S3): what KFP's
 * launcher does inside a pod, with a folder of the attempt in place of the {@code /s3/} mount.
 *
 * <ul>
 *   <li>Paths: an artifact whose URI the store serves remotely gets a staging path, {@code
 *       <attempt>/artifacts/<scheme>/<bucket>/<key>}, as its {@code customPath}; its {@code uri}
 *       stays the remote URI, as KFP's ExecutorInput has it. Placeholders ({@code .path}) and the
 *       Python runtime use the custom path.
 *   <li>Before the step runs, its input artifacts are {@linkplain #download downloaded} there.
 *   <li>After it exits 0, its output artifacts are {@linkplain #upload uploaded} from there (or
 *       from a custom path the step chose) to their URIs, before the result is reported; an output
 *       the step did not write is skipped, as KFP's launcher does.
 *   <li>Then the staging folder is {@linkplain #clean removed}.
 * </ul>
 *
 * URIs with a local path (the local store's {@code file:}) are not staged: the step uses the files
 * where they are.
 *
 * <p>Public for the Kubernetes launcher, which stages a pod's artifacts the same way in its shared
 * volume.
 */
public final class ArtifactStaging {
  private static final String FOLDER = "artifacts";

  /** No remote store: nothing is staged. */
  static final ArtifactStaging NONE = new ArtifactStaging(null);

  private final ArtifactStore store;

  /**
   * Staging for a store.
   *
   * @param store the artifact store, or null for none
   */
  public ArtifactStaging(ArtifactStore store) {
    this.store = store;
  }

  /** A staging step that could not be done; the message is the step's failure. */
  public static final class StagingException extends Exception {
    private static final long serialVersionUID = 1L;

    StagingException(String message) {
      super(message);
    }
  }

  /** The staging folder of an attempt. */
  public static Path root(Path attemptDir) {
    return attemptDir.resolve(FOLDER);
  }

  /** Whether the URI lives in the remote store (staged), not in a local folder. */
  boolean remote(String uri) {
    return store != null
        && uri.contains("://")
        && !uri.startsWith("file:")
        && store.handles(uri)
        && store.localPath(uri).isEmpty();
  }

  /**
   * The ExecutorInput with staging paths: each remote input artifact without a custom path, and
   * each remote output artifact, gets {@code customPath} = its staging path.
   *
   * @throws IllegalArgumentException when a URI's staging path would leave the staging folder
   */
  public ExecutorInput assign(ExecutorInput input, Path root) {
    if (store == null) {
      return input;
    }
    return new ExecutorInput(
        new ExecutorInput.Inputs(
            input.inputs().parameterValues(),
            map(input.inputs().artifacts(), a -> staged(a, root, false))),
        new ExecutorInput.Outputs(
            input.outputs().parameterFiles(),
            map(input.outputs().artifacts(), a -> staged(a, root, true)),
            input.outputs().outputFile()));
  }

  private RuntimeArtifact staged(RuntimeArtifact a, Path root, boolean output) {
    if (!remote(a.uri()) || (!output && a.customPath().isPresent())) {
      return a;
    }
    return new RuntimeArtifact(
        a.name(), a.type(), a.uri(), a.metadata(), Optional.of(path(root, a.uri()).toString()));
  }

  /** The staging path of a remote URI: {@code root/<scheme>/<bucket>/<key>}. */
  static Path path(Path root, String uri) {
    int sep = uri.indexOf("://");
    Path scheme = root.resolve(uri.substring(0, sep));
    Path p = scheme.resolve(uri.substring(sep + 3)).normalize();
    if (!p.startsWith(scheme) || p.equals(scheme)) {
      throw new IllegalArgumentException("artifact URI '" + uri + "' has no usable key");
    }
    return p;
  }

  /** The URI whose staging path {@code staged} is, if it lies in the staging folder. */
  static Optional<String> uriOf(Path root, Path staged) {
    Path p = staged.toAbsolutePath().normalize();
    if (!p.startsWith(root) || p.getNameCount() < root.getNameCount() + 3) {
      return Optional.empty();
    }
    Path rel = root.relativize(p);
    StringBuilder uri = new StringBuilder(rel.getName(0).toString()).append(":/");
    for (int i = 1; i < rel.getNameCount(); i++) {
      uri.append('/').append(rel.getName(i));
    }
    return Optional.of(uri.toString());
  }

  /**
   * Downloads the staged input artifacts of a launch (its ExecutorInput as {@link #assign} made it;
   * for a host KFP step the URIs may already be the staging paths).
   *
   * @throws StagingException naming the first artifact that could not be downloaded
   */
  public void download(ExecutorInput input, Path root) throws StagingException {
    if (store == null) {
      return;
    }
    for (Map.Entry<String, List<RuntimeArtifact>> e : input.inputs().artifacts().entrySet()) {
      for (RuntimeArtifact a : e.getValue()) {
        Optional<Path> to = a.customPath().map(Path::of).filter(p -> p.startsWith(root));
        if (to.isEmpty() || Files.exists(to.get())) {
          continue;
        }
        String uri = remote(a.uri()) ? a.uri() : uriOf(root, to.get()).orElseThrow();
        try {
          store.download(uri, to.get());
        } catch (NoSuchFileException x) {
          throw new StagingException(
              "input artifact '" + e.getKey() + "' is not in the artifact store at " + uri);
        } catch (IOException | RuntimeException x) {
          throw new StagingException(
              "cannot download input artifact '" + e.getKey() + "' from " + uri + ": " + x);
        }
      }
    }
  }

  /**
   * Uploads the output artifacts of a step that succeeded and gives them their remote URIs again
   * (without the staging path); any other result is returned as it is.
   *
   * @return the result, or {@link StepResult.Failed} naming an artifact that could not be stored
   */
  public StepResult upload(StepResult result, Path root) {
    if (store == null || !(result instanceof StepResult.Succeeded s)) {
      return result;
    }
    Map<String, List<RuntimeArtifact>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<RuntimeArtifact>> e : s.outputArtifacts().entrySet()) {
      List<RuntimeArtifact> list = new ArrayList<>(e.getValue().size());
      for (RuntimeArtifact a : e.getValue()) {
        try {
          list.add(upload(a, root));
        } catch (IOException | RuntimeException x) {
          return new StepResult.Failed(
              "cannot upload output artifact '" + e.getKey() + "': " + x.getMessage(), 0, s.took());
        }
      }
      out.put(e.getKey(), list);
    }
    return new StepResult.Succeeded(s.outputParameters(), out, s.took());
  }

  private RuntimeArtifact upload(RuntimeArtifact a, Path root) throws IOException {
    Optional<Path> custom = a.customPath().map(Path::of);
    Optional<Path> staged = custom.filter(p -> p.startsWith(root));
    Optional<Path> local = localPathOf(a.uri());
    String target;
    Path source;
    if (remote(a.uri())) {
      target = a.uri();
      source = custom.orElse(null);
    } else if (local.isPresent() && local.get().startsWith(root)) {
      // A host KFP step was given the staging path as the URI.
      target = uriOf(root, local.get()).orElseThrow();
      source = custom.orElse(local.get());
    } else if (local.isPresent()
        && staged.isPresent()
        && local.get().startsWith(root.getParent())) {
      // The step returned a file of its own attempt folder (e.g. under dsl.get_uri()): it goes
      // to the bucket at the planned URI, as everything the attempt leaves behind may be removed.
      target = uriOf(root, staged.get()).orElseThrow();
      source = local.get();
    } else {
      // A local artifact (a path the step chose outside its attempt): it stays where it is.
      Optional<String> keep = custom.filter(p -> !p.startsWith(root)).map(Path::toString);
      return new RuntimeArtifact(a.name(), a.type(), a.uri(), a.metadata(), keep);
    }
    if (source != null && Files.exists(source)) {
      store.upload(source, target);
    }
    Optional<String> keep = custom.filter(p -> !p.startsWith(root)).map(Path::toString);
    return new RuntimeArtifact(a.name(), a.type(), target, a.metadata(), keep);
  }

  /** The local path of a {@code file:} URI or a plain absolute path. */
  private static Optional<Path> localPathOf(String uri) {
    if (uri.startsWith("/")) {
      return Optional.of(Path.of(uri).normalize());
    }
    if (uri.startsWith("file:")) {
      try {
        return Optional.of(Path.of(URI.create(uri)).normalize());
      } catch (IllegalArgumentException | FileSystemNotFoundException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A copy of the artifact lists with each artifact mapped. */
  private static Map<String, List<RuntimeArtifact>> map(
      Map<String, List<RuntimeArtifact>> artifacts, UnaryOperator<RuntimeArtifact> f) {
    Map<String, List<RuntimeArtifact>> out = new LinkedHashMap<>();
    artifacts.forEach((name, list) -> out.put(name, list.stream().map(f).toList()));
    return out;
  }

  /** Removes the staging folder of an ended attempt (its artifacts are in the store). */
  static void clean(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Leftovers only cost disk space; the run folder goes with the run.
    }
  }
}
