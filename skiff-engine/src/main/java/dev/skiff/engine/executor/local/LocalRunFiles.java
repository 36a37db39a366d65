package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.RunFiles;
import dev.skiff.store.fs.FolderTree;
import java.io.IOException;

/** The local executor's files of a run: its folder under {@code $SKIFF_HOME/runs}. */
final class LocalRunFiles implements RunFiles {
  private final AttemptFolders folders;

  LocalRunFiles(AttemptFolders folders) {
    this.folders = folders;
  }

  @Override
  public long bytes(String runId) throws IOException {
    return FolderTree.bytes(folders.runDir(runId));
  }

  @Override
  public long delete(String runId) throws IOException {
    return FolderTree.delete(folders.runDir(runId));
  }
}
