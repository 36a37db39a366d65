package dev.skiff.engine.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Turns what a caller sends (an upload, a URL) into the pipeline file's text, within the size
 * limit: plain YAML or JSON as it is; a {@code .tar.gz}/{@code .tgz} or {@code .zip} package as KFP
 * reads one (its {@code pipeline.yaml}, else its only {@code .yaml}, {@code .yml} or {@code .json}
 * file).
 */
final class PipelineFiles {
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

  private final CatalogSettings settings;

  PipelineFiles(CatalogSettings settings) {
    this.settings = settings;
  }

  /**
   * The text of an uploaded file or package.
   *
   * @throws CatalogException.TooLarge over the limit
   * @throws CatalogException.Invalid for an unreadable package or a file that is not UTF-8 text
   */
  String text(byte[] bytes, String fileName) {
    checkSize(bytes.length, fileName);
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      return fromTarGz(bytes, fileName);
    }
    if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
      return fromZip(bytes, fileName);
    }
    return utf8(bytes, fileName);
  }

  /**
   * Fetches a package URL the settings allow, and reads it as {@link #text}.
   *
   * @throws CatalogException.Invalid for a scheme that is not allowed, or a fetch that fails
   */
  String fetch(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new CatalogException.Invalid("package_url.pipeline_url is not a URL: '" + url + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!settings.packageUrlSchemes().contains(scheme)) {
      throw new CatalogException.Invalid(
          "package_url "
              + (scheme.isEmpty() ? "without a scheme" : "with scheme " + scheme + ":")
              + " is not allowed on this server"
              + (settings.packageUrlSchemes().isEmpty()
                  ? " (it fetches none; upload the file, or send pipeline_spec)"
                  : " (allowed: " + String.join(", ", settings.packageUrlSchemes()) + ")"));
    }
    String name = fileName(uri);
    return text(scheme.equals("file") ? readFile(uri) : download(uri), name);
  }

  private byte[] readFile(URI uri) {
    try {
      Path p = Path.of(uri);
      if (Files.size(p) > settings.maxPipelineBytes()) {
        checkSize(Files.size(p), p.getFileName().toString());
      }
      return Files.readAllBytes(p);
    } catch (IOException | IllegalArgumentException e) {
      throw new CatalogException.Invalid("cannot read package_url " + uri + ": " + e.getMessage());
    }
  }

  private byte[] download(URI uri) {
    try (HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(FETCH_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build()) {
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) {
          throw new CatalogException.Invalid(
              "cannot fetch package_url " + uri + ": HTTP " + r.statusCode());
        }
        return readLimited(in, fileName(uri));
      }
    } catch (IOException e) {
      throw new CatalogException.Invalid("cannot fetch package_url " + uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException.Invalid("interrupted while fetching package_url " + uri);
    }
  }

  private String fromTarGz(byte[] bytes, String fileName) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = cString(header, 0, 100);
        String prefix = cString(header, 345, 155);
        long size =
            Long.parseLong(
                cString(header, 124, 12).strip().isEmpty() ? "0" : cString(header, 124, 12).strip(),
                8);
        char type = (char) header[156];
        checkSize(size, fileName);
        byte[] content = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (type == '0' || type == 0) {
          files.put(prefix.isEmpty() ? name : prefix + "/" + name, content);
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new CatalogException.Invalid(fileName + " is not a readable .tar.gz package: " + e);
    }
    return choose(files, fileName);
  }

  private String fromZip(byte[] bytes, String fileName) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          files.put(e.getName(), readLimited(in, fileName));
        }
      }
    } catch (IOException e) {
      throw new CatalogException.Invalid(fileName + " is not a readable .zip package: " + e);
    }
    return choose(files, fileName);
  }

  /** KFP's choice: pipeline.yaml, else the only YAML or JSON file. */
  private String choose(Map<String, byte[]> files, String fileName) {
    List<String> candidates = new ArrayList<>();
    for (String name : files.keySet()) {
      String base = name.substring(name.lastIndexOf('/') + 1);
      if (base.equals("pipeline.yaml")) {
        return utf8(files.get(name), fileName + ":" + name);
      }
      String lower = base.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) {
        candidates.add(name);
      }
    }
    if (candidates.size() != 1) {
      throw new CatalogException.Invalid(
          fileName
              + ": a package must hold pipeline.yaml or exactly one .yaml/.yml/.json file, found "
              + (candidates.isEmpty() ? "none" : String.join(", ", candidates)));
    }
    return utf8(files.get(candidates.getFirst()), fileName + ":" + candidates.getFirst());
  }

  private byte[] readLimited(InputStream in, String fileName) throws IOException {
    long max = settings.maxPipelineBytes();
    byte[] b = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
    checkSize(b.length, fileName);
    return b;
  }

  private void checkSize(long size, String fileName) {
    if (size > settings.maxPipelineBytes()) {
      throw new CatalogException.TooLarge(
          fileName
              + " is larger than this server's limit of "
              + (settings.maxPipelineBytes() / (1024 * 1024) > 0
                  ? settings.maxPipelineBytes() / (1024 * 1024) + " MiB"
                  : settings.maxPipelineBytes() + " bytes"));
    }
  }

  private static String utf8(byte[] bytes, String fileName) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CatalogException.Invalid(
          fileName + " is not a pipeline file (YAML or JSON text) nor a .tar.gz or .zip package");
    }
  }

  private static String cString(byte[] b, int from, int len) {
    int end = from;
    while (end < from + len && b[end] != 0) {
      end++;
    }
    return new String(b, from, end - from, StandardCharsets.UTF_8);
  }

  private static String fileName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String base = path.substring(path.lastIndexOf('/') + 1);
    return base.isEmpty() ? uri.toString() : base;
  }
}
