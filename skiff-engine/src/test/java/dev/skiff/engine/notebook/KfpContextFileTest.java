package dev.skiff.engine.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KfpContextFileTest {
  @TempDir Path dir;

  private Map<String, String> credentials(String token) throws IOException {
    Path file = dir.resolve("private/token");
    Files.createDirectories(file.getParent());
    Files.writeString(file, token + "\n");
    return Map.of("KF_PIPELINES_ENDPOINT", "http://x", KfpContextFile.TOKEN_PATH, file.toString());
  }

  private static JsonValue.Obj read(Path file) throws IOException {
    return (JsonValue.Obj) JsonValue.parse(Files.readString(file));
  }

  @Test
  void no_token_file_named_writes_nothing() throws IOException {
    Path ws = dir.resolve("ws");
    assertThat(KfpContextFile.write(ws, "team-a", Map.of())).isEmpty();
    assertThat(KfpContextFile.write(ws, "team-a", Map.of("KF_PIPELINES_ENDPOINT", "x"))).isEmpty();
    assertThat(ws).doesNotExist();
  }

  @Test
  void a_fresh_file_has_the_profile_and_the_bearer_token_private() throws IOException {
    Path ws = dir.resolve("ws");
    assertThat(KfpContextFile.write(ws, "team-a", credentials("t0k"))).isEmpty();
    Path file = KfpContextFile.in(ws);
    assertThat(read(file).fields())
        .containsOnly(
            Map.entry("namespace", JsonValue.of("team-a")),
            Map.entry("client_authentication_header_name", JsonValue.of("Authorization")),
            Map.entry("client_authentication_header_value", JsonValue.of("Bearer t0k")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.resolve(".config"))))
        .isEqualTo("rwx------");
  }

  @Test
  void the_users_other_keys_are_kept_and_ours_replaced() throws IOException {
    Path ws = dir.resolve("ws");
    Path file = KfpContextFile.in(ws);
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "{\"namespace\":\"old\",\"client_authentication_header_value\":\"Bearer stale\","
            + "\"theme\":{\"dark\":true},\"n\":3}");
    assertThat(KfpContextFile.write(ws, "team-b", credentials("new"))).isEmpty();
    assertThat(read(file).fields())
        .containsEntry("namespace", JsonValue.of("team-b"))
        .containsEntry("client_authentication_header_value", JsonValue.of("Bearer new"))
        .containsEntry("n", JsonValue.of(3))
        .containsKey("theme")
        .hasSize(5);
  }

  @Test
  void invalid_json_or_a_link_is_replaced_with_a_fresh_file_and_said() throws IOException {
    Path ws = dir.resolve("ws");
    Path file = KfpContextFile.in(ws);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{oops");
    assertThat(KfpContextFile.write(ws, "team-a", credentials("a")))
        .get()
        .asString()
        .contains("not valid JSON");
    assertThat(read(file).fields()).hasSize(3);

    Files.writeString(file, "[1,2]");
    assertThat(KfpContextFile.write(ws, "team-a", credentials("a")))
        .get()
        .asString()
        .contains("not an object");

    Path elsewhere = dir.resolve("elsewhere.json");
    Files.writeString(elsewhere, "{}");
    Files.delete(file);
    Files.createSymbolicLink(file, elsewhere);
    assertThat(KfpContextFile.write(ws, "team-a", credentials("a"))).isPresent();
    assertThat(Files.isSymbolicLink(file)).isFalse();
    assertThat(Files.readString(elsewhere)).as("the link's target is not written").isEqualTo("{}");
  }

  @Test
  void a_missing_token_file_is_an_error() {
    Path ws = dir.resolve("ws");
    assertThatThrownBy(
            () ->
                KfpContextFile.write(
                    ws, "team-a", Map.of(KfpContextFile.TOKEN_PATH, dir.resolve("no").toString())))
        .isInstanceOf(NoSuchFileException.class);
  }
}
