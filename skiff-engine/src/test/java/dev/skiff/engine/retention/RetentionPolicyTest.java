package dev.skiff.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.FinishedRun;
import dev.skiff.store.ProfileRetention;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  @Test
  void a_profiles_override_wins_field_by_field_and_zero_means_no_limit() {
    RetentionPolicy server = new RetentionPolicy(30, 7, 100);
    assertThat(server.with(new ProfileRetention("team-a", 0, null, 5)))
        .isEqualTo(new RetentionPolicy(0, 7, 5));
    assertThat(server.with(null)).isEqualTo(server);
    assertThat(RetentionPolicy.KEEP_ALL.keepsAll()).isTrue();
    assertThat(server.describe()).isEqualTo("runs 30 days, logs 7 days, 100 runs per pipeline");
    assertThat(new RetentionPolicy(0, 0, 1).describe())
        .isEqualTo("runs kept, logs kept, 1 run per pipeline");
    assertThatThrownBy(() -> new RetentionPolicy(-1, 0, 0))
        .hasMessage("run days must be between 0 (no limit) and 10000, got -1");
  }

  @Test
  void a_report_sums_up_in_one_line() {
    FinishedRun r = new FinishedRun("r1", "", "p", Instant.EPOCH, Instant.EPOCH);
    SweepReport report =
        new SweepReport(
            true,
            List.of(
                new SweepReport.DeletedRun(
                    r, SweepReport.Reason.AGE, new RunFootprint("r1", 2048, 5 * 1024 * 1024))),
            List.of(new SweepReport.DeletedLogs(r, 100)),
            List.of(r),
            List.of(),
            false);
    assertThat(report.logBytes()).isEqualTo(2148);
    assertThat(report.summary())
        .isEqualTo(
            "would delete 1 run (2.0 KiB of logs, 5.0 MiB of artifacts) and the logs of 1 other"
                + " run (100 B); kept 1 expired run whose outputs kept runs reuse through the"
                + " cache");
    assertThat(SweepReport.bytes(1023)).isEqualTo("1023 B");
    assertThat(SweepReport.bytes(3L << 30)).isEqualTo("3.0 GiB");
  }
}
