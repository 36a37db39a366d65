package dev.skiff.engine.executor.local.notebook;

import dev.skiff.engine.executor.notebook.ServerLaunch;
import dev.skiff.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes a server's folders before it starts: its private folder and workspace (0700: they hold the
 * user's work and credentials), and a link in the workspace for each data volume, at the volume's
 * mount path, to the profile's volume folder.
 */
final class ServerWorkspace {
  private ServerWorkspace() {}

  static void prepare(ServerLaunch launch) throws IOException {
    PrivateFiles.createDirectories(launch.privateDir());
    PrivateFiles.createDirectories(launch.workspace());
    for (Map.Entry<String, Path> link : launch.links().entrySet()) {
      PrivateFiles.createDirectories(link.getValue());
      Path at = launch.workspace().resolve(link.getKey()).normalize();
      if (!at.startsWith(launch.workspace()) || at.equals(launch.workspace())) {
        throw new IOException("volume path " + link.getKey() + " leaves the workspace");
      }
      if (Files.isSymbolicLink(at)) {
        Files.delete(at); // made by an earlier start; the volume may have moved
      } else if (Files.exists(at)) {
        throw new IOException(
            "cannot mount a volume at " + link.getKey() + ": a file or folder is there");
      }
      Files.createDirectories(at.getParent());
      Files.createSymbolicLink(at, link.getValue());
    }
  }
}
