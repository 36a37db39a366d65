package dev.skiff.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a POSIX tar stream (ustar headers, PAX records for long names and sizes), one entry at a
 * time, so that a folder artifact streams as one archive: the form Argo, under Kubeflow, stores
 * output artifacts in. The caller wraps the output in gzip.
 */
final class TarArchive {
  private static final int BLOCK = 512;
  private static final long MAX_OCTAL_SIZE = 077777777777L;

  private final OutputStream out;
  private final long mtime;

  /**
   * An archive written to {@code out}.
   *
   * @param mtime the modification time of every entry, in seconds since the epoch
   */
  TarArchive(OutputStream out, long mtime) {
    this.out = out;
    this.mtime = mtime;
  }

  /**
   * Adds a file: its header, then exactly {@code size} bytes copied from {@code content}.
   *
   * @throws IOException when the content is shorter than {@code size} or cannot be written
   */
  void add(String name, long size, InputStream content) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100 || size > MAX_OCTAL_SIZE) {
      StringBuilder pax = new StringBuilder();
      if (nameBytes.length > 100) {
        pax.append(record("path", name));
      }
      if (size > MAX_OCTAL_SIZE) {
        pax.append(record("size", Long.toString(size)));
      }
      byte[] data = pax.toString().getBytes(StandardCharsets.UTF_8);
      out.write(header("PaxHeader", data.length, (byte) 'x'));
      out.write(data);
      pad(data.length);
    }
    out.write(header(name, size, (byte) '0'));
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException(name + " ended " + left + " bytes early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    pad(size);
  }

  /** Writes the two empty blocks that end an archive (does not close the stream). */
  void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
  }

  private void pad(long written) throws IOException {
    int rest = (int) (written % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  /** One PAX record, {@code "<length> key=value\n"}, its length counting its own digits. */
  static String record(String key, String value) {
    int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++;
    }
    return length + " " + key + "=" + value + "\n";
  }

  private byte[] header(String name, long size, byte type) {
    byte[] h = new byte[BLOCK];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, Math.min(n.length, 100));
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, Math.min(size, MAX_OCTAL_SIZE));
    octal(h, 136, 12, mtime);
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = type;
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    return h;
  }

  /** An octal number in {@code width - 1} digits and a NUL. */
  private static void octal(byte[] h, int at, int width, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, width - 1 - digits.length())) + digits;
    byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, width - 1);
    h[at + width - 1] = 0;
  }
}
