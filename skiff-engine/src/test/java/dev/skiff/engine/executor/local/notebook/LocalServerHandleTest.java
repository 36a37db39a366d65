package dev.skiff.engine.executor.local.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalServerHandleTest {

  @Test
  void a_handle_reads_back_as_written() {
    LocalServerHandle h =
        new LocalServerHandle(
            4242,
            1764900000123L,
            41234,
            "abc",
            "/notebook/p/n/",
            500,
            1L << 30,
            List.of("0", "1"),
            "not enforced: x");
    assertThat(LocalServerHandle.parse(h.format())).contains(h);
  }

  @Test
  void what_is_not_a_handle_reads_as_none() {
    assertThat(LocalServerHandle.parse(null)).isEmpty();
    assertThat(LocalServerHandle.parse("")).isEmpty();
    assertThat(LocalServerHandle.parse("4242@123")).isEmpty();
    assertThat(LocalServerHandle.parse("{\"pid\":1,\"port\":80}")).as("pid 1").isEmpty();
    assertThat(LocalServerHandle.parse("{\"pid\":99,\"port\":70000}")).as("port").isEmpty();
    assertThat(LocalServerHandle.parse("[1,2]")).isEmpty();
  }

  @Test
  void a_handle_whose_process_started_at_another_time_is_not_live() {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().orElseThrow().toEpochMilli();
    LocalServerHandle same =
        new LocalServerHandle(self.pid(), started, 1, "t", "/", 0, 0, List.of(), "");
    LocalServerHandle reused =
        new LocalServerHandle(self.pid(), started - 1000, 1, "t", "/", 0, 0, List.of(), "");
    assertThat(same.live()).isPresent();
    assertThat(reused.live()).isEmpty();
  }
}
