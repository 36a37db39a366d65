package dev.skiff.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.api.ApiJson;
import dev.skiff.store.fs.FileErrors;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The API tokens {@code skiff login} stored, one per server, in {@code
 * $XDG_CONFIG_HOME/skiff/credentials.json} (default {@code ~/.config/skiff/credentials.json}).
 * Servers are keyed by their base URL as {@link #key} writes it. The file is created readable by
 * its owner only (0600, in a 0700 folder) and replaced whole on every change, so a reader never
 * sees half of it and there is no moment where others could read it.
 */
final class Credentials {
  /** The file's name in the folder. */
  static final String FILE = "credentials.json";

  /**
   * A system property that names the folder instead of the environment (for tests and programs that
   * run the CLI in their own process, where the environment cannot be changed).
   */
  static final String FOLDER_PROPERTY = "skiff.config.dir";

  private final Path file;

  Credentials(Path file) {
    this.file = file;
  }

  /** The file in the default folder: see {@link #folder}. */
  static Credentials of(Map<String, String> env) {
    return new Credentials(folder(env).resolve(FILE));
  }

  /**
   * {@code -Dskiff.config.dir}, else {@code $XDG_CONFIG_HOME/skiff}, else {@code ~/.config/skiff}.
   */
  static Path folder(Map<String, String> env) {
    String property = System.getProperty(FOLDER_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    // The XDG spec: a relative value is invalid and is ignored.
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "skiff");
    }
    return Path.of(System.getProperty("user.home"), ".config", "skiff");
  }

  /** Where the tokens are kept. */
  Path file() {
    return file;
  }

  /**
   * A stored sign-in.
   *
   * @param token the API token
   * @param user who the server said it belongs to
   * @param savedAt when it was stored
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Entry(String token, String user, Instant savedAt) {}

  /** The file's content. */
  record Content(Map<String, Entry> servers) {
    Content {
      servers = servers == null ? new TreeMap<>() : new TreeMap<>(servers);
    }
  }

  /**
   * A server's base URL as the file keys it: lowercase scheme and host, no default port, no
   * trailing slash, no query. {@code http://LocalHost:80/} and {@code http://localhost} are one.
   */
  static String key(URI server) {
    String scheme = server.getScheme().toLowerCase(Locale.ROOT);
    int port = server.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String host = server.getHost().toLowerCase(Locale.ROOT);
    String path = server.getRawPath() == null ? "" : server.getRawPath().replaceAll("/+$", "");
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
  }

  /** The sign-in stored for {@code server}. */
  Optional<Entry> find(URI server) {
    return Optional.ofNullable(read().servers().get(key(server)));
  }

  /** Everything stored. */
  Content read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Content(null);
    } catch (IOException e) {
      throw new CommandFailure("cannot read " + file + ": " + FileErrors.describe(e));
    }
    try {
      return ApiJson.mapper().readValue(text, Content.class);
    } catch (JsonProcessingException e) {
      throw new UsageError(
          file
              + " is not a credentials file skiff wrote ("
              + e.getOriginalMessage()
              + "); fix it or delete it and run 'skiff login' again");
    }
  }

  /** Stores {@code entry} for {@code server}, replacing what was there. */
  void save(URI server, Entry entry) {
    Content c = read();
    c.servers().put(key(server), entry);
    write(c);
  }

  /** Removes the sign-in of {@code server}; what was stored. */
  Optional<Entry> remove(URI server) {
    Content c = read();
    Entry gone = c.servers().remove(key(server));
    if (gone != null) {
      write(c);
    }
    return Optional.ofNullable(gone);
  }

  private void write(Content c) {
    Path folder = file.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(folder, posix ? attributes("rwx------") : new FileAttribute<?>[0]);
      }
      // Created with the permissions, not chmod-ed after, then moved over the old file at once.
      Path next =
          Files.createTempFile(
              folder,
              ".credentials",
              ".tmp",
              posix ? attributes("rw-------") : new FileAttribute<?>[0]);
      try {
        Files.writeString(
            next,
            ApiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n",
            StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(next);
      }
    } catch (IOException e) {
      throw new CommandFailure("cannot write " + file + ": " + FileErrors.describe(e));
    }
  }

  private static FileAttribute<?>[] attributes(String permissions) {
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
    };
  }
}
