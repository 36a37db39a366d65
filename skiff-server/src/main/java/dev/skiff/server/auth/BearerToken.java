package dev.skiff.server.auth;

import io.javalin.http.Context;
import java.util.Optional;

/** The token of an {@code Authorization: Bearer TOKEN} header. */
final class BearerToken {
  private static final String BEARER = "Bearer ";

  /** The longest token looked at; longer ones are refused without further work. */
  static final int MAX_LENGTH = 512;

  private BearerToken() {}

  /**
   * The bearer token of the request, if it sends one.
   *
   * @throws AuthenticationException for an Authorization header that is not a usable bearer token
   */
  static Optional<String> of(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      return Optional.empty();
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new AuthenticationException(
          "the Authorization header must be 'Bearer TOKEN' (other schemes are not accepted)");
    }
    String token = header.substring(BEARER.length()).strip();
    if (token.isEmpty() || token.length() > MAX_LENGTH || !token.matches("[A-Za-z0-9._~+/=\\-]+")) {
      throw new AuthenticationException("the bearer token is malformed");
    }
    return Optional.of(token);
  }
}
