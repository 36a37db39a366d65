package dev.skiff.server.notebook;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client's side of a Jupyter kernel's WebSocket (messaging protocol 5, JSON). */
final class KernelMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KernelMessages() {}

  /** Collects a socket's text messages. */
  static final class Inbox implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        messages.add(part.toString());
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      closed.complete(code);
      return null;
    }
  }

  /** Runs {@code code} on the kernel and returns the text/plain of its execute_result. */
  static String execute(WebSocket ws, Inbox inbox, String code) throws Exception {
    String msgId = UUID.randomUUID().toString();
    ObjectNode msg = JSON.createObjectNode();
    msg.putObject("header")
        .put("msg_id", msgId)
        .put("username", "test")
        .put("session", UUID.randomUUID().toString())
        .put("msg_type", "execute_request")
        .put("version", "5.3")
        .put("date", Instant.now().toString());
    msg.putObject("parent_header");
    msg.putObject("metadata");
    msg.putObject("content")
        .put("code", code)
        .put("silent", false)
        .put("store_history", false)
        .put("allow_stdin", false)
        .put("stop_on_error", true)
        .putObject("user_expressions");
    msg.put("channel", "shell");
    msg.putArray("buffers");
    ws.sendText(JSON.writeValueAsString(msg), true).join();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String text = inbox.messages.poll(1, TimeUnit.SECONDS);
      if (text == null) {
        continue;
      }
      JsonNode m = JSON.readTree(text);
      if (!msgId.equals(m.path("parent_header").path("msg_id").asText())) {
        continue;
      }
      String type = m.path("header").path("msg_type").asText();
      if (type.equals("execute_result")) {
        return m.path("content").path("data").path("text/plain").asText();
      }
      if (type.equals("error")) {
        fail("the kernel failed: " + m.path("content"));
      }
    }
    throw new AssertionError("no execute_result in 90 s");
  }
}
