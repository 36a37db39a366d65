package dev.skiff.cli;

import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.BrowserSessions;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.identity.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A real server (local sign-in) on a temporary home for the identity commands' tests, with the
 * home's token (the OS user, a platform administrator in local mode) and the CLI pointed at it from
 * a client home of its own and a credentials folder of the test's.
 */
final class IdentityServer implements AutoCloseable {
  /** The OS user the local server signs the home's token in as. */
  static final String USER = System.getProperty("user.name");

  final SkiffServer server;
  final String url;
  final String homeToken;
  final Path clientHome;

  IdentityServer(Path serverHome, Path clientHome) throws IOException {
    this.server =
        SkiffServer.start(
            new SkiffConfig(
                serverHome,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
                dev.skiff.store.artifact.ArtifactStoreConfig.LOCAL,
                SkiffConfig.Retention.DEFAULT,
                SkiffConfig.Api.DEFAULTS,
                // the local user administers this platform (auth.admins), as a team's admin would
                new dev.skiff.server.config.AuthSettings(
                    dev.skiff.server.config.AuthSettings.Mode.LOCAL,
                    null,
                    java.util.Set.of(USER),
                    java.util.Set.of(),
                    java.util.Set.of(),
                    java.util.Set.of(),
                    dev.skiff.server.config.AuthSettings.DEFAULT_SESSION_TTL,
                    dev.skiff.server.config.AuthSettings.DEFAULT_TOKEN_TTL,
                    null,
                    null,
                    null)));
    this.url = server.url().toString().replaceAll("/+$", "");
    this.homeToken = TokenFile.read(serverHome).orElseThrow();
    this.clientHome = clientHome;
  }

  /** The CLI against the server with {@code token} (null: whatever the CLI finds itself). */
  CliRun as(String token, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--server", url, "--home", clientHome.toString()));
    if (token != null) {
      all.addAll(List.of("--token", token));
    }
    return CliRun.of(all.toArray(String[]::new));
  }

  /** The CLI as the platform administrator (the home's token). */
  CliRun admin(String... args) {
    return as(homeToken, args);
  }

  /**
   * A signed-in browser: a session stored in the server's database as the server's own sign-in
   * stores one (only the SHA-256 of the cookie value).
   *
   * @param cookie the {@code Cookie} header value
   * @param csrf the session's CSRF token
   */
  record Browser(String cookie, String csrf) {}

  Browser signedInBrowser(String user) {
    String value = random(32);
    String csrf = random(24);
    Instant now = Instant.now();
    server
        .database()
        .identity()
        .sessions()
        .create(new Session(sha256(value), user, csrf, now, now.plus(Duration.ofHours(1)), now));
    return new Browser(BrowserSessions.PLAIN_COOKIE + "=" + value, csrf);
  }

  @Override
  public void close() {
    server.close();
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
