package dev.skiff.server.api;

import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * Whether the client of a long response has gone away, even while the response writes nothing (a
 * followed step that is silent): Jetty only notices a closed connection when it reads or writes, so
 * the watch asks it to say when the connection becomes readable. A client that waits for a response
 * sends nothing more, so readable means it hung up (or sent bytes it should not have). The response
 * then closes its connection when it ends ({@code Connection: close}), as the read interest it
 * leaves behind belongs to no next request. Call it before the response is committed.
 */
final class ClientWatch {
  private ClientWatch() {}

  /** Watches the request's connection; the supplier turns true once the client is gone. */
  static BooleanSupplier gone(Context ctx) {
    AtomicBoolean gone = new AtomicBoolean();
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    if (request == null) {
      return gone::get;
    }
    request.addFailureListener(failure -> gone.set(true));
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    ctx.header("Connection", "close");
    endPoint.tryFillInterested(Callback.from(() -> gone.set(true), failure -> gone.set(true)));
    return gone::get;
  }
}
