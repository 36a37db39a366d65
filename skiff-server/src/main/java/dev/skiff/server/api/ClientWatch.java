package dev.skiff.server.api;

import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Whether the client of a long response has gone away, as Jetty learns it (a failed write, a
 * connection closed, an idle timeout): a stream that writes nothing for a while still stops when
 * its client leaves.
 */
final class ClientWatch {
  private ClientWatch() {}

  /** Watches the request's connection; the supplier turns true once Jetty reports a failure. */
  static BooleanSupplier gone(Context ctx) {
    AtomicBoolean gone = new AtomicBoolean();
    ServletContextRequest servlet = ServletContextRequest.getServletContextRequest(ctx.req());
    if (servlet != null) {
      Request core = servlet;
      core.addFailureListener(failure -> gone.set(true));
    }
    return gone::get;
  }
}
