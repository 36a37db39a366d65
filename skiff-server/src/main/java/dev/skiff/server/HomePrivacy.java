package dev.skiff.server;

import dev.skiff.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Skiff home private to its owner: the home folder 0700 and the files in it that hold
 * secrets or run data 0600. Homes made by older versions (0755 folders, 0644 files) are narrowed
 * when a server or the CLI opens them. Only the home and its well-known entries are checked, not
 * every run's folder: with the home closed to others, nothing below it can be reached.
 */
public final class HomePrivacy {
  private static final Logger log = LoggerFactory.getLogger(HomePrivacy.class);

  /** Entries of a home that are narrowed on start, besides the home itself. */
  private static final List<String> ENTRIES =
      List.of(
          "token",
          "server.json",
          "skiff.yaml",
          "logs",
          "logs/server.log",
          "artifacts",
          "runs",
          "db",
          "db/skiff.mv.db",
          "db/skiff.trace.db");

  private HomePrivacy() {}

  /** Narrows {@code home} and its well-known entries to their owner; warns when it cannot. */
  public static void tighten(Path home) {
    try {
      if (PrivateFiles.tighten(home)) {
        log.warn("SKIFF_HOME {} was open to other users; narrowed it to mode 700", home);
      }
    } catch (IOException e) {
      log.warn("SKIFF_HOME {} is open to other users and cannot be narrowed: {}", home, e);
    }
    for (String entry : ENTRIES) {
      Path p = home.resolve(entry);
      try {
        if (PrivateFiles.tighten(p)) {
          log.info("Narrowed {} to its owner", p);
        }
      } catch (IOException e) {
        log.warn("{} is open to other users and cannot be narrowed: {}", p, e.toString());
      }
    }
  }
}
