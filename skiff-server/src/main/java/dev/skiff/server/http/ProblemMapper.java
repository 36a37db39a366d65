package dev.skiff.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP responses.
 *
 * <p>Known exception types map to a status through a table; a user's mistake is a 4xx with a detail
 * that says what to fix, logged at WARN. A store failure is classified by {@link StoreProblems} (a
 * value too long is a 400 naming the field, the database away a 503), never with its SQL text.
 * Anything else is a bug: 500 with an error id and no internals in the body, logged at ERROR with
 * the stack trace under that id. Jetty's own errors (malformed requests refused before any route)
 * take the same shape through {@link JettyProblems}.
 */
public final class ProblemMapper {
  private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

  /** Seconds a client is asked to wait before retrying after a 503 from the store. */
  static final String STORE_RETRY_AFTER = "5";

  private final ObjectMapper json;
  private final Map<Class<? extends Exception>, Integer> statusByType = new LinkedHashMap<>();
  private Function<Exception, List<Problem.FieldError>> fieldErrors = e -> List.of();

  public ProblemMapper(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Declares that {@code type} (and its subclasses) is a client or availability error with the
   * given status; its message becomes the problem detail. The first declaration that matches wins.
   */
  public ProblemMapper map(Class<? extends Exception> type, int status) {
    statusByType.put(type, status);
    return this;
  }

  /**
   * Declares how the field errors of a mapped exception are found (e.g. the validator's problems of
   * an uploaded pipeline file); they go into the problem's {@code errors} when there are any.
   */
  public ProblemMapper fieldErrors(Function<Exception, List<Problem.FieldError>> f) {
    fieldErrors = f;
    return this;
  }

  /** Installs the exception, not-found and method-not-allowed handlers on the routes. */
  public void install(RoutesConfig routes) {
    routes.exception(HttpResponseException.class, this::handleHttp);
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

  /** The JSON of a problem, as every error body is written (here and by {@link JettyProblems}). */
  byte[] body(Problem p) {
    try {
      return json.writeValueAsBytes(p);
    } catch (JsonProcessingException e) {
      return ("{\"status\":" + p.status() + "}").getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * Javalin's own responses (400 for a bad query parameter, 405, 413 for a body over the limit).
   */
  private void handleHttp(HttpResponseException e, Context ctx) {
    if (e.getStatus() == 405) {
      String allowed = e.getDetails().get("availableMethods");
      if (allowed != null && !allowed.isBlank()) {
        ctx.header("Allow", allowed.replace("[", "").replace("]", ""));
      }
    }
    // 503 is the server saying "not now" on purpose (still starting, a source it needs is away):
    // its message is for the caller. Other 5xx are faults.
    if (e.getStatus() >= 500 && e.getStatus() != 503) {
      serverError(ctx, e);
      return;
    }
    write(ctx, e.getStatus(), oneLine(e.getMessage(), HttpStatus.forStatus(e.getStatus())));
  }

  private void handle(Exception e, Context ctx) {
    Integer status = statusFor(e);
    if (status != null) {
      log.warn("{} {} -> {}: {}", ctx.method(), ctx.path(), status, e.getMessage());
      List<Problem.FieldError> errors = fieldErrors.apply(e);
      HttpStatus s = HttpStatus.forStatus(status);
      writeProblem(
          ctx,
          new Problem(
              "about:blank",
              s.getMessage(),
              status,
              oneLine(e.getMessage(), s),
              ctx.path(),
              null,
              errors.isEmpty() ? null : List.copyOf(errors)));
      return;
    }
    if (e instanceof StoreException store) {
      Optional<StoreProblems.Answer> answer = StoreProblems.classify(store);
      if (answer.isPresent()) {
        int s = answer.get().status();
        log.warn("{} {} -> {}: {}", ctx.method(), ctx.path(), s, e.getMessage());
        if (s == 503) {
          ctx.header("Retry-After", STORE_RETRY_AFTER);
        }
        write(ctx, s, answer.get().detail());
        return;
      }
    }
    serverError(ctx, e);
  }

  /** A 500: the body says only that it failed and under which id the log has the details. */
  private void serverError(Context ctx, Exception e) {
    String errorId = newErrorId();
    log.error("{} {} failed (error id {})", ctx.method(), ctx.path(), errorId, e);
    writeProblem(
        ctx,
        new Problem(
            "about:blank",
            HttpStatus.INTERNAL_SERVER_ERROR.getMessage(),
            500,
            "internal error (error id " + errorId + "); the server log has the details",
            ctx.path(),
            errorId));
  }

  /** A short random id that ties a 500 answer to its log entry. */
  static String newErrorId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private Integer statusFor(Exception e) {
    for (var entry : statusByType.entrySet()) {
      if (entry.getKey().isInstance(e)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** Writes a problem response with the given status and detail (folded onto one line). */
  public void write(Context ctx, int status, String detail) {
    HttpStatus s = HttpStatus.forStatus(status);
    writeProblem(ctx, new Problem(s.getMessage(), status, oneLine(detail, s), ctx.path()));
  }

  private void writeProblem(Context ctx, Problem p) {
    ctx.status(p.status());
    ctx.contentType(Problem.CONTENT_TYPE).result(new String(body(p), StandardCharsets.UTF_8));
  }

  /** A message on one line; the reason phrase when there is none. */
  private static String oneLine(String message, HttpStatus status) {
    if (message == null || message.isBlank()) {
      return status.getMessage();
    }
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
