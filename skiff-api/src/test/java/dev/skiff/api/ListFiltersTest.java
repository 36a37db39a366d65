package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListFiltersTest {

  @Test
  void reads_what_kfp_client_sends_and_every_value_form() {
    // kfp.Client: numeric operation, camelCase value.
    assertThat(
            ListFilters.parse(
                "{\"predicates\":[{\"operation\":1,\"key\":\"display_name\","
                    + "\"stringValue\":\"Default\"}]}"))
        .containsExactly(Condition.of("display_name", Op.EQUALS, "Default"));
    assertThat(
            ListFilters.parse(
                "{\"predicates\":["
                    + "{\"operation\":\"GREATER_THAN\",\"key\":\"created_at\","
                    + "\"timestamp_value\":\"2026-01-02T03:04:05Z\"},"
                    + "{\"operation\":\"less_than_equals\",\"key\":\"created_at\","
                    + "\"long_value\":\"1767225600\"},"
                    + "{\"operation\":8,\"key\":\"state\","
                    + "\"string_values\":{\"values\":[\"FAILED\",\"CANCELED\"]}},"
                    + "{\"operation\":\"IN\",\"key\":\"created_at\",\"intValues\":{\"values\":[1,2]}},"
                    + "{\"operation\":9,\"key\":\"display_name\",\"string_value\":\"nightly\"}]}"))
        .containsExactly(
            Condition.of("created_at", Op.GREATER_THAN, Instant.parse("2026-01-02T03:04:05Z")),
            Condition.of("created_at", Op.LESS_THAN_EQUALS, 1767225600L),
            new Condition("state", Op.IN, List.of("FAILED", "CANCELED")),
            new Condition("created_at", Op.IN, List.of(1L, 2L)),
            Condition.of("display_name", Op.IS_SUBSTRING, "nightly"));
    assertThat(ListFilters.parse("")).isEmpty();
    assertThat(ListFilters.parse("{}")).isEmpty();
  }

  @Test
  void a_bad_filter_is_one_line_naming_the_problem() {
    Map<String, String> cases =
        Map.of(
            "{not json", "filter is not JSON",
            "[1]", "filter must be a JSON object",
            "{\"predicates\":{}}", "filter.predicates must be a list",
            "{\"predicates\":[{\"operation\":4,\"key\":\"a\",\"string_value\":\"x\"}]}",
                "filter.predicates[0].operation must be one of EQUALS (1)",
            "{\"predicates\":[{\"operation\":1,\"string_value\":\"x\"}]}",
                "filter.predicates[0].key is required",
            "{\"predicates\":[{\"operation\":1,\"key\":\"a\"}]}", "has no value",
            "{\"predicates\":[{\"operation\":1,\"key\":\"a\",\"int_value\":\"x\"}]}",
                "int_value must be a whole number",
            "{\"predicates\":[{\"operation\":8,\"key\":\"a\",\"string_value\":\"x\"}]}",
                "IN takes string_values",
            "{\"predicates\":[{\"operation\":1,\"key\":\"a\",\"timestamp_value\":\"soon\"}]}",
                "must be an RFC 3339 time");
    cases.forEach(
        (json, message) ->
            assertThatThrownBy(() -> ListFilters.parse(json))
                .as(json)
                .isInstanceOf(ApiRequestException.class)
                .hasMessageContaining(message));
  }
}
