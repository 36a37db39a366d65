package dev.skiff.server;

import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * {@code $SKIFF_HOME/server.json}: where the server on this home listens and which process it is,
 * so that the CLI in another terminal talks to it instead of opening the home's database (which a
 * server opens for itself alone). Written once the server is ready, removed when it stops.
 *
 * @param url the address clients use
 * @param pid the server's process id (a file whose process is gone is stale)
 */
public record ServerFile(URI url, long pid) {
  /** The file name inside the home. */
  public static final String NAME = "server.json";

  /** Where the file of {@code home} lives. */
  public static Path path(Path home) {
    return home.resolve(NAME);
  }

  /**
   * Writes the file atomically (readers see the old file, none, or the new one).
   *
   * @throws IOException when it cannot be written
   */
  public void write(Path home) throws IOException {
    String json =
        JsonValue.struct(Map.of("url", JsonValue.of(url.toString()), "pid", JsonValue.of(pid)))
            .toJson();
    Path tmp = Files.createTempFile(home, "server", ".json.tmp");
    try {
      Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, path(home), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The file of {@code home}, when there is a readable one (a file that does not parse is treated
   * as absent: it only ever serves as a hint).
   */
  public static Optional<ServerFile> read(Path home) {
    try {
      String text = Files.readString(path(home), StandardCharsets.UTF_8);
      if (JsonValue.parse(text) instanceof JsonValue.Obj o
          && o.get("url") instanceof JsonValue.Str url
          && o.get("pid") instanceof JsonValue.Num pid) {
        return Optional.of(new ServerFile(URI.create(url.value()), (long) pid.value()));
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Deletes the file of {@code home} if it still names process {@code pid}. */
  public static void deleteIfOwnedBy(Path home, long pid) throws IOException {
    if (read(home).map(f -> f.pid() == pid).orElse(false)) {
      Files.deleteIfExists(path(home));
    }
  }

  /** Whether the process the file names is still alive. */
  public boolean processAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
