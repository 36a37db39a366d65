package dev.skiff.server.api;

import dev.skiff.api.ListFilters;
import dev.skiff.api.RequestBodies;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.auth.ApiAuthFilter;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** What every catalog route reads from a request: who asks, and a list's page parameters. */
final class ApiRequests {
  private ApiRequests() {}

  /** The authenticated caller as the catalog's requester. */
  static Requester requester(Context ctx) {
    return ApiAuthFilter.caller(ctx).requester();
  }

  /**
   * KFP's list parameters: {@code page_size}, {@code page_token}, {@code sort_by}, {@code filter}
   * (also under their camelCase names, as grpc-gateway takes them).
   */
  static ListRequest listRequest(Context ctx) {
    String size = param(ctx, "page_size", "pageSize");
    int pageSize = 0;
    if (size != null && !size.isBlank()) {
      try {
        pageSize = Integer.parseInt(size.strip());
      } catch (NumberFormatException e) {
        throw new BadRequestResponse("page_size must be a whole number, got '" + size + "'");
      }
    }
    return new ListRequest(
        pageSize,
        param(ctx, "page_token", "pageToken"),
        param(ctx, "sort_by", "sortBy"),
        ListFilters.parse(param(ctx, "filter", "filter")));
  }

  /**
   * The request body as UTF-8 text; a 400 when it is not UTF-8 (never characters replaced).
   *
   * @throws io.javalin.http.HttpResponseException 413 when it is over the server's limit
   */
  static String body(Context ctx) {
    return RequestBodies.text(ctx.bodyAsBytes());
  }

  /** A query parameter under its proto name or its camelCase name; null when absent. */
  static String param(Context ctx, String snake, String camel) {
    String v = ctx.queryParam(snake);
    return v != null ? v : ctx.queryParam(camel);
  }

  /** A boolean query parameter; {@code absent} when not given. */
  static boolean booleanParam(Context ctx, String name, boolean absent) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return absent;
    }
    return switch (text.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadRequestResponse(name + " must be true or false, got '" + text + "'");
    };
  }
}
