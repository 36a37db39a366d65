package dev.skiff.server.auth;

import dev.skiff.engine.notebook.NotebookCredentials;
import dev.skiff.store.PrivateFiles;
import dev.skiff.store.identity.ApiToken;
import dev.skiff.store.identity.ProfileRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a notebook server's code uses to call Skiff, as a Kubeflow notebook pod has its projected
 * service-account token: an API token of the notebook's creator limited to the notebook's profile
 * and the edit role, in a file (0600) of the notebook's private folder named by {@code
 * KF_PIPELINES_SA_TOKEN_PATH}, and {@code KF_PIPELINES_ENDPOINT}, this server's own loopback URL. A
 * run created with it and no namespace lands in that profile (the token's profile is the caller's
 * default). A new server start gets a new token (the last one is revoked); stopping or deleting the
 * notebook revokes it.
 */
public final class NotebookTokens implements NotebookCredentials {
  private static final Logger log = LoggerFactory.getLogger(NotebookTokens.class);

  /** The token file's name in the notebook's private folder. */
  public static final String FILE = "kfp-token";

  /** How long a token works: a notebook may run for months; stopping it revokes the token. */
  static final Duration TTL = Duration.ofDays(365);

  private static final Pattern TOKEN_ID = Pattern.compile("skf\\.([0-9a-f]{16})\\..*");

  private final Supplier<ApiTokens> tokens;
  private final Supplier<URI> endpoint;
  private final Path notebooksDir;
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();

  /** A token given to a running server, and where its file is. */
  private record Issued(String tokenId, Path file) {}

  /**
   * @param tokens the server's API tokens (asked when a notebook starts: they exist once the
   *     database is open)
   * @param endpoint the server's own base URL on loopback
   * @param notebooksDir {@code $SKIFF_HOME/notebooks}: the notebooks' private folders, {@code
   *     {profile}/{name}/} (where a token file is found again after a restart)
   */
  public NotebookTokens(Supplier<ApiTokens> tokens, Supplier<URI> endpoint, Path notebooksDir) {
    this.tokens = tokens;
    this.endpoint = endpoint;
    this.notebooksDir = notebooksDir;
  }

  /** The name of a notebook's tokens, as {@code skiff tokens list} shows them. */
  static String tokenName(String profile, String name) {
    return "notebook " + profile + "/" + name;
  }

  @Override
  public Map<String, String> issue(String profile, String name, String user, Path dir) {
    revoke(profile, name);
    ApiTokens t = tokens.get();
    String tokenName = tokenName(profile, name);
    // Tokens of an earlier start this process did not issue (before a restart): revoked too.
    for (ApiToken old : t.of(user)) {
      if (old.name().equals(tokenName) && old.revokedAt() == null) {
        t.revoke(old.id());
      }
    }
    ApiTokens.Created made = t.create(user, tokenName, profile, ProfileRole.EDIT, TTL);
    Path file = dir.resolve(FILE);
    try {
      PrivateFiles.createDirectories(dir);
      PrivateFiles.writeString(file, made.token());
    } catch (IOException e) {
      t.revoke(made.stored().id());
      throw new UncheckedIOException("cannot write the notebook's token " + file, e);
    }
    issued.put(key(profile, name), new Issued(made.stored().id(), file));
    String base = endpoint.get().toString().replaceAll("/+$", "");
    return Map.of("KF_PIPELINES_ENDPOINT", base, "KF_PIPELINES_SA_TOKEN_PATH", file.toString());
  }

  @Override
  public void revoke(String profile, String name) {
    Issued known = issued.remove(key(profile, name));
    Path file =
        known != null ? known.file() : notebooksDir.resolve(profile).resolve(name).resolve(FILE);
    Optional<String> id = known != null ? Optional.of(known.tokenId()) : idInFile(file);
    id.ifPresent(i -> tokens.get().revoke(i));
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", file, e.getMessage());
    }
  }

  /** The id of the token in {@code file} (after a restart), if there is one. */
  private static Optional<String> idInFile(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      Matcher m = TOKEN_ID.matcher(Files.readString(file, StandardCharsets.US_ASCII).strip());
      return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      log.warn("cannot read {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static String key(String profile, String name) {
    return profile + "/" + name;
  }
}
