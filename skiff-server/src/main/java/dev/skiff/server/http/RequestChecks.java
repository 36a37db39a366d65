package dev.skiff.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Checks every request before its route, for what Jetty lets through but no route can read right:
 *
 * <ul>
 *   <li>a query string that is not percent-encoded UTF-8 ({@code %zz}, a lone {@code %}, bytes that
 *       are not UTF-8) or that holds a NUL: 400, instead of parameters silently dropped or mangled;
 *   <li>a path whose segments, once an encoded {@code /} separates them, include {@code .} or
 *       {@code ..}: 400;
 *   <li>a declared body over the server's limit: 413 at once, instead of reading a body that can
 *       never be accepted (and waiting for one that may never come). Requests to notebook servers
 *       ({@code /notebook/...}) are exempt: the proxy streams their bodies to the server, which
 *       applies its own limit (Jupyter: 512 MiB).
 * </ul>
 */
public final class RequestChecks {
  /** The notebook proxy's paths, whose bodies are streamed to the notebook server. */
  private static final String NOTEBOOKS = "/notebook/";

  private final long maxBodyBytes;

  /** Checks with the largest request body the server accepts. */
  public RequestChecks(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Installs the checks as a before-handler on every path. */
  public void install(RoutesConfig routes) {
    routes.before(this::check);
  }

  private void check(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes && !ctx.req().getRequestURI().startsWith(NOTEBOOKS)) {
      throw new HttpResponseException(
          HttpStatus.CONTENT_TOO_LARGE.getCode(),
          "the request body is larger than "
              + maxBodyBytes
              + " bytes, the most this server accepts",
          Map.of());
    }
    if (hasDotSegment(ctx.req().getRequestURI())) {
      throw new BadRequestResponse(
          "the path holds a '.' or '..' segment (an encoded '/' included)");
    }
    String query = ctx.queryString();
    if (query != null && !query.isEmpty()) {
      String problem = queryProblem(query);
      if (problem != null) {
        throw new BadRequestResponse("the query string " + problem);
      }
    }
  }

  /**
   * Whether a raw path, with each encoded {@code /} taken as a separator, has a {@code .} or {@code
   * ..} segment. Jetty resolves plain dot segments and refuses encoded dots; an encoded {@code /}
   * is allowed (a task path in one segment), so {@code ..%2F..%2Fx} is refused here.
   */
  static boolean hasDotSegment(String rawPath) {
    if (rawPath == null) {
      return false;
    }
    for (String segment : rawPath.replaceAll("(?i)%2f", "/").split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /**
   * What is wrong with a raw query string, or null when it decodes to UTF-8 text without NUL.
   * Package-private for tests.
   */
  static String queryProblem(String query) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
    for (int i = 0; i < query.length(); ) {
      int c = query.codePointAt(i);
      if (c == '%') {
        if (i + 2 >= query.length()) {
          return "has an incomplete percent escape";
        }
        int hi = Character.digit(query.charAt(i + 1), 16);
        int lo = Character.digit(query.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return "has an invalid percent escape";
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return "is not UTF-8";
    }
    if (text.indexOf('\0') >= 0) {
      return "holds a NUL character";
    }
    return null;
  }
}
