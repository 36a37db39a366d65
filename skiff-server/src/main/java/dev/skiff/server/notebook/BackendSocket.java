package dev.skiff.server.notebook;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The proxy's WebSocket to a notebook server, paired with the browser's. Messages from the server
 * are read one at a time and each is passed on to the browser before the next is read (the server
 * waits while the browser is slow); the browser's messages are sent in order, each before the next
 * is taken. A close on either side closes the other with the same code and reason.
 */
final class BackendSocket implements WebSocket.Listener {
  /** The largest message relayed in either direction (a kernel's output with images can be big). */
  static final int MAX_MESSAGE = 64 * 1024 * 1024;

  private final CompletableFuture<Session> browser = new CompletableFuture<>();
  private volatile WebSocket server;
  private StringBuilder text = new StringBuilder();
  private ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private volatile boolean closed;

  private BackendSocket() {}

  /** The server answered the upgrade with an HTTP status instead (e.g. 404 for a gone kernel). */
  static final class Refused extends java.io.IOException {
    private final int status;

    Refused(int status) {
      super("the notebook server answered " + status);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /**
   * Opens the server's side (it reads nothing until {@link #attach}).
   *
   * @param subprotocols what the browser offered, passed on; the server's choice is {@link
   *     #subprotocol()}
   * @throws java.io.IOException when the server does not accept within {@code timeout}
   */
  static BackendSocket connect(
      HttpClient client, URI uri, String token, List<String> subprotocols, Duration timeout)
      throws java.io.IOException, InterruptedException {
    BackendSocket socket = new BackendSocket();
    WebSocket.Builder b =
        client
            .newWebSocketBuilder()
            .connectTimeout(timeout)
            .header("Authorization", "token " + token);
    if (!subprotocols.isEmpty()) {
      b.subprotocols(
          subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    try {
      socket.server = b.buildAsync(uri, socket).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return socket;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof java.net.http.WebSocketHandshakeException h) {
        throw new Refused(h.getResponse().statusCode());
      }
      throw new java.io.IOException(c == null ? e.toString() : c.getMessage(), c);
    } catch (TimeoutException e) {
      throw new java.io.IOException("no answer in " + timeout.toSeconds() + " s", e);
    }
  }

  /** The subprotocol the server chose, or empty. */
  String subprotocol() {
    return server.getSubprotocol();
  }

  /** Pairs the browser's session: from now on the server's messages flow to it. */
  void attach(Session session) {
    browser.complete(session);
    server.request(1);
  }

  /** Whether {@link #attach} happened (an upgrade that never completed is aborted). */
  boolean attached() {
    return browser.isDone();
  }

  // ---- browser -> server --------------------------------------------------------------------

  /** Sends a browser's text message and waits until it is handed to the server's connection. */
  synchronized void sendText(String message) {
    await(server.sendText(message, true));
  }

  /** Sends a browser's binary message and waits until it is handed to the server's connection. */
  synchronized void sendBinary(ByteBuffer message) {
    await(server.sendBinary(message, true));
  }

  /** The browser closed: closes the server's side with the same code. */
  void browserClosed(int code, String reason) {
    if (closed) {
      server.abort();
      return;
    }
    closed = true;
    try {
      server
          .sendClose(sendable(code), reason == null ? "" : truncate(reason))
          .orTimeout(5, TimeUnit.SECONDS)
          .whenComplete((ws, e) -> server.abort());
    } catch (IllegalArgumentException e) {
      server.abort();
    }
  }

  /** The browser's connection failed: drops the server's. */
  void abort() {
    closed = true;
    server.abort();
  }

  private void await(CompletableFuture<WebSocket> sent) {
    try {
      sent.join();
    } catch (CompletionException e) {
      abort();
      browser.thenAccept(
          s -> s.close(1011, "the notebook server's connection failed", Callback.NOOP));
    }
  }

  // ---- server -> browser --------------------------------------------------------------------

  @Override
  public void onOpen(WebSocket webSocket) {
    // nothing is read until the browser's side is attached
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    if (text.length() + data.length() > MAX_MESSAGE) {
      tooBig(ws);
      return null;
    }
    text.append(data);
    if (!last) {
      ws.request(1);
      return null;
    }
    String message = text.toString();
    text = new StringBuilder();
    Session s = browser.join();
    s.sendText(message, Callback.from(() -> ws.request(1), e -> abort()));
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    if (binary.size() + data.remaining() > MAX_MESSAGE) {
      tooBig(ws);
      return null;
    }
    byte[] part = new byte[data.remaining()];
    data.get(part);
    binary.writeBytes(part);
    if (!last) {
      ws.request(1);
      return null;
    }
    ByteBuffer message = ByteBuffer.wrap(binary.toByteArray());
    binary = new ByteArrayOutputStream();
    Session s = browser.join();
    s.sendBinary(message, Callback.from(() -> ws.request(1), e -> abort()));
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closed = true;
    browser.thenAccept(
        s -> {
          if (s.isOpen()) {
            s.close(sendable(statusCode), truncate(reason), Callback.NOOP);
          }
        });
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closed = true;
    browser.thenAccept(
        s -> {
          if (s.isOpen()) {
            s.close(1011, "the notebook server's connection failed", Callback.NOOP);
          }
        });
  }

  private void tooBig(WebSocket ws) {
    ws.abort();
    closed = true;
    browser.thenAccept(
        s -> s.close(1009, "message larger than " + MAX_MESSAGE + " bytes", Callback.NOOP));
  }

  /** A close code that may be sent (1005, 1006 and 1015 only report; they become 1000). */
  static int sendable(int code) {
    if (code == 1005 || code == 1006 || code == 1015 || code < 1000 || code > 4999) {
      return 1000;
    }
    return code;
  }

  /** A close reason fits in a control frame (123 bytes of UTF-8). */
  private static String truncate(String reason) {
    if (reason == null) {
      return "";
    }
    String r = reason;
    while (r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }
}
