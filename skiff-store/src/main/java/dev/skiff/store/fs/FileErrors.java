package dev.skiff.store.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line for a failed file operation that names the path and the reason. The JDK's own message of
 * an {@link AccessDeniedException} or a {@link FileAlreadyExistsException} is the bare path, which
 * told a user that a folder failed but not why.
 */
public final class FileErrors {
  private FileErrors() {}

  /** The path(s) and why, e.g. {@code /srv/skiff/artifacts: permission denied}. */
  public static String describe(IOException e) {
    if (!(e instanceof FileSystemException f)) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    String why = f.getReason() != null ? f.getReason() : kind(f);
    StringBuilder line = new StringBuilder();
    if (f.getFile() != null) {
      line.append(f.getFile());
    }
    if (f.getOtherFile() != null) {
      line.append(" -> ").append(f.getOtherFile());
    }
    return line.isEmpty() ? why : line.append(": ").append(why).toString();
  }

  private static String kind(FileSystemException f) {
    return switch (f) {
      case AccessDeniedException a -> "permission denied";
      case NoSuchFileException n -> "no such file or folder";
      case FileAlreadyExistsException x -> "already exists (a file where a folder is needed?)";
      case NotDirectoryException d -> "not a folder";
      case DirectoryNotEmptyException d -> "folder not empty";
      default -> f.getClass().getSimpleName();
    };
  }
}
