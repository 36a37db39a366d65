package dev.skiff.server.auth;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Establishes who sent a request from one kind of credential (the home's token, an API token, a
 * session cookie, IAP's signed header, a trusted proxy's header). The server asks each configured
 * one in turn.
 */
public interface Authenticator {

  /**
   * The identity behind the request's credentials of this kind.
   *
   * @return empty when the request carries no credential of this kind
   * @throws AuthenticationException when it carries one that is not valid (expired, revoked, badly
   *     signed): the request is refused with 401 and the reason, and no other authenticator is
   *     asked
   */
  Optional<Identity> authenticate(Context ctx);
}
