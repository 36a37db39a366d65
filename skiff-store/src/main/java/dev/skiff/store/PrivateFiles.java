package dev.skiff.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Folders and files that only their owner may read: what Skiff creates under its home (run
 * parameters, outputs and logs are private to the user who runs Skiff). On a file system without
 * POSIX permissions, plain folders and files.
 *
 * <p>The JVM cannot set its own umask, so files are created with their mode here; the launcher
 * ({@code ./skiff}) also runs Skiff under {@code umask 077}, which covers files that libraries
 * create (the database's own files, for one).
 */
public final class PrivateFiles {
  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> DIRECTORY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private PrivateFiles() {}

  /** Creates {@code dir} and its missing parents with mode 0700 (existing ones are left as is). */
  public static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    // Top-down from the nearest folder that exists: unlike Files.createDirectories, no failed
    // mkdir and no exception per missing level (a step's attempt folder is three levels new).
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      createDirectories(parent);
    }
    try {
      if (posix(dir)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e; // a file, or a link to one
      }
    }
    return dir;
  }

  /** Creates {@code file} empty with mode 0600 unless it exists. */
  public static Path createFile(Path file) throws IOException {
    if (Files.exists(file)) {
      return file; // the usual answer for a step's log: made with its folder
    }
    try {
      return Files.createFile(file, fileMode(file));
    } catch (FileAlreadyExistsException e) {
      return file;
    }
  }

  /**
   * Writes {@code text} (UTF-8) to {@code file}, replacing it, with mode 0600 from the start: a new
   * file under a temporary name, then moved over the old one.
   */
  public static void writeString(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", fileMode(file));
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes a short {@code text} (UTF-8) to {@code file} in one write, creating it with mode 0600 or
   * replacing what it held. Cheaper than {@link #writeString} (no temporary file, no rename), for
   * files whose readers take a missing, empty or cut-off file for none: an exit status, a process
   * handle.
   */
  public static void writeSmall(Path file, String text) throws IOException {
    try (SeekableByteChannel out =
        Files.newByteChannel(
            file,
            EnumSet.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING),
            fileMode(file))) {
      out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /**
   * Narrows {@code path} to its owner (0700 for a folder, 0600 for a file) when group or others
   * have any access.
   *
   * @return whether it was narrowed
   * @throws IOException when its mode cannot be read or changed (e.g. someone else owns it)
   */
  public static boolean tighten(Path path) throws IOException {
    if (!posix(path) || !Files.exists(path)) {
      return false;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
    Set<PosixFilePermission> owner = Files.isDirectory(path) ? DIRECTORY : FILE;
    Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : mode) {
      if (owner.contains(p)) {
        kept.add(p);
      }
    }
    if (kept.equals(mode)) {
      return false;
    }
    Files.setPosixFilePermissions(path, kept);
    return true;
  }

  /** Whether group or others have any access to {@code path}. */
  public static boolean isOpenToOthers(Path path) throws IOException {
    if (!posix(path)) {
      return false;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
    return !(Files.isDirectory(path) ? DIRECTORY : FILE).containsAll(mode);
  }

  private static FileAttribute<?>[] fileMode(Path file) {
    return posix(file)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
