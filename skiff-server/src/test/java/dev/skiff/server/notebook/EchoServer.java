package dev.skiff.server.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small real HTTP server behind the proxy, standing where a notebook server stands, that shows
 * what crossed the proxy: {@code echo} answers the request it received (method, path, query, every
 * header) as JSON and sets cookies and a header holding the token; {@code stream} writes a line,
 * then waits for the test's go-ahead before the next one (an answer the proxy must not hold back).
 */
final class EchoServer implements AutoCloseable {
  static final String TOKEN = "echo-token-5d41402abc4b2a76b9719d911017c592";
  private static final ObjectMapper JSON = new ObjectMapper();

  final URI base;
  final CountDownLatch goOn = new CountDownLatch(1);
  private final HttpServer server;

  EchoServer(String profile, String name) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    String basePath = "/notebook/" + profile + "/" + name + "/";
    server.createContext(basePath + "echo", this::echo);
    server.createContext(basePath + "stream", this::stream);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
  }

  private void echo(HttpExchange x) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    out.put("method", x.getRequestMethod());
    out.put("path", x.getRequestURI().getRawPath());
    out.put("query", x.getRequestURI().getRawQuery());
    ObjectNode headers = out.putObject("headers");
    for (Map.Entry<String, List<String>> h : x.getRequestHeaders().entrySet()) {
      // the token itself would be taken out of the answer by the proxy: it is shown as <T>
      headers.put(
          h.getKey().toLowerCase(java.util.Locale.ROOT),
          String.join(" | ", h.getValue()).replace(TOKEN, "<T>"));
    }
    out.put("body_bytes", x.getRequestBody().readAllBytes().length);
    byte[] body = JSON.writeValueAsBytes(out);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.getResponseHeaders().add("Set-Cookie", "username-127-0-0-1-8888=\"2|signed\"; HttpOnly");
    x.getResponseHeaders().add("Set-Cookie", "theme=dark; Path=/");
    x.getResponseHeaders().add("X-Served-With", "token=" + TOKEN);
    x.sendResponseHeaders(200, body.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(body);
    }
  }

  private void stream(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Content-Type", "text/event-stream");
    x.sendResponseHeaders(200, 0);
    try (OutputStream o = x.getResponseBody()) {
      o.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
      o.flush();
      if (!goOn.await(30, TimeUnit.SECONDS)) {
        return;
      }
      o.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
