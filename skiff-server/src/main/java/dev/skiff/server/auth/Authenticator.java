package dev.skiff.server.auth;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Establishes who sent a request. Local mode has one ({@link LocalTokenAuth}); an OIDC
 * authenticator can sit beside it later.
 */
public interface Authenticator {

  /**
   * The caller behind the request's credentials.
   *
   * @return empty when the request carries no credentials this authenticator accepts
   */
  Optional<Caller> authenticate(Context ctx);
}
