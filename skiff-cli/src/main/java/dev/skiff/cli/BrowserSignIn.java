package dev.skiff.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The CLI's half of {@code skiff login --web}: a listener on {@code 127.0.0.1} at a random port
 * that waits for the browser to come back from the server's {@code /auth/cli} page with {@code
 * /callback?state=S&token=T}. Only an answer that carries this sign-in's random {@code state} is
 * taken (another is refused and the wait goes on); the token is checked with the server before the
 * browser is told that it worked.
 */
final class BrowserSignIn implements AutoCloseable {
  /** The callback's path. */
  static final String CALLBACK = "/callback";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer http;
  private final String state;
  private final Function<String, String> verify;
  private final CompletableFuture<Result> result = new CompletableFuture<>();

  /**
   * A sign-in that came back.
   *
   * @param token the API token the server made
   * @param user who the server says it belongs to
   */
  record Result(String token, String user) {}

  private BrowserSignIn(HttpServer http, String state, Function<String, String> verify) {
    this.http = http;
    this.state = state;
    this.verify = verify;
  }

  /**
   * Starts listening.
   *
   * @param verify checks a token with the server and gives its user; throws a {@link
   *     RuntimeException} whose message says why it is refused
   */
  static BrowserSignIn listen(Function<String, String> verify) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new CommandFailure("cannot listen on 127.0.0.1 for the browser: " + e.getMessage());
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    BrowserSignIn s =
        new BrowserSignIn(
            http, Base64.getUrlEncoder().withoutPadding().encodeToString(random), verify);
    http.createContext("/", s::handle);
    http.start();
    return s;
  }

  /** The port it listens on. */
  int port() {
    return http.getAddress().getPort();
  }

  /** This sign-in's state: 43 url-safe characters. */
  String state() {
    return state;
  }

  /** The server's page that asks the signed-in browser to allow the CLI. */
  URI page(URI server) {
    return URI.create(
        server.toString().replaceAll("/+$", "") + "/auth/cli?port=" + port() + "&state=" + state);
  }

  /**
   * Waits for the browser's answer.
   *
   * @throws CommandFailure when none comes in time
   * @throws RuntimeException what {@code verify} threw for the token that came
   */
  Result await(Duration timeout) {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CommandFailure(
          "no answer from the browser within "
              + timeout.toMinutes()
              + " minutes; run 'skiff login --web' again");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new CommandFailure(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted while waiting for the browser");
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String host = ex.getRequestHeaders().getFirst("Host");
      // Only a request addressed to this listener (no DNS-rebinding page on another name).
      if (host == null
          || !(host.equals("127.0.0.1:" + port()) || host.equals("localhost:" + port()))) {
        answer(ex, 400, "This address answers only skiff login's browser sign-in.");
        return;
      }
      if (!ex.getRequestURI().getPath().equals(CALLBACK)) {
        answer(ex, 404, "Nothing here: this is skiff login waiting for the browser sign-in.");
        return;
      }
      if (!ex.getRequestMethod().equals("GET")) {
        answer(ex, 405, "Only GET.");
        return;
      }
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      String sent = q.getOrDefault("state", "");
      if (!MessageDigest.isEqual(
          sent.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
        answer(
            ex,
            400,
            "This answer is not for the skiff login that waits here (its state differs). If you"
                + " started it, run skiff login --web again.");
        return;
      }
      if (result.isDone()) {
        answer(ex, 409, "This sign-in is already finished; you can close this tab.");
        return;
      }
      String token = q.get("token");
      if (token == null || token.isBlank()) {
        answer(ex, 400, "The server sent no token. Run skiff login --web again.");
        return;
      }
      String user;
      try {
        user = verify.apply(token);
      } catch (RuntimeException e) {
        // The browser is answered before the waiting command ends (and stops this listener).
        answer(ex, 400, "Signing in failed: " + e.getMessage());
        result.completeExceptionally(e);
        return;
      }
      answer(ex, 200, "Signed in to Skiff as " + user + ". You can close this tab.");
      result.complete(new Result(token, user));
    } finally {
      ex.close();
    }
  }

  private static void answer(HttpExchange ex, int status, String message) throws IOException {
    byte[] body =
        ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>skiff login"
                + "</title></head><body><p>"
                + escape(message)
                + "</p></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        try {
          q.putIfAbsent(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          // a malformed escape: the parameter is left out
        }
      }
    }
    return q;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
