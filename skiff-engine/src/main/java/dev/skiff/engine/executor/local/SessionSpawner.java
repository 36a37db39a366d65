package dev.skiff.engine.executor.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a step's process in a session and process group of its own, in one {@code posix_spawn}:
 * the program is exec'd once, where {@link ProcessBuilder} with {@code setsid} in front execs a
 * helper, then {@code setsid}, then the program (about 1 ms more per step on a small machine).
 *
 * <p>The one implementation, {@code PosixSpawner}, calls the C library through the JDK's foreign
 * function API; it is compiled for Java 22 (the API's first final release) and used only where it
 * can run: a JDK 22 or newer that allows native access to Skiff ({@code Enable-Native-Access} in
 * {@code skiff.jar}'s manifest, or {@code --enable-native-access=ALL-UNNAMED}) and a C library with
 * {@code posix_spawn}'s {@code POSIX_SPAWN_SETSID}, {@code addchdir_np} and {@code addclosefrom_np}
 * (glibc 2.34 or newer). Elsewhere the executor starts steps through {@code setsid} as before.
 */
interface SessionSpawner {
  Logger log = LoggerFactory.getLogger(SessionSpawner.class);

  /**
   * Starts {@code executable} with {@code argv} ({@code argv[0]} included) and exactly {@code env}
   * in {@code dir}: stdin from {@code /dev/null}, stdout and stderr appended to {@code output}, no
   * other file descriptor inherited, signal mask and dispositions at their defaults, in a new
   * session whose id is the process id.
   *
   * @throws IOException when it cannot start (the message names the cause)
   */
  Process spawn(Path executable, List<String> argv, Map<String, String> env, Path dir, Path output)
      throws IOException;

  /** The spawner this JVM can use, or empty (see the class comment). */
  static Optional<SessionSpawner> forThisJvm() {
    if (Runtime.version().feature() < 22 || !System.getProperty("os.name").startsWith("Linux")) {
      return Optional.empty();
    }
    try {
      Class<?> c = Class.forName("dev.skiff.engine.executor.local.PosixSpawner");
      return Optional.of((SessionSpawner) c.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.debug(
          "posix_spawn is not usable here ({}): steps start through setsid", cause.toString());
      return Optional.empty();
    }
  }
}
