package dev.skiff.server.web;

import dev.skiff.api.ApiRequestException;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.store.query.InvalidQueryException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the dashboard's templates (precompiled JTE, HTML escaped by default) and registers page
 * handlers so that a user's mistake or a refusal becomes an HTML page with its status and message
 * (the API's problem+json stays with the API).
 */
public final class Pages {
  private static final Logger log = LoggerFactory.getLogger(Pages.class);

  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

  /**
   * Renders {@code template} (a path under {@code src/main/jte}, e.g. {@code runs/list.jte}) with
   * its one parameter into the response as HTML.
   */
  public void render(Context ctx, String template, Object page) {
    StringOutput out = new StringOutput(8192);
    templates.render(template, page, out);
    ctx.contentType("text/html; charset=utf-8");
    ctx.header("Cache-Control", "no-store");
    ctx.result(out.toString());
  }

  /** Renders {@code template} to a string (fragments that scripts fetch, benchmarks). */
  public String renderToString(String template, Object page) {
    StringOutput out = new StringOutput(8192);
    templates.render(template, page, out);
    return out.toString();
  }

  /** Registers a GET page whose failures are shown as HTML error pages. */
  public void get(RoutesConfig routes, String path, Handler handler) {
    routes.get(path, ctx -> handle(ctx, handler));
  }

  private void handle(Context ctx, Handler handler) throws Exception {
    try {
      handler.handle(ctx);
    } catch (PageException e) {
      error(ctx, e.status(), e.getMessage());
    } catch (CatalogException.Invalid
        | PipelineException
        | InvalidQueryException
        | ApiRequestException
        | ParameterValueException e) {
      // The same mistakes the API answers 400 for (a stale page link, a bad filter or value).
      error(ctx, 400, e.getMessage());
    } catch (CatalogException.Forbidden e) {
      error(ctx, 403, e.getMessage());
    } catch (CatalogException.NotFound e) {
      error(ctx, 404, e.getMessage());
    } catch (CatalogException e) {
      error(ctx, 409, e.getMessage());
    } catch (HttpResponseException e) {
      if (e.getStatus() >= 300 && e.getStatus() < 400) {
        throw e;
      }
      error(ctx, e.getStatus(), e.getMessage());
    } catch (RuntimeException e) {
      String id = UUID.randomUUID().toString();
      log.error("page {} failed (error id {})", ctx.path(), id, e);
      error(ctx, 500, "something went wrong on the server (error id " + id + ", in its log)");
    }
  }

  /** Answers an error page. */
  public void error(Context ctx, int status, String message) {
    ctx.status(status);
    PageChrome chrome = WebRequest.chromeIfSignedIn(ctx).orElse(null);
    render(ctx, "error.jte", new ErrorPage(chrome, status, message));
  }

  /** The error page's model. */
  public record ErrorPage(PageChrome chrome, int status, String message) {
    /** A short title for the status. */
    public String title() {
      return switch (status) {
        case 400 -> "That did not work";
        case 401 -> "Sign in first";
        case 403 -> "Not allowed";
        case 404 -> "Not found";
        case 409 -> "Conflict";
        default -> status >= 500 ? "Server error" : "Error " + status;
      };
    }
  }
}
