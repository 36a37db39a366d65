package dev.skiff.server.http;

import io.javalin.http.HttpStatus;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's error handler, for the errors Jetty answers itself before any route runs: a malformed or
 * ambiguous URI (400), a request line or URI too long (414), headers too large (431), a request
 * without a Host (400). It writes the same {@code application/problem+json} as {@link
 * ProblemMapper} instead of Jetty's HTML page; Jetty's reason is kept in the detail only when it is
 * plain words, and a server error gets an error id that the log has with the cause.
 */
public final class JettyProblems extends ErrorHandler {
  private static final Logger log = LoggerFactory.getLogger(JettyProblems.class);

  /** Jetty's reasons are short phrases ("Ambiguous URI path segment"); nothing else is echoed. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 ,.:;'<>=/()%-]{1,160}");

  /** The longest request path echoed back as a problem's {@code instance}. */
  private static final int MAX_INSTANCE = 1024;

  private final ProblemMapper problems;

  /** An error handler writing problems as {@code problems} does. */
  public JettyProblems(ProblemMapper problems) {
    this.problems = problems;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ERROR_STATUS) instanceof Integer s) {
      status = s;
    }
    if (status < 400 || status > 599) {
      status = 500;
    }
    String reason = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
    Throwable cause = request.getAttribute(ERROR_EXCEPTION) instanceof Throwable t ? t : null;
    Problem p = problem(status, reason, cause, instance(request));
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(problems.body(p)), callback);
    return true;
  }

  /** A request Jetty could not even parse (no request object exists yet). */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    return ByteBuffer.wrap(problems.body(problem(status, reason, null, null)));
  }

  private static Problem problem(int status, String reason, Throwable cause, String instance) {
    HttpStatus s = HttpStatus.forStatus(status);
    String title = s == HttpStatus.UNKNOWN ? "Error" : s.getMessage();
    if (status >= 500) {
      String errorId = ProblemMapper.newErrorId();
      log.error("{} answered by Jetty: {} (error id {})", status, reason, errorId, cause);
      return new Problem(
          "about:blank",
          title,
          status,
          "internal error (error id " + errorId + "); the server log has the details",
          instance,
          errorId);
    }
    log.warn("request {} -> {}: {}", instance, status, reason);
    return new Problem(title, status, detail(status, reason), instance);
  }

  private static String detail(int status, String reason) {
    String what =
        switch (status) {
          case 400 -> "the request is malformed";
          case 404 -> "no such resource";
          case 405 -> "the method is not allowed here";
          case 408 -> "the request took too long to arrive";
          case 413 -> "the request body is larger than this server accepts";
          case 414 -> "the request URI is longer than this server accepts";
          case 431 -> "the request headers are larger than this server accepts";
          default -> "the request cannot be served";
        };
    if (reason != null && PLAIN.matcher(reason).matches() && !reason.contains("Exception")) {
      return what + " (" + reason + ")";
    }
    return what;
  }

  private static String instance(Request request) {
    HttpURI uri = request.getHttpURI();
    String path = uri == null ? null : uri.getPath();
    if (path == null) {
      return null;
    }
    return path.length() > MAX_INSTANCE ? path.substring(0, MAX_INSTANCE) + "..." : path;
  }
}
