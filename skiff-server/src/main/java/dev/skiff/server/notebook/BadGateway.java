package dev.skiff.server.notebook;

import dev.skiff.server.http.Problem;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notebook server did not answer as it should (not listening, the connection broke): a 502
 * whose detail says so, logged as one line. It is no fault of Skiff's (the server may have just
 * stopped, or be starting), so it is not reported as an internal error.
 */
final class BadGateway extends RuntimeException {
  private static final Logger log = LoggerFactory.getLogger(BadGateway.class);

  BadGateway(String message) {
    super(message, null, false, false);
  }

  /** Answers the problem. */
  static void answer(BadGateway e, Context ctx) {
    // debug: a browser or script polling a server that went away would fill the log
    log.debug("{} {} -> 502: {}", ctx.method(), ctx.path(), e.getMessage());
    ctx.status(502);
    ctx.json(
        new Problem("about:blank", "Bad Gateway", 502, e.getMessage(), ctx.path(), null, null));
    ctx.contentType(Problem.CONTENT_TYPE);
  }
}
