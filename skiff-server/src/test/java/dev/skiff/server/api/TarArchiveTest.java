package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TarArchiveTest {
  @Test
  void pax_records_count_their_own_length() {
    String r = TarArchive.record("path", "a".repeat(120));
    assertThat(r).endsWith("\n");
    int declared = Integer.parseInt(r.substring(0, r.indexOf(' ')));
    assertThat(declared).isEqualTo(r.getBytes(StandardCharsets.UTF_8).length);
    String edge = TarArchive.record("path", "x".repeat(89));
    assertThat(Integer.parseInt(edge.substring(0, edge.indexOf(' '))))
        .isEqualTo(edge.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void entries_are_block_aligned_with_valid_checksums() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarArchive tar = new TarArchive(out, 0);
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    tar.add("dir/a.txt", content.length, new ByteArrayInputStream(content));
    tar.finish();
    byte[] b = out.toByteArray();
    assertThat(b.length).isEqualTo(512 + 512 + 1024);
    assertThat(new String(b, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("dir/a.txt");
    assertThat(new String(b, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : b[i] & 0xff;
    }
    assertThat(Long.parseLong(new String(b, 148, 6, StandardCharsets.US_ASCII), 8)).isEqualTo(sum);
    assertThat(new String(b, 512, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  @Test
  void content_shorter_than_declared_is_an_error() {
    TarArchive tar = new TarArchive(new ByteArrayOutputStream(), 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> tar.add("x", 10, new ByteArrayInputStream(new byte[3])))
        .hasMessageContaining("7 bytes early");
  }
}
