package dev.skiff.server.web.runs;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.auth.SecurityHeaders;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.artifact.ArtifactFile;
import dev.skiff.store.artifact.ArtifactStat;
import dev.skiff.store.artifact.ArtifactStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Artifact previews: {@code /p/{profile}/runs/{runId}/artifacts?task=PATH&name=OUTPUT} shows an
 * output artifact of a task in the page: text (its head), CSV as a table (the first {@value
 * #CSV_ROWS} rows), images, and HTML and Markdown in a sandboxed frame whose document comes from
 * {@code …/artifacts/raw} (served with {@link SecurityHeaders#SANDBOXED_FRAME_CSP}: no script runs,
 * an opaque origin, framed by the dashboard only). The run is read through the catalog with the
 * caller's roles and the bytes from the engine's artifact store, as the API's ReadArtifact does;
 * the download link is that API endpoint.
 */
public final class ArtifactPreview {
  /** How much of a text artifact the page shows. */
  static final int TEXT_BYTES = 64 * 1024;

  /** How many CSV rows (after the header) the page shows. */
  static final int CSV_ROWS = 100;

  /** The most a Markdown artifact may be to be rendered. */
  static final int MARKDOWN_BYTES = 1024 * 1024;

  /** How many files of a folder artifact the page lists. */
  static final int FOLDER_FILES = 200;

  private final Pages pages;
  private final EngineSlot slot;

  ArtifactPreview(Pages pages, EngineSlot slot) {
    this.pages = pages;
    this.slot = slot;
  }

  /**
   * The page's model.
   *
   * @param kind how the artifact is shown
   * @param text the head of a text artifact (kind TEXT)
   * @param table the head of a CSV artifact (kind CSV)
   * @param truncated whether the text or table is only the start of the artifact
   * @param rawHref the raw route (image source, frame document)
   * @param downloadHref the API's download of the artifact
   * @param metadata the artifact's metadata as JSON ({@code {}} when none)
   * @param files the files of a folder artifact
   */
  public record Model(
      PageChrome chrome,
      String runName,
      String runHref,
      String task,
      String taskHref,
      String name,
      String type,
      String uri,
      long size,
      Kind kind,
      String text,
      CsvTable table,
      boolean truncated,
      String rawHref,
      String downloadHref,
      String metadata,
      List<ArtifactFile> files) {}

  /** How an artifact is shown. */
  public enum Kind {
    TEXT,
    CSV,
    IMAGE,
    HTML,
    MARKDOWN,
    FOLDER,
    BINARY,
    EMPTY
  }

  /** The artifact a request names, with what the store holds for it. */
  private record Found(
      RunView view, TaskRun task, String name, RuntimeArtifact artifact, ArtifactStat stat) {}

  void page(Context ctx, Catalog catalog) throws IOException {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "runs");
    Found f = find(ctx, catalog, profile);
    ArtifactStore store = slot.artifacts();
    String runId = f.view().run().id();
    String runHref = chrome.base("runs/" + DashboardPaths.segment(runId));
    String q =
        "?task="
            + DashboardPaths.query(f.task().path())
            + "&name="
            + DashboardPaths.query(f.name());
    String download =
        "/apis/v2beta1/runs/"
            + DashboardPaths.segment(runId)
            + "/nodes/"
            + DashboardPaths.segment(f.task().path())
            + "/artifacts/"
            + DashboardPaths.segment(f.name())
            + ":read?raw=true";
    Kind kind;
    String text = "";
    CsvTable table = null;
    boolean truncated = false;
    List<ArtifactFile> files = List.of();
    String uri = f.artifact().uri();
    if (f.stat().folder()) {
      kind = Kind.FOLDER;
      try (Stream<ArtifactFile> list = store.list(uri)) {
        files = list.limit(FOLDER_FILES + 1L).toList();
      }
      truncated = files.size() > FOLDER_FILES;
      files = files.subList(0, Math.min(files.size(), FOLDER_FILES));
    } else {
      byte[] head = head(store, uri, TEXT_BYTES);
      kind = kind(f.artifact(), head);
      truncated = f.stat().size() > head.length;
      if (kind == Kind.TEXT) {
        text = utf8Head(head, truncated);
      } else if (kind == Kind.CSV) {
        char sep = named(f.artifact(), ".tsv") ? '\t' : ',';
        try (Reader in = new InputStreamReader(store.open(uri), StandardCharsets.UTF_8)) {
          table = CsvTable.read(in, sep, CSV_ROWS + 1, 4L * 1024 * 1024);
        }
        truncated = table.truncated();
      }
    }
    String runName =
        f.view().run().displayName().isBlank()
            ? f.view().run().pipelineName()
            : f.view().run().displayName();
    pages.render(
        ctx,
        "runs/artifact.jte",
        new Model(
            chrome,
            runName,
            runHref,
            f.task().path(),
            runHref + "/tasks/" + DashboardPaths.segment(f.task().path()) + "/page",
            f.name(),
            f.artifact().type().schemaTitle(),
            uri,
            f.stat().size(),
            kind,
            text,
            table,
            truncated,
            runHref + "/artifacts/raw" + q,
            download,
            f.artifact().metadata().toJson(),
            files));
  }

  /**
   * The raw route: an image's bytes with its type, or an HTML or Markdown artifact as a sandboxed
   * document for the preview's frame. Anything else is a 404 (download it instead).
   */
  void raw(Context ctx, Catalog catalog) throws IOException {
    String profile = WebRequest.profile(ctx);
    Found f = find(ctx, catalog, profile);
    if (f.stat().folder()) {
      throw PageException.notFound("a folder artifact has no preview; download it");
    }
    ArtifactStore store = slot.artifacts();
    String uri = f.artifact().uri();
    Kind kind = kind(f.artifact(), head(store, uri, 16));
    ctx.header("Cache-Control", "no-cache, private");
    switch (kind) {
      case IMAGE -> {
        ctx.contentType(imageType(head(store, uri, 16)));
        ctx.header("Content-Disposition", "inline");
        ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        ctx.res().setContentLengthLong(f.stat().size());
        stream(ctx, store, uri);
      }
      case HTML -> {
        SecurityHeaders.sandboxedFrame(ctx);
        ctx.contentType("text/html; charset=utf-8");
        ctx.res().setContentLengthLong(f.stat().size());
        stream(ctx, store, uri);
      }
      case MARKDOWN -> {
        if (f.stat().size() > MARKDOWN_BYTES) {
          throw PageException.badRequest(
              "this Markdown artifact is larger than 1 MiB: download it to read it");
        }
        String md = new String(head(store, uri, MARKDOWN_BYTES), StandardCharsets.UTF_8);
        SecurityHeaders.sandboxedFrame(ctx);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(MarkdownDocument.render(md, f.name()));
      }
      default -> throw PageException.notFound("this artifact has no framed preview; download it");
    }
  }

  private Found find(Context ctx, Catalog catalog, String profile) throws IOException {
    RunView view = RunAccess.run(ctx, catalog, profile, ctx.pathParam("runId"));
    TaskRun task = RunAccess.task(view, RunAccess.required(ctx, "task"));
    String name = RunAccess.required(ctx, "name");
    RuntimeArtifact artifact = RunAccess.output(task, name);
    ArtifactStore store = slot.artifacts();
    ArtifactStat stat =
        store.handles(artifact.uri()) ? store.stat(artifact.uri()).orElse(null) : null;
    if (stat == null) {
      throw PageException.notFound(
          "output artifact '"
              + name
              + "' of task '"
              + task.path()
              + "' is not in the artifact store");
    }
    return new Found(view, task, name, artifact, stat);
  }

  private static void stream(Context ctx, ArtifactStore store, String uri) throws IOException {
    ctx.status(200);
    OutputStream out = ctx.res().getOutputStream();
    try (InputStream in = store.open(uri)) {
      in.transferTo(out);
    }
    out.flush();
  }

  private static byte[] head(ArtifactStore store, String uri, int limit) throws IOException {
    try (InputStream in = store.open(uri)) {
      return in.readNBytes(limit);
    }
  }

  /** How to show an artifact, from its schema, its name and its first bytes. */
  static Kind kind(RuntimeArtifact a, byte[] head) {
    if (head.length == 0) {
      return Kind.EMPTY;
    }
    if (imageType(head) != null) {
      return Kind.IMAGE;
    }
    String schema = a.type().schemaTitle();
    if (schema.equals("system.HTML") || named(a, ".html", ".htm")) {
      return Kind.HTML;
    }
    if (schema.equals("system.Markdown") || named(a, ".md")) {
      return Kind.MARKDOWN;
    }
    if (binary(head)) {
      return Kind.BINARY;
    }
    if (named(a, ".csv", ".tsv")) {
      return Kind.CSV;
    }
    try {
      CsvTable sniff =
          CsvTable.read(
              new InputStreamReader(new java.io.ByteArrayInputStream(head), StandardCharsets.UTF_8),
              ',',
              6,
              head.length);
      if (sniff.looksTabular()) {
        return Kind.CSV;
      }
    } catch (IOException e) {
      // reading from memory does not fail
    }
    return Kind.TEXT;
  }

  /** Whether the artifact's file name (the URI's last segment) or its name ends so. */
  private static boolean named(RuntimeArtifact a, String... endings) {
    String u = a.uri().endsWith("/") ? a.uri().substring(0, a.uri().length() - 1) : a.uri();
    String file = u.substring(u.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String name = a.name().toLowerCase(Locale.ROOT);
    for (String e : endings) {
      if (file.endsWith(e) || name.endsWith(e)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The image type of bytes by their signature (PNG, JPEG, GIF, WebP), or null. SVG is not an image
   * here: it may carry scripts.
   */
  static String imageType(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "image/jpeg";
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return "image/gif";
    }
    if (b.length >= 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  /** Whether bytes are not text: a NUL, or many bytes that are not valid UTF-8. */
  static boolean binary(byte[] head) {
    for (byte b : head) {
      if (b == 0) {
        return true;
      }
    }
    String s = new String(head, StandardCharsets.UTF_8);
    long bad = s.chars().filter(c -> c == 0xFFFD).count();
    return bad > 4 + head.length / 100;
  }

  /** The head as text, without a character cut at its end. */
  static String utf8Head(byte[] head, boolean truncated) {
    String s = new String(head, StandardCharsets.UTF_8);
    if (truncated && s.endsWith("\uFFFD")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
