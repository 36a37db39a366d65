package dev.skiff.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.config.ConfigLoader.Overrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.proxy.*}: the proxy's addresses are checked when the configuration is read. */
class ProxySettingsTest {
  @TempDir Path home;

  private SkiffConfig load(String trusted) throws IOException {
    Files.writeString(
        home.resolve("skiff.yaml"),
        "server:\n  host: 0.0.0.0\nauth:\n  mode: proxy\n  proxy:\n    trustedAddresses: \""
            + trusted
            + "\"\n");
    return ConfigLoader.load(new Overrides(home, null, null, null, null, null, null), Map.of());
  }

  @Test
  void addresses_and_blocks_of_both_families_are_read() throws IOException {
    AuthSettings.Proxy p = load("10.0.0.0/8, 127.0.0.1, fd00::/8 ::1").auth().proxy();
    assertThat(p.trustedAddresses())
        .containsExactlyInAnyOrder("10.0.0.0/8", "127.0.0.1", "fd00::/8", "::1");
    assertThat(p.header()).isEqualTo("X-Forwarded-Email");
    assertThat(p.groupsHeader()).isNull();
  }

  @Test
  void a_bad_address_is_one_line_naming_the_key_and_the_value() {
    assertThatThrownBy(() -> load("10.0.0.0/8, proxy.internal"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.proxy.trustedAddresses")
        .hasMessageContaining("'proxy.internal' is not an IP address or CIDR");
    assertThatThrownBy(() -> load("10.0.0.1/8"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the block is 10.0.0.0/8");
    assertThatThrownBy(() -> load("300.1.1.1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'300.1.1.1' is not an IP address or CIDR");
    assertThatThrownBy(() -> load("::1/200"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("prefix length that is not 0 to 128");
  }
}
