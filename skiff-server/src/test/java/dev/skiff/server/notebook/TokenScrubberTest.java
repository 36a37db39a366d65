package dev.skiff.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenScrubberTest {
  private static final String TOKEN = "3f9c2a7be1d04c55a8e6";

  private static String scrub(String text, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TokenScrubber s = new TokenScrubber(out, TOKEN)) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < b.length; i += chunk) {
        s.write(b, i, Math.min(chunk, b.length - i));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void removes_the_token_wherever_the_writes_split_it() throws IOException {
    String page =
        "<body data-jupyter-api-token=\""
            + TOKEN
            + "\"><a href=\"tree?token="
            + TOKEN
            + "\">"
            + TOKEN
            + TOKEN
            + "</a>3f9c2a</body>";
    String expected = "<body data-jupyter-api-token=\"\"><a href=\"tree?token=\"></a>3f9c2a</body>";
    for (int chunk = 1; chunk <= page.length(); chunk++) {
      assertThat(scrub(page, chunk)).as("chunk %d", chunk).isEqualTo(expected);
    }
  }

  @Test
  void leaves_other_bytes_alone_and_holds_back_only_a_possible_start() throws IOException {
    byte[] random = new byte[200_000];
    new Random(7).nextBytes(random);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TokenScrubber s = new TokenScrubber(out, TOKEN)) {
      s.write(random, 0, 100_000);
      s.write(random, 100_000, 100_000);
    }
    assertThat(out.toByteArray()).isEqualTo(random);

    ByteArrayOutputStream events = new ByteArrayOutputStream();
    TokenScrubber s = new TokenScrubber(events, TOKEN);
    s.write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
    s.flush();
    assertThat(events.toString(StandardCharsets.UTF_8)).isEqualTo("data: 1\n\n");
    s.write("data: 3f9".getBytes(StandardCharsets.UTF_8));
    assertThat(events.toString(StandardCharsets.UTF_8)).isEqualTo("data: 1\n\ndata: ");
    s.close();
    assertThat(events.toString(StandardCharsets.UTF_8)).isEqualTo("data: 1\n\ndata: 3f9");
  }
}
