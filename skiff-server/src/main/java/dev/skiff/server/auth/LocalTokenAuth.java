package dev.skiff.server.auth;

import dev.skiff.server.LocalSetup;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Local mode, as Jupyter does it: whoever presents the server's token ({@code Authorization: Bearer
 * TOKEN}, the token being the content of {@code $SKIFF_HOME/token}) is the OS user who runs the
 * server, working in that user's profile.
 */
public final class LocalTokenAuth implements Authenticator {
  private static final String BEARER = "Bearer ";

  private final byte[] token;
  private final Caller owner;

  /**
   * An authenticator for one token.
   *
   * @param token the secret a request must present
   * @param localUser the OS user the server runs as
   */
  public LocalTokenAuth(String token, String localUser) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    String user = localUser == null || localUser.isBlank() ? "user" : localUser;
    this.owner = new Caller(user, LocalSetup.profileNameFor(user));
  }

  @Override
  public Optional<Caller> authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    byte[] presented = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
    // Constant time, so that response timing does not reveal how much of a guess was right.
    return MessageDigest.isEqual(presented, token) ? Optional.of(owner) : Optional.empty();
  }
}
