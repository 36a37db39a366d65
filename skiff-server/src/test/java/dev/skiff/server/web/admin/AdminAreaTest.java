package dev.skiff.server.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.identity.ProfileQuota;
import org.junit.jupiter.api.Test;

class AdminAreaTest {
  @Test
  void a_quota_reads_as_one_line_naming_only_its_limits() {
    assertThat(AdminArea.quota(ProfileQuota.NONE)).isEqualTo("no limits");
    assertThat(AdminArea.quota(new ProfileQuota(4, 2500L, 1L << 30, null, 1)))
        .isEqualTo("steps 4, CPU 2500m, memory 1.0 GiB, notebooks 1");
  }
}
