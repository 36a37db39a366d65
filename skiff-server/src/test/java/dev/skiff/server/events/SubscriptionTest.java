package dev.skiff.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
  private static RunEvent event(String run, RunState state) {
    return new RunEvent.RunChanged(
        new RunRecord(
            run,
            "p",
            "p",
            RunOptions.DEFAULT,
            Map.of(),
            state,
            Optional.empty(),
            Instant.EPOCH,
            Optional.empty(),
            Optional.empty()));
  }

  @Test
  void matches_its_run_or_its_profile() {
    Subscription byRun = new Subscription(null, "r1", null, 4);
    assertThat(byRun.matches("r1", "alice")).isTrue();
    assertThat(byRun.matches("r2", "alice")).isFalse();
    Subscription byProfile = new Subscription(null, null, "alice", 4);
    assertThat(byProfile.matches("r9", "alice")).isTrue();
    assertThat(byProfile.matches("r9", "bob")).isFalse();
  }

  @Test
  void a_client_that_falls_behind_is_marked_and_holds_nothing_more() throws Exception {
    Subscription s = new Subscription(null, "r1", null, 3);
    for (int i = 0; i < 3; i++) {
      s.offer(event("r1", RunState.RUNNING));
    }
    assertThat(s.overflowed()).isFalse();
    s.offer(event("r1", RunState.SUCCEEDED));
    assertThat(s.overflowed()).isTrue();
    assertThat(s.poll(Duration.ZERO)).as("the queue is dropped").isNull();
    s.offer(event("r1", RunState.SUCCEEDED));
    assertThat(s.poll(Duration.ZERO)).as("nothing is queued after an overflow").isNull();
  }

  @Test
  void events_come_out_in_order() throws Exception {
    Subscription s = new Subscription(null, "r1", null, 8);
    s.offer(event("r1", RunState.RUNNING));
    s.offer(event("r1", RunState.SUCCEEDED));
    assertThat(((RunEvent.RunChanged) s.poll(Duration.ZERO)).run().state())
        .isEqualTo(RunState.RUNNING);
    assertThat(((RunEvent.RunChanged) s.poll(Duration.ZERO)).run().state())
        .isEqualTo(RunState.SUCCEEDED);
  }
}
