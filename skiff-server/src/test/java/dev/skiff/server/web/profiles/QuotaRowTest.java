package dev.skiff.server.web.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.quota.QuotaUsage;
import dev.skiff.store.identity.ProfileQuota;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaRowTest {
  @Test
  void usage_is_shown_against_each_limit_with_its_share() {
    List<QuotaRow> rows =
        QuotaRow.of(
            new ProfileQuota(4, 2000L, 8L << 30, 1, 2), new QuotaUsage(3, 1500, 2L << 30, 1));
    assertThat(rows)
        .extracting(QuotaRow::resource)
        .containsExactly("Steps running", "CPU", "Memory", "GPUs", "Notebook servers");
    assertThat(rows.get(0)).isEqualTo(new QuotaRow("Steps running", "3", "4", 75));
    assertThat(rows.get(1)).isEqualTo(new QuotaRow("CPU", "1.5 cores", "2 cores", 75));
    assertThat(rows.get(2)).isEqualTo(new QuotaRow("Memory", "2.0 GiB", "8.0 GiB", 25));
    assertThat(rows.get(3).full()).isTrue();
    assertThat(rows.get(3).meterClass()).isEqualTo("meter-100");
    assertThat(rows.get(0).meterClass()).isEqualTo("meter-70");
    assertThat(rows.get(4).limit()).isEqualTo("2");
  }

  @Test
  void no_limit_has_no_share_and_a_zero_limit_is_full() {
    List<QuotaRow> rows = QuotaRow.of(ProfileQuota.NONE, QuotaUsage.NONE);
    assertThat(rows).allSatisfy(r -> assertThat(r.limit()).isEqualTo("no limit"));
    assertThat(rows).allSatisfy(r -> assertThat(r.percent()).isEqualTo(-1));
    assertThat(rows.get(1).used()).isEqualTo("0 cores");
    QuotaRow zero =
        QuotaRow.of(new ProfileQuota(null, null, null, 0, null), QuotaUsage.NONE).get(3);
    assertThat(zero.full()).isTrue();
    assertThat(QuotaRow.cores(250)).isEqualTo("0.25 cores");
    assertThat(QuotaRow.cores(1000)).isEqualTo("1 core");
  }
}
