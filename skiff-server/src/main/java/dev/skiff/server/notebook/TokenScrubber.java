package dev.skiff.server.notebook;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Removes a secret from a stream of bytes on its way out, also where it spans writes: Jupyter puts
 * its own token into the pages of a token-authenticated request ({@code data-jupyter-api-token},
 * {@code ?token=} links), and the browser must never see it (the proxy adds it to every forwarded
 * request instead).
 *
 * <p>Only the longest end of what was written that could begin the secret is held back until more
 * arrives or the stream closes, so a stream of events is not delayed by it (a random token starts
 * with no line break).
 */
final class TokenScrubber extends FilterOutputStream {
  private final byte[] secret;
  private byte[] held = new byte[0];

  /** Writes to {@code out} without {@code secret} (which must not be empty). */
  TokenScrubber(OutputStream out, String secret) {
    super(out);
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("empty secret");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    byte[] data;
    if (held.length == 0) {
      data = Arrays.copyOfRange(b, off, off + len);
    } else {
      data = Arrays.copyOf(held, held.length + len);
      System.arraycopy(b, off, data, held.length, len);
    }
    int from = 0;
    int i = 0;
    while (i <= data.length - secret.length) {
      if (matchesAt(data, i)) {
        out.write(data, from, i - from);
        i += secret.length;
        from = i;
      } else {
        i++;
      }
    }
    int keep = partialAtEnd(data, Math.max(from, data.length - secret.length + 1));
    out.write(data, from, data.length - from - keep);
    held = Arrays.copyOfRange(data, data.length - keep, data.length);
  }

  private boolean matchesAt(byte[] data, int at) {
    for (int k = 0; k < secret.length; k++) {
      if (data[at + k] != secret[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The length of the longest end of {@code data}, starting at or after {@code from}, that begins
   * the secret.
   */
  private int partialAtEnd(byte[] data, int from) {
    for (int start = Math.max(from, 0); start < data.length; start++) {
      int n = data.length - start;
      boolean prefix = true;
      for (int k = 0; k < n; k++) {
        if (data[start + k] != secret[k]) {
          prefix = false;
          break;
        }
      }
      if (prefix) {
        return n;
      }
    }
    return 0;
  }

  /** Writes what was held back (it did not turn into the secret). */
  @Override
  public void close() throws IOException {
    try {
      out.write(held);
      held = new byte[0];
    } finally {
      out.close();
    }
  }
}
