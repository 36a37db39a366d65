package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.config.SkiffConfig;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff server --db jdbc:postgresql://...} against a real PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresServerIT {
  @TempDir Path home;

  @Test
  void runs_ready_on_postgresql_and_creates_profiles(PostgresDatabase db) throws Exception {
    SkiffConfig config =
        SkiffServerIT.config(
            home, 0, new SkiffConfig.Database(db.jdbcUrl(), db.user(), db.password()));
    try (SkiffServer server = SkiffServer.start(config)) {
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.url().resolve("/readyz")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"database\":\"postgresql\"");

      LocalSetup.Result first = LocalSetup.run(server.database(), "Ada.Lovelace@example.com");
      LocalSetup.Result second = LocalSetup.run(server.database(), "Ada.Lovelace@example.com");
      assertThat(first.profile()).isEqualTo("ada-lovelace");
      assertThat(first.profileCreated()).isTrue();
      assertThat(second.profileCreated()).isFalse();
      assertThat(server.database().profiles().find("ada-lovelace")).isPresent();
      assertThat(first.examplesLoaded()).isGreaterThanOrEqualTo(2);
      assertThat(second.examplesLoaded()).isZero();
      assertThat(server.database().pipelines().list("ada-lovelace"))
          .extracting(p -> p.name())
          .contains("hello-world", "producer-consumer");
    }
  }
}
