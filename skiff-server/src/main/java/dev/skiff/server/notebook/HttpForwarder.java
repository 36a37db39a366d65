package dev.skiff.server.notebook;

import dev.skiff.engine.notebook.NotebookEndpoint;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one HTTP request to a notebook server and its answer back, streaming both bodies (a
 * large upload or download is never held in memory; an answer that trickles, such as an event
 * stream, reaches the browser as it comes). The server's token goes with the request as {@code
 * Authorization: token ...} and is taken out of every textual answer and every header.
 */
final class HttpForwarder {
  private static final Logger log = LoggerFactory.getLogger(HttpForwarder.class);
  private static final int BUFFER = 64 * 1024;

  private final HttpClient client;
  private final ForwardedHeaders headers;

  HttpForwarder(HttpClient client, ForwardedHeaders headers) {
    this.client = client;
    this.headers = headers;
  }

  /** The address of {@code path} (raw, under the base) and {@code rawQuery} on the server. */
  static URI target(URI base, String rest, String rawQuery, String scheme) {
    String b = base.toString();
    if (scheme != null) {
      b = scheme + b.substring(b.indexOf(':'));
    }
    try {
      return new URI(b + rest + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    } catch (java.net.URISyntaxException e) {
      throw new BadRequestResponse(
          "the notebook path or query holds characters that must be encoded");
    }
  }

  /** Forwards the request; the answer is written to the response. */
  void forward(Context ctx, NotebookAccess.Granted to) throws IOException, InterruptedException {
    HttpServletRequest req = ctx.req();
    NotebookEndpoint endpoint = to.endpoint();
    URI uri = target(endpoint.base(), to.path().rest(), ctx.queryString(), null);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).method(ctx.method().name(), body(ctx)).expectContinue(false);
    String connection = req.getHeader("Connection");
    for (String name : Collections.list(req.getHeaderNames())) {
      if (headers.toServer(name, connection)) {
        for (String value : Collections.list(req.getHeaders(name))) {
          b.header(name, value);
        }
      }
    }
    String cookies = ForwardedHeaders.cookiesToServer(joined(req, "Cookie"));
    if (cookies != null) {
      b.header("Cookie", cookies);
    }
    b.header("Authorization", "token " + endpoint.token());
    b.header("X-Forwarded-For", ctx.ip());
    b.header("X-Forwarded-Proto", ctx.scheme());
    b.header("X-Forwarded-Host", ctx.host() == null ? "" : ctx.host());

    HttpResponse<InputStream> answer;
    try {
      answer = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpTimeoutException e) {
      throw new BadGateway(
          "the notebook server does not answer (it may be starting or have just stopped); try"
              + " again");
    } catch (IOException e) {
      log.debug("notebook {} request failed: {}", to.path().base(), e.toString());
      throw new BadGateway("the notebook server's answer broke off: " + oneLine(e));
    }
    relay(ctx, answer, endpoint);
  }

  private static String joined(HttpServletRequest req, String name) {
    List<String> values = Collections.list(req.getHeaders(name));
    return values.isEmpty() ? null : String.join("; ", values);
  }

  private static HttpRequest.BodyPublisher body(Context ctx) {
    HttpServletRequest req = ctx.req();
    long length = req.getContentLengthLong();
    boolean chunked = req.getHeader("Transfer-Encoding") != null;
    if (length == 0 || (length < 0 && !chunked)) {
      return ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(new byte[0]);
    }
    HttpRequest.BodyPublisher stream =
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                return req.getInputStream();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
  }

  private void relay(Context ctx, HttpResponse<InputStream> answer, NotebookEndpoint endpoint)
      throws IOException {
    HttpServletResponse res = ctx.res();
    String token = endpoint.token();
    String connection = answer.headers().firstValue("Connection").orElse(null);
    String type = answer.headers().firstValue("Content-Type").orElse("");
    boolean textual = textual(type);
    // Skiff's own policy would stop Jupyter's inline scripts: its pages carry the server's own
    // (or, when it sends none, one that only keeps other sites from framing them).
    res.setHeader("Content-Security-Policy", null);
    res.setHeader("X-Frame-Options", "SAMEORIGIN");
    ctx.status(answer.statusCode());
    for (Map.Entry<String, List<String>> h : answer.headers().map().entrySet()) {
      String name = h.getKey();
      if (name.startsWith(":") || !ForwardedHeaders.toBrowser(name, connection)) {
        continue;
      }
      boolean first = true;
      for (String value : h.getValue()) {
        if (name.equalsIgnoreCase("Set-Cookie") && !ForwardedHeaders.cookieToBrowser(value)) {
          continue;
        }
        String v = scrub(value, token);
        if (name.equalsIgnoreCase("Location")) {
          v = relativeLocation(v, endpoint.base());
        }
        if (first && !name.equalsIgnoreCase("Set-Cookie")) {
          res.setHeader(name, v);
        } else {
          res.addHeader(name, v);
        }
        first = false;
      }
    }
    if (answer.headers().firstValue("Content-Security-Policy").isEmpty()) {
      res.setHeader("Content-Security-Policy", "frame-ancestors 'self'");
    }
    answer
        .headers()
        .firstValueAsLong("Content-Length")
        .ifPresent(
            n -> {
              if (!textual) {
                res.setContentLengthLong(n);
              }
            });
    try (InputStream in = answer.body()) {
      if (ctx.method() == HandlerType.HEAD) {
        return;
      }
      OutputStream out = res.getOutputStream();
      OutputStream sink = textual ? new TokenScrubber(out, token) : out;
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = in.read(buf)) >= 0) {
        sink.write(buf, 0, n);
        if (in.available() == 0) {
          sink.flush();
        }
      }
      if (textual) {
        sink.close();
      }
    }
  }

  /** Text whose body could hold the token: pages, scripts, JSON, XML. */
  static boolean textual(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.startsWith("text/")
        || t.contains("json")
        || t.contains("javascript")
        || t.contains("xml");
  }

  private static String scrub(String value, String token) {
    return value.contains(token) ? value.replace(token, "") : value;
  }

  /** A redirect to the server's own address becomes a path on this server. */
  private static String relativeLocation(String location, URI base) {
    String origin = base.getScheme() + "://" + base.getRawAuthority();
    return location.startsWith(origin) ? location.substring(origin.length()) : location;
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ");
  }
}
