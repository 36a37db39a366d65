package dev.skiff.server.auth;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Local mode, as Jupyter does it: whoever presents the server's token ({@code Authorization: Bearer
 * TOKEN}, the token being the content of {@code $SKIFF_HOME/token}) is the OS user who runs the
 * server. Other bearer tokens are left to the next authenticator (API tokens).
 */
public final class LocalTokenAuth implements Authenticator {
  private final byte[] token;
  private final String user;

  /**
   * An authenticator for one token.
   *
   * @param token the secret a request must present
   * @param localUser the OS user the server runs as
   */
  public LocalTokenAuth(String token, String localUser) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.user = userName(localUser);
  }

  /** The user id of the OS user {@code localUser} ({@code user} when unknown). */
  static String userName(String localUser) {
    return localUser == null || localUser.isBlank() ? "user" : localUser;
  }

  @Override
  public Optional<Identity> authenticate(Context ctx) {
    Optional<String> presented = BearerToken.of(ctx);
    if (presented.isEmpty()) {
      return Optional.empty();
    }
    // Constant time, so that response timing does not reveal how much of a guess was right.
    return MessageDigest.isEqual(presented.get().getBytes(StandardCharsets.UTF_8), token)
        ? Optional.of(Identity.of(user, user, Set.of(), Identity.Method.LOCAL_TOKEN))
        : Optional.empty();
  }
}
