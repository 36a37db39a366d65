package dev.skiff.server.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API token of a Skiff home, {@code $SKIFF_HOME/token}: 32 random bytes, base64url, readable
 * only by the owner. Created on the server's first start and reused afterwards, so that clients
 * configured once keep working across restarts.
 */
public final class TokenFile {
  private static final Logger log = LoggerFactory.getLogger(TokenFile.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** The file name inside the home. */
  public static final String NAME = "token";

  private TokenFile() {}

  /** Where the token of {@code home} lives. */
  public static Path path(Path home) {
    return home.resolve(NAME);
  }

  /**
   * The home's token, created (mode 0600) when there is none yet.
   *
   * @throws IOException when the file cannot be read or created
   */
  public static String ensure(Path home) throws IOException {
    Path file = path(home);
    Optional<String> existing = read(home);
    if (existing.isPresent()) {
      warnIfReadableByOthers(file);
      return existing.get();
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.deleteIfExists(file); // an empty file left by a crash between create and write
    try (SeekableByteChannel out =
        Files.newByteChannel(
            file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            ownerOnly(file))) {
      // Created with the permissions, not chmod-ed after: no moment where others could read it.
      out.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
    } catch (FileAlreadyExistsException e) {
      // another server on this home created it first: use theirs
      return read(home).orElseThrow(() -> e);
    }
    log.debug("created API token {}", file);
    return token;
  }

  /**
   * The home's token, when the file exists and is not empty.
   *
   * @throws IOException when it exists but cannot be read
   */
  public static Optional<String> read(Path home) throws IOException {
    Path file = path(home);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static FileAttribute<?>[] ownerOnly(Path file) {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
          && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
        log.warn("{} is readable by other users; chmod 600 it", file);
      }
    } catch (IOException e) {
      // only a warning
    }
  }
}
