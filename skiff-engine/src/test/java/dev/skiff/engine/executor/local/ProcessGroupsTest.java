package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessGroupsTest {

  @Test
  void reads_the_process_group_from_a_stat_line() {
    assertThat(ProcessGroups.parseProcessGroup("1276 (cat) R 1270 1270 5149 0 -1 4194304 100"))
        .isEqualTo(1270);
    assertThat(ProcessGroups.parseProcessGroup("42 (my (odd) name) S 1 40 40 0 -1")).isEqualTo(40);
  }

  @Test
  void zombies_and_garbage_have_no_group() {
    assertThat(ProcessGroups.parseProcessGroup("42 (sleep) Z 1 40 40 0 -1")).isEqualTo(-1);
    assertThat(ProcessGroups.parseProcessGroup("nonsense")).isEqualTo(-1);
    assertThat(ProcessGroups.parseProcessGroup("42 (x) S 1")).isEqualTo(-1);
  }

  @Test
  void this_jvm_is_never_listed_as_a_member_of_its_own_group() {
    long self = ProcessHandle.current().pid();
    assertThat(ProcessGroups.members(self)).doesNotContain(self);
  }
}
