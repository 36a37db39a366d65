package dev.skiff.server.web.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {
  private static CsvTable read(String text, int rows) throws IOException {
    return CsvTable.read(new StringReader(text), ',', rows, 1_000_000);
  }

  @Test
  void quoted_fields_keep_commas_newlines_and_doubled_quotes() throws IOException {
    CsvTable t = read("name,note\r\n\"a, b\",\"said \"\"hi\"\"\"\n\"multi\nline\",x\n", 10);
    assertThat(t.rows())
        .containsExactly(
            List.of("name", "note"), List.of("a, b", "said \"hi\""), List.of("multi\nline", "x"));
    assertThat(t.truncated()).isFalse();
    assertThat(t.columns()).isEqualTo(2);
    assertThat(t.looksTabular()).isTrue();
  }

  @Test
  void empty_fields_and_a_last_line_without_newline() throws IOException {
    CsvTable t = read("a,,c\n,,\nx,y,\"\"", 10);
    assertThat(t.rows())
        .containsExactly(List.of("a", "", "c"), List.of("", "", ""), List.of("x", "y", ""));
  }

  @Test
  void reading_stops_after_max_rows_and_says_so() throws IOException {
    StringBuilder csv = new StringBuilder("i,sq\n");
    for (int i = 0; i < 500; i++) {
      csv.append(i).append(',').append(i * i).append('\n');
    }
    CsvTable t = read(csv.toString(), 101);
    assertThat(t.rows()).hasSize(101);
    assertThat(t.rows().get(100)).containsExactly("99", "9801");
    assertThat(t.truncated()).isTrue();

    CsvTable exact = read("a,b\n1,2\n\n", 2);
    assertThat(exact.truncated()).isFalse();
  }

  @Test
  void a_character_limit_cuts_a_huge_file() throws IOException {
    CsvTable t = CsvTable.read(new StringReader("a,b\n" + "x".repeat(10_000)), ',', 100, 100);
    assertThat(t.truncated()).isTrue();
    assertThat(t.rows()).containsExactly(List.of("a", "b"));
  }

  @Test
  void prose_does_not_look_tabular() throws IOException {
    assertThat(
            read("Hello, world.\nThis is a log line\nand another, with, commas\n", 6)
                .looksTabular())
        .isFalse();
    assertThat(read("just one line", 6).looksTabular()).isFalse();
  }
}
