package dev.skiff.server.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that {@link java.net.http.HttpClient} refuses to send:
 * malformed percent-encoding, raw bytes in the target, oversized request lines and headers, a
 * {@code Content-Length} far above the body. One request per connection ({@code Connection:
 * close}); the answer is read to the end of the stream.
 */
final class RawHttp {
  private RawHttp() {}

  /** An answer: status, headers (lower-case names, the first value of each) and body. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line that ends them), {@code
   * Connection: close}, then {@code body}, and reads the answer.
   */
  static Answer send(int port, byte[] head, byte[] body) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(head);
        out.write("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      } catch (SocketException e) {
        // The server may answer and close before it has read everything (a 413, a 431): the
        // answer is still there to read.
      }
      return parse(readAll(s.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request with the given method, target (sent byte for byte) and extra header lines. */
  static Answer request(int port, String method, String target, String... headerLines) {
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1");
    for (String h : headerLines) {
      head.append("\r\n").append(h);
    }
    return send(port, head.toString().getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        b.write(buf, 0, n);
      }
    } catch (SocketException e) {
      // a reset after the answer: keep what came
    }
    return b.toByteArray();
  }

  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no HTTP answer: '" + text + "'");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.putIfAbsent(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    byte[] body = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < text.length()) {
      int eol = text.indexOf("\r\n", at);
      int size = Integer.parseInt(text.substring(at, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, eol + 2, size);
      at = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
