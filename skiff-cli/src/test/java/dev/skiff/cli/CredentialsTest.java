package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the credentials file is, how servers are keyed in it, and a file that is not one. */
class CredentialsTest {
  @TempDir Path dir;

  @Test
  void servers_are_keyed_by_their_normalized_base_url() {
    assertThat(Credentials.key(URI.create("http://LocalHost:80/"))).isEqualTo("http://localhost");
    assertThat(Credentials.key(URI.create("HTTPS://Skiff.Example.com:443//")))
        .isEqualTo("https://skiff.example.com");
    assertThat(Credentials.key(URI.create("http://127.0.0.1:8080/?x=1")))
        .isEqualTo("http://127.0.0.1:8080");
    assertThat(Credentials.key(URI.create("https://example.com:8443/skiff/")))
        .isEqualTo("https://example.com:8443/skiff");
  }

  @Test
  void the_folder_follows_xdg_config_home_when_it_is_absolute() {
    String saved = System.getProperty(Credentials.FOLDER_PROPERTY);
    System.clearProperty(Credentials.FOLDER_PROPERTY);
    try {
      assertThat(Credentials.folder(Map.of("XDG_CONFIG_HOME", "/etc/xdg-test")))
          .isEqualTo(Path.of("/etc/xdg-test/skiff"));
      Path fallback = Path.of(System.getProperty("user.home"), ".config", "skiff");
      assertThat(Credentials.folder(Map.of("XDG_CONFIG_HOME", "relative/dir"))).isEqualTo(fallback);
      assertThat(Credentials.folder(Map.of())).isEqualTo(fallback);
    } finally {
      if (saved != null) {
        System.setProperty(Credentials.FOLDER_PROPERTY, saved);
      }
    }
  }

  @Test
  void entries_are_saved_found_and_removed_per_server() {
    Credentials c = new Credentials(dir.resolve("skiff").resolve(Credentials.FILE));
    URI a = URI.create("http://127.0.0.1:8080/");
    URI b = URI.create("https://skiff.example.com");
    assertThat(c.find(a)).isEmpty();
    c.save(a, new Credentials.Entry("skf.a", "alice", Instant.EPOCH));
    c.save(b, new Credentials.Entry("skf.b", "bob", Instant.EPOCH));
    assertThat(c.find(URI.create("http://127.0.0.1:8080")).orElseThrow().token())
        .isEqualTo("skf.a");
    assertThat(c.remove(a)).isPresent();
    assertThat(c.remove(a)).isEmpty();
    assertThat(c.read().servers()).containsOnlyKeys("https://skiff.example.com");
  }

  @Test
  void a_file_that_is_not_json_is_a_usage_error_naming_it() throws Exception {
    Path file = dir.resolve(Credentials.FILE);
    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> new Credentials(file).find(URI.create("http://x")))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("skiff login");
  }
}
