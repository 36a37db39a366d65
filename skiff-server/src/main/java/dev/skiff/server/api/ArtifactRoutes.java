package dev.skiff.server.api;

import dev.skiff.api.RunViews;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.store.artifact.ArtifactFile;
import dev.skiff.store.artifact.ArtifactStat;
import dev.skiff.store.artifact.ArtifactStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /apis/v2beta1/runs/{run_id}/nodes/{node_id}/artifacts/{artifact_name}:read}, KFP's
 * ReadArtifact: {@code {"data": "<base64>"}} ({@code application/json}, {@code Cache-Control:
 * no-cache, private}), streamed from the artifact store as KFP's API server streams it, never held
 * in memory.
 *
 * <ul>
 *   <li>{@code node_id}: the task's {@code task_id} from {@code run_details.task_details} (KFP's v2
 *       runs name Argo nodes there; Skiff has no Argo), or its task path ({@code train}, {@code
 *       for-loop-2/0/train}).
 *   <li>{@code artifact_name}: one of the task's output artifacts ({@code model}, {@code Output}).
 *   <li>{@code data}: a file artifact's bytes; a folder artifact as a gzipped tar of its files
 *       (Argo stores artifacts as such archives, which is what KFP's endpoint returns).
 *   <li>{@code ?raw=true} (a Skiff extension): the bytes themselves, with a {@code Content-Type}
 *       from the name, a {@code Content-Length} and a {@code Content-Disposition}; a folder as
 *       {@code application/gzip} ({@code NAME.tar.gz}).
 * </ul>
 *
 * A run the caller may not see, an unknown node or artifact, and an artifact missing from the store
 * answer 404 (problem+json).
 */
public final class ArtifactRoutes {
  private static final Logger log = LoggerFactory.getLogger(ArtifactRoutes.class);

  private final EngineSlot engine;
  private final RunRoutes runRoutes;

  /** Routes over the server's engine; {@code runRoutes} decides which runs a caller sees. */
  public ArtifactRoutes(EngineSlot engine, RunRoutes runRoutes) {
    this.engine = engine;
    this.runRoutes = runRoutes;
  }

  /** Installs the endpoint (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(
        RunRoutes.RUNS + "/{run_id}/nodes/{node_id}/artifacts/{artifact_name}:read", this::read);
  }

  /** An output artifact found for a request, and what the store holds at its URI. */
  private record Found(String name, RuntimeArtifact artifact, ArtifactStat stat) {}

  private void read(Context ctx) throws IOException {
    boolean raw = RunRoutes.booleanParam(ctx, "raw", false);
    Found f = find(ctx);
    ArtifactStore store = engine.artifacts();
    ctx.status(200);
    ctx.header("Cache-Control", "no-cache, private");
    if (raw) {
      String file = lastSegment(f.artifact().uri(), f.name());
      if (f.stat().folder()) {
        ctx.contentType("application/gzip");
        ctx.header("Content-Disposition", attachment(file + ".tar.gz"));
      } else {
        String type = URLConnection.guessContentTypeFromName(file);
        ctx.contentType(type == null ? "application/octet-stream" : type);
        ctx.header("Content-Disposition", attachment(file));
        ctx.res().setContentLengthLong(f.stat().size());
      }
    } else {
      ctx.contentType("application/json");
    }
    OutputStream out = ctx.res().getOutputStream();
    try {
      if (raw) {
        body(store, f, out);
      } else {
        out.write("{\"data\":\"".getBytes(StandardCharsets.US_ASCII));
        // The encoder's close writes the last group and padding; the response stays open.
        try (OutputStream b64 = Base64.getEncoder().wrap(new KeepOpen(out))) {
          body(store, f, b64);
        }
        out.write("\"}".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException e) {
      // The status is sent: a failure now can only cut the stream short, as in KFP.
      log.warn(
          "reading {} for {} stopped: {}",
          f.artifact().uri(),
          ApiAuthFilter.caller(ctx).user(),
          e.toString());
    }
  }

  private Found find(Context ctx) throws IOException {
    RunView view = runRoutes.visibleRun(ctx);
    String runId = view.run().id();
    String node = ctx.pathParam("node_id");
    String name = ctx.pathParam("artifact_name");
    TaskRun task =
        view.tasks().stream()
            .filter(t -> t.path().equals(node) || RunViews.taskId(runId, t.path()).equals(node))
            .findFirst()
            .orElseThrow(
                () -> new NotFoundResponse("run " + runId + " has no node '" + node + "'"));
    List<RuntimeArtifact> list = task.outputs().artifacts().get(name);
    if (list == null || list.isEmpty()) {
      throw new NotFoundResponse(
          "node '"
              + node
              + "' of run "
              + runId
              + " has no output artifact '"
              + name
              + "'"
              + (task.outputs().artifacts().isEmpty()
                  ? ""
                  : " (it has: " + String.join(", ", task.outputs().artifacts().keySet()) + ")"));
    }
    RuntimeArtifact artifact = list.getFirst();
    ArtifactStore store = engine.artifacts();
    ArtifactStat stat =
        store.handles(artifact.uri()) ? store.stat(artifact.uri()).orElse(null) : null;
    if (stat == null) {
      throw new NotFoundResponse(
          "output artifact '"
              + name
              + "' of node '"
              + node
              + "' is not in the artifact store ("
              + artifact.uri()
              + ")");
    }
    return new Found(name, artifact, stat);
  }

  /** Writes the artifact: a file's bytes, or a folder as a gzipped tar. */
  private static void body(ArtifactStore store, Found f, OutputStream out) throws IOException {
    String uri = f.artifact().uri();
    if (!f.stat().folder()) {
      try (InputStream in = store.open(uri)) {
        in.transferTo(out);
      }
      return;
    }
    GZIPOutputStream gz = new GZIPOutputStream(new KeepOpen(out), 64 * 1024);
    TarArchive tar = new TarArchive(gz, System.currentTimeMillis() / 1000);
    String folder = lastSegment(uri, f.name());
    try (Stream<ArtifactFile> files = store.list(uri)) {
      Iterator<ArtifactFile> it = files.iterator();
      while (it.hasNext()) {
        ArtifactFile file = it.next();
        String child = child(uri, file.path());
        try (InputStream in = store.open(child)) {
          tar.add(folder + "/" + file.path(), file.size(), in);
        }
      }
    }
    tar.finish();
    gz.finish();
  }

  /** The URI of a file of a folder artifact ({@code file:} URIs are encoded). */
  private static String child(String folder, String path) {
    if (folder.startsWith("file:")) {
      return Path.of(URI.create(folder)).resolve(path).toUri().toString();
    }
    return folder.endsWith("/") ? folder + path : folder + "/" + path;
  }

  private static String lastSegment(String uri, String fallback) {
    String u = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    int slash = u.lastIndexOf('/');
    String last = slash < 0 ? u : u.substring(slash + 1);
    return last.isEmpty() || last.contains(":") ? fallback : last;
  }

  private static String attachment(String file) {
    return "attachment; filename=\"" + file.replaceAll("[\"\\\\\\r\\n]", "_") + "\"";
  }

  /** Passes writes on; {@code close} only flushes, so an encoder can end without the response. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
