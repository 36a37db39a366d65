package dev.skiff.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import dev.skiff.store.identity.ApiToken;
import dev.skiff.store.identity.AppUser;
import dev.skiff.store.identity.ProfileRole;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook server's credentials over a real (H2) database: a token of the creator limited to the
 * profile and the edit role, in a 0600 file of the private folder; a new start revokes the last
 * token; stop or delete revokes it, also after a restart (found again through the file).
 */
class NotebookTokensIT {
  private static final String ALICE = "alice@example.com";

  @TempDir Path home;

  @Test
  void issue_renew_and_revoke_even_after_a_restart() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      Instant now = Instant.now();
      db.identity().users().createIfAbsent(new AppUser(ALICE, "Alice", "team-a", now, now));
      db.profiles().createIfAbsent(Profile.of("team-a", ALICE, "a team"));
      ApiTokens tokens = new ApiTokens(db.identity().tokens(), Clock.systemUTC());
      Path notebooks = home.resolve("notebooks");
      Path dir = notebooks.resolve("team-a").resolve("nb");
      NotebookTokens credentials =
          new NotebookTokens(() -> tokens, () -> URI.create("http://127.0.0.1:8080/"), notebooks);

      Map<String, String> env = credentials.issue("team-a", "nb", ALICE, dir);
      assertThat(env)
          .containsEntry("KF_PIPELINES_ENDPOINT", "http://127.0.0.1:8080")
          .containsEntry("KF_PIPELINES_SA_TOKEN_PATH", dir.resolve("kfp-token").toString());
      Path file = dir.resolve("kfp-token");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      ApiToken first = stored(tokens, file);
      assertThat(first.userId()).isEqualTo(ALICE);
      assertThat(first.profile()).isEqualTo("team-a");
      assertThat(first.role()).isEqualTo(ProfileRole.EDIT);
      assertThat(first.name()).isEqualTo("notebook team-a/nb");
      assertThat(first.revokedAt()).isNull();

      // A new start: a new token, the last one revoked.
      credentials.issue("team-a", "nb", ALICE, dir);
      ApiToken second = stored(tokens, file);
      assertThat(second.id()).isNotEqualTo(first.id());
      assertThat(tokens.find(first.id()).orElseThrow().revokedAt()).isNotNull();

      // After a restart (a new instance knows nothing): stop revokes it through the file.
      NotebookTokens restarted =
          new NotebookTokens(() -> tokens, () -> URI.create("http://127.0.0.1:8080/"), notebooks);
      restarted.revoke("team-a", "nb");
      assertThat(tokens.find(second.id()).orElseThrow().revokedAt()).isNotNull();
      assertThat(file).doesNotExist();
      restarted.revoke("team-a", "nb"); // nothing left: nothing happens

      // Earlier tokens of the notebook that no file names any more are revoked at the next start.
      ApiTokens.Created stray =
          tokens.create(
              ALICE,
              "notebook team-a/nb",
              "team-a",
              ProfileRole.EDIT,
              java.time.Duration.ofDays(1));
      restarted.issue("team-a", "nb", ALICE, dir);
      assertThat(tokens.find(stray.stored().id()).orElseThrow().revokedAt()).isNotNull();
      assertThat(
              tokens.of(ALICE).stream()
                  .filter(t -> t.name().equals("notebook team-a/nb") && t.revokedAt() == null)
                  .count())
          .isEqualTo(1);
    }
  }

  private static ApiToken stored(ApiTokens tokens, Path file) throws Exception {
    String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    assertThat(token).matches("skf\\.[0-9a-f]{16}\\.[A-Za-z0-9_\\-]{43}");
    return tokens.find(token.split("\\.")[1]).orElseThrow();
  }
}
