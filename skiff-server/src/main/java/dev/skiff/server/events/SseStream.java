package dev.skiff.server.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events on a response body: UTF-8 frames, each flushed at once. A write to a client
 * that has gone away throws, which is how a stream learns to stop.
 */
public final class SseStream {
  private final OutputStream out;

  /** A stream writing to {@code out} (the response's output stream). */
  public SseStream(OutputStream out) {
    this.out = out;
  }

  /**
   * Sends one event.
   *
   * @param name the event type ({@code event:}); null for the default {@code message}
   * @param id the event id ({@code id:}); null for none
   * @param data the payload; each of its lines becomes a {@code data:} line
   * @throws IOException when the client has gone away
   */
  public void event(String name, String id, String data) throws IOException {
    StringBuilder frame = new StringBuilder(data.length() + 64);
    if (id != null) {
      frame.append("id: ").append(oneLine(id)).append('\n');
    }
    if (name != null) {
      frame.append("event: ").append(oneLine(name)).append('\n');
    }
    int from = 0;
    while (true) {
      int nl = data.indexOf('\n', from);
      String line = nl < 0 ? data.substring(from) : data.substring(from, nl);
      frame.append("data: ").append(line.replace("\r", "")).append('\n');
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    write(frame.append('\n').toString());
  }

  /**
   * Sends a comment line, which clients ignore: a keep-alive that also finds out whether the client
   * is still there.
   */
  public void comment(String text) throws IOException {
    write(": " + oneLine(text) + "\n\n");
  }

  /** Asks the client to wait this long before it reconnects. */
  public void retry(long millis) throws IOException {
    write("retry: " + millis + "\n\n");
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String oneLine(String s) {
    return s.replace("\r", "").replace("\n", " ");
  }
}
