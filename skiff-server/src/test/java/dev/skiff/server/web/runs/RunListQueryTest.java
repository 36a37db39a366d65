package dev.skiff.server.web.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.web.PageException;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunListQueryTest {
  private static RunListQuery parse(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return RunListQuery.parse(m::get);
  }

  @Test
  void no_query_lists_the_available_runs_newest_first_in_pages_of_the_default_size() {
    RunListQuery q = parse();
    assertThat(q.request().pageSize()).isEqualTo(RunListQuery.DEFAULT_SIZE);
    assertThat(q.request().sortBy()).isEqualTo("created_at desc");
    assertThat(q.request().pageToken()).isEmpty();
    assertThat(q.conditions())
        .containsExactly(Condition.of("storage_state", Op.EQUALS, "AVAILABLE"));
    assertThat(q.filtered()).isFalse();
    assertThat(q.filterQuery()).isEmpty();
  }

  @Test
  void every_filter_becomes_a_kfp_predicate() {
    RunListQuery q =
        parse(
            "state", "failed",
            "experiment", "e-1",
            "name", " nightly ",
            "from", "2026-01-02",
            "to", "2026-01-03",
            "archived", "1",
            "size", "50");
    assertThat(q.conditions())
        .containsExactly(
            Condition.of("storage_state", Op.EQUALS, "ARCHIVED"),
            Condition.of("state", Op.EQUALS, "FAILED"),
            Condition.of("experiment_id", Op.EQUALS, "e-1"),
            Condition.of("display_name", Op.IS_SUBSTRING, "nightly"),
            Condition.of(
                "created_at", Op.GREATER_THAN_EQUALS, Instant.parse("2026-01-02T00:00:00Z")),
            Condition.of("created_at", Op.LESS_THAN, Instant.parse("2026-01-04T00:00:00Z")));
    assertThat(q.request().pageSize()).isEqualTo(50);
    assertThat(q.filterQuery())
        .isEqualTo(
            "state=FAILED&experiment=e-1&name=nightly&from=2026-01-02&to=2026-01-03"
                + "&archived=1&size=50");
  }

  @Test
  void bad_values_are_400_pages_naming_the_parameter() {
    assertThatThrownBy(() -> parse("state", "DONE"))
        .isInstanceOf(PageException.class)
        .hasMessageContaining("state must be one of");
    assertThatThrownBy(() -> parse("from", "yesterday"))
        .hasMessageContaining("from must be a date");
    assertThatThrownBy(() -> parse("from", "2026-02-02", "to", "2026-02-01"))
        .hasMessageContaining("before");
    assertThatThrownBy(() -> parse("size", "0")).hasMessageContaining("size must be");
    assertThatThrownBy(() -> parse("page", "a b")).hasMessageContaining("page token");
    assertThat(
            ((PageException)
                    org.assertj.core.api.Assertions.catchThrowable(() -> parse("size", "x")))
                .status())
        .isEqualTo(400);
  }

  @Test
  void next_and_previous_carry_the_trail_of_tokens() {
    RunListQuery first = parse("state", "RUNNING");
    assertThat(first.previousQuery()).isNull();
    String second = first.nextQuery("T2.s");
    assertThat(second).isEqualTo("state=RUNNING&page=T2.s&back=");

    RunListQuery page2 = parse("state", "RUNNING", "page", "T2.s", "back", "");
    assertThat(page2.pageIndex()).isEqualTo(1);
    assertThat(page2.previousQuery()).isEqualTo("state=RUNNING");
    assertThat(page2.nextQuery("T3")).isEqualTo("state=RUNNING&page=T3&back=~T2.s");

    RunListQuery page3 = parse("state", "RUNNING", "page", "T3", "back", "~T2.s");
    assertThat(page3.back()).containsExactly("", "T2.s");
    assertThat(page3.previousQuery()).isEqualTo("state=RUNNING&page=T2.s&back=");
  }

  @Test
  void the_trail_is_bounded() {
    RunListQuery q =
        new RunListQuery(
            "", "", "", null, null, false, 20, "X", java.util.Collections.nCopies(40, "T"));
    String next = q.nextQuery("Y");
    String back = next.substring(next.indexOf("back=") + 5);
    assertThat(List.of(back.split("~", -1))).hasSize(RunListQuery.MAX_TRAIL);
  }
}
