package dev.skiff.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP responses.
 *
 * <p>Known exception types map to a status through a table; a user's mistake is a 4xx with a detail
 * that says what to fix, logged at WARN. Anything else is a bug or an outage: 500 with an incident
 * id and no internals in the body, logged at ERROR with the stack trace under that id.
 */
public final class ProblemMapper {
  private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

  private final ObjectMapper json;
  private final Map<Class<? extends Exception>, Integer> statusByType = new LinkedHashMap<>();

  public ProblemMapper(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Declares that {@code type} (and its subclasses) is a client or availability error with the
   * given status; its message becomes the problem detail.
   */
  public ProblemMapper map(Class<? extends Exception> type, int status) {
    statusByType.put(type, status);
    return this;
  }

  /** Installs the exception and not-found handlers on the routes. */
  public void install(RoutesConfig routes) {
    routes.exception(
        HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), e.getMessage()));
    routes.exception(Exception.class, this::handle);
    routes.error(
        HttpStatus.NOT_FOUND.getCode(),
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            write(ctx, 404, "no such resource: " + ctx.method() + " " + ctx.path());
          }
        });
    routes.error(
        HttpStatus.METHOD_NOT_ALLOWED.getCode(),
        ctx -> write(ctx, 405, ctx.method() + " is not allowed on " + ctx.path()));
  }

  private void handle(Exception e, Context ctx) {
    Integer status = statusFor(e);
    if (status != null) {
      log.warn("{} {} -> {}: {}", ctx.method(), ctx.path(), status, e.getMessage());
      write(ctx, status, e.getMessage());
      return;
    }
    String incident = UUID.randomUUID().toString().substring(0, 8);
    log.error("{} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
    write(ctx, 500, "internal error (incident " + incident + "); the server log has the details");
  }

  private Integer statusFor(Exception e) {
    for (var entry : statusByType.entrySet()) {
      if (entry.getKey().isInstance(e)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** Writes a problem response with the given status and detail. */
  public void write(Context ctx, int status, String detail) {
    HttpStatus s = HttpStatus.forStatus(status);
    Problem p = new Problem("about:blank", s.getMessage(), status, detail, ctx.path());
    ctx.status(status);
    try {
      ctx.contentType(Problem.CONTENT_TYPE).result(json.writeValueAsString(p));
    } catch (JsonProcessingException ex) {
      ctx.contentType("text/plain").result(detail);
    }
  }
}
