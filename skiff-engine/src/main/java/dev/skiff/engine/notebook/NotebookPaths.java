package dev.skiff.engine.notebook;

import dev.skiff.store.fs.FolderTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where a notebook's files live under {@code $SKIFF_HOME}: its workspace ({@code
 * workspaces/{profile}/{name}}, kept across stop and start), its private folder ({@code
 * notebooks/{profile}/{name}}: server log, token file) and the profile's data volumes ({@code
 * volumes/{profile}/{volume}}). Names are checked before they get here.
 *
 * @param home {@code $SKIFF_HOME}
 */
public record NotebookPaths(Path home) {

  /** The workspace of a notebook: the server's root folder. */
  public Path workspace(String profile, String name) {
    return home.resolve("workspaces").resolve(profile).resolve(name);
  }

  /** The private folder of a notebook (0700): {@code server.log}, credentials. */
  public Path privateDir(String profile, String name) {
    return home.resolve("notebooks").resolve(profile).resolve(name);
  }

  /** A data volume of a profile. */
  public Path volume(String profile, String volume) {
    return home.resolve("volumes").resolve(profile).resolve(volume);
  }

  /** The server log of a notebook. */
  public Path serverLog(String profile, String name) {
    return privateDir(profile, name).resolve("server.log");
  }

  /** Deletes a profile's workspaces, private folders and data volumes (the profile is deleted). */
  void removeProfile(String profile) {
    for (String area : List.of("workspaces", "notebooks", "volumes")) {
      try {
        FolderTree.delete(home.resolve(area).resolve(profile));
      } catch (IOException e) {
        LoggerFactory.getLogger(NotebookPaths.class)
            .warn("Cannot delete the {} of profile {}: {}", area, profile, e.getMessage());
      }
    }
  }
}
