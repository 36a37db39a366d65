package dev.skiff.pipeline.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValueTest {

  @Test
  void parses_and_writes_compact_json_with_sorted_keys() {
    JsonValue v = JsonValue.parse("{ \"b\": [1.0, 2.5, null, true], \"a\": \"x\\\"y\" }");
    assertThat(v.toJson()).isEqualTo("{\"a\":\"x\\\"y\",\"b\":[1,2.5,null,true]}");
    assertThat(v.kind()).isEqualTo("struct");
  }

  @Test
  void numbers_are_doubles_printed_in_shortest_form() {
    assertThat(JsonValue.of(20.0)).isEqualTo(JsonValue.parse("20"));
    assertThat(JsonValue.of(20.0).toJson()).isEqualTo("20");
    assertThat(JsonValue.of(0.1).toJson()).isEqualTo("0.1");
    assertThat(JsonValue.of(1e300).toJson()).isEqualTo("1.0E300");
    assertThat(JsonText.plainNumber(123456789012.0)).isEqualTo("123456789012");
    assertThat(JsonText.plainNumber(-0.0)).isEqualTo("0");
    assertThat(JsonValue.of(3.0).isIntegral()).isTrue();
  }

  @Test
  void values_are_immutable_and_compare_by_content() {
    JsonValue.Obj a = JsonValue.struct(Map.of("k", JsonValue.list(List.of(JsonValue.of(1)))));
    assertThat(a).isEqualTo(JsonValue.parse("{\"k\": [1]}"));
    assertThatThrownBy(() -> a.fields().put("x", JsonValue.Null.INSTANCE))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new JsonValue.Num(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejects_text_that_is_not_one_json_value() {
    assertThatThrownBy(() -> JsonValue.parse("[1,")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonValue.parse("1 2"))
        .hasMessage("unexpected text after the JSON value");
    assertThatThrownBy(() -> JsonValue.parse("")).hasMessage("empty JSON text");
  }
}
