package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Step logs of the local executor: one file per attempt (see {@link AttemptFolders}). */
final class LocalLogSource implements LogSource {
  private final AttemptFolders folders;

  LocalLogSource(AttemptFolders folders) {
    this.folders = folders;
  }

  @Override
  public Optional<InputStream> open(StepId attempt, long offset) throws IOException {
    Path file;
    try {
      file = folders.logFile(attempt);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset);
      return Optional.of(Channels.newInputStream(channel));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
