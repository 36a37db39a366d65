package dev.skiff.server.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads Server-Sent Events from a response body on a virtual thread, for tests. */
final class SseClient implements AutoCloseable {
  /** One event: its type ({@code message} by default) and its data lines joined by newlines. */
  record Event(String type, String data) {}

  private final InputStream body;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<String> comments = new ArrayList<>();
  private volatile boolean ended;

  SseClient(InputStream body) {
    this.body = body;
    Thread.ofVirtual().name("test-sse-reader").start(this::read);
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String type = "message";
      StringBuilder data = null;
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(type, data.toString()));
          }
          type = "message";
          data = null;
        } else if (line.startsWith(":")) {
          synchronized (comments) {
            comments.add(line);
          }
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(line.substring(6));
        }
      }
    } catch (IOException e) {
      // closed by the test
    } finally {
      ended = true;
    }
  }

  /** The next event within {@code timeout}, or null. */
  Event next(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Events until one of {@code type} (included), each within {@code timeout}. */
  List<Event> until(String type, Duration timeout) throws InterruptedException {
    List<Event> seen = new ArrayList<>();
    while (true) {
      Event e = next(timeout);
      if (e == null) {
        throw new AssertionError("no '" + type + "' event within " + timeout + "; saw " + seen);
      }
      seen.add(e);
      if (e.type().equals(type)) {
        return seen;
      }
    }
  }

  /** Whether the server ended the stream. */
  boolean ended() {
    return ended;
  }

  int comments() {
    synchronized (comments) {
      return comments.size();
    }
  }

  /** Hangs up. */
  @Override
  public void close() throws IOException {
    body.close();
  }
}
