package dev.skiff.store.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures and removes a folder with everything in it, as retention does with a run's step folders
 * and artifacts. Symbolic links are never followed: a link a step left behind is removed, not what
 * it points at. Folders a step made read-only are made writable for their owner so that their
 * contents can go.
 */
public final class FolderTree {
  private FolderTree() {}

  /** The bytes of the regular files under {@code folder}; 0 when it does not exist. */
  public static long bytes(Path folder) throws IOException {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    AtomicLong total = new AtomicLong();
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              total.addAndGet(attrs.size());
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
              return FileVisitResult.CONTINUE; // gone meanwhile, or unreadable: not counted
            }
            throw e;
          }
        });
    return total.get();
  }

  /**
   * Deletes {@code folder} and everything under it.
   *
   * @return the bytes of the regular files deleted; 0 when it did not exist
   * @throws IOException when something cannot be deleted (what could be is gone)
   */
  public static long delete(Path folder) throws IOException {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    AtomicLong total = new AtomicLong();
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            makeWritable(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              total.addAndGet(attrs.size());
            }
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            if (e instanceof AccessDeniedException
                && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
              makeWritable(file); // a folder a step made unreadable: open it up, then go in
              total.addAndGet(delete(file));
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
    return total.get();
  }

  /** Gives the owner read, write and search rights on a folder that lacks them (POSIX only). */
  private static void makeWritable(Path dir) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    perms.addAll(view.readAttributes().permissions());
    Set<PosixFilePermission> owner =
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
    if (!perms.containsAll(owner)) {
      perms.addAll(owner);
      view.setPermissions(perms);
    }
  }
}
