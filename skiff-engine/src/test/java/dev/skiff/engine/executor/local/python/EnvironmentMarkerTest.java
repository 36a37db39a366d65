package dev.skiff.engine.executor.local.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentMarkerTest {
  private static final Map<String, String> PY311_LINUX =
      Map.of(
          "python_version", "3.11",
          "python_full_version", "3.11.7",
          "sys_platform", "linux",
          "platform_system", "Linux",
          "platform_machine", "x86_64",
          "os_name", "posix",
          "implementation_name", "cpython");

  private static boolean eval(String marker) throws Exception {
    return EnvironmentMarker.evaluate(marker, PY311_LINUX);
  }

  @Test
  void versions_compare_by_their_numbers_not_as_text() throws Exception {
    assertThat(eval("python_version < \"3.9\"")).isFalse();
    assertThat(eval("python_version >= '3.9'")).isTrue();
    assertThat(eval("python_version > \"3.10\"")).as("3.11 > 3.10 (text says <)").isTrue();
    assertThat(eval("python_full_version == '3.11.7'")).isTrue();
    assertThat(eval("python_version ~= '3.10'")).isTrue();
    assertThat(eval("python_full_version ~= '3.11.0'")).isTrue();
    assertThat(eval("python_full_version ~= '3.10.0'")).isFalse();
    assertThat(eval("'3.8' < python_version")).isTrue();
  }

  @Test
  void strings_boolean_operators_and_parentheses() throws Exception {
    assertThat(eval("sys_platform == \"linux\" and platform_machine == 'x86_64'")).isTrue();
    assertThat(eval("sys_platform == 'win32' or os_name == 'posix'")).isTrue();
    assertThat(eval("sys_platform != 'linux'")).isFalse();
    assertThat(
            eval(
                "(sys_platform == 'darwin' or sys_platform == 'linux') and python_version < '3.9'"))
        .isFalse();
    assertThat(eval("'lin' in sys_platform")).isTrue();
    assertThat(eval("'win' not in sys_platform")).isTrue();
    assertThat(eval("extra == 'gpu'")).as("an unknown variable is empty").isFalse();
  }

  @Test
  void malformed_markers_are_errors() {
    assertThatThrownBy(() -> eval("python_version <")).hasMessageContaining("ends too early");
    assertThatThrownBy(() -> eval("python_version < '3.9' xor 1"))
        .hasMessageContaining("unexpected");
    assertThatThrownBy(() -> eval("python_version < '3.9")).hasMessageContaining("unterminated");
  }
}
