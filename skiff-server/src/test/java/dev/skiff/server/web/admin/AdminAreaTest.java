package dev.skiff.server.web.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.web.PageException;
import dev.skiff.store.identity.ProfileQuota;
import org.junit.jupiter.api.Test;

class AdminAreaTest {
  @Test
  void a_quota_reads_as_one_line_naming_only_its_limits() {
    assertThat(AdminArea.quota(ProfileQuota.NONE)).isEqualTo("no limits");
    assertThat(AdminArea.quota(new ProfileQuota(4, 2500L, 1L << 30, null, 1)))
        .isEqualTo("steps 4, CPU 2500m, memory 1.0 GiB, notebooks 1");
  }

  @Test
  void the_audit_page_continues_below_an_event_id_and_refuses_anything_else() {
    assertThat(AdminArea.before(null)).isZero();
    assertThat(AdminArea.before(" 5000000000 ")).isEqualTo(5_000_000_000L);
    assertThatThrownBy(() -> AdminArea.before("-1"))
        .isInstanceOf(PageException.class)
        .hasMessage("before must be an audit event id, got '-1'");
    assertThatThrownBy(() -> AdminArea.before("x")).isInstanceOf(PageException.class);
  }
}
