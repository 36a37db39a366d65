package dev.skiff.server.auth;

import io.javalin.http.ServiceUnavailableResponse;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sign-in services once the database is open: the HTTP server accepts requests before that, and
 * answers 503 for anything that needs to know who asks until then.
 */
public final class AuthSlot {
  private final AtomicReference<AuthServices> services = new AtomicReference<>();

  /** Makes the services available. */
  public void ready(AuthServices s) {
    services.set(s);
  }

  /**
   * The services.
   *
   * @throws ServiceUnavailableResponse while the server is still starting
   */
  public AuthServices services() {
    AuthServices s = services.get();
    if (s == null) {
      throw new ServiceUnavailableResponse("the server is still starting; retry in a moment");
    }
    return s;
  }
}
