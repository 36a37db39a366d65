package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.SkiffServer;
import dev.skiff.server.config.SkiffConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff open}: a fresh one-time sign-in link from the server running on the home. */
class OpenCommandIT {
  @TempDir Path home;

  @Test
  void prints_a_link_that_signs_a_browser_in_once() throws Exception {
    try (SkiffServer server =
        SkiffServer.start(
            new SkiffConfig(
                home,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15))))) {
      CliRun open = CliRun.of("open", "--no-browser", "--home", home.toString());
      assertThat(open.exit()).as(open.err()).isZero();
      String link =
          open.out()
              .lines()
              .filter(l -> l.contains("/auth/local?code="))
              .findFirst()
              .orElseThrow()
              .strip();
      assertThat(link).startsWith(server.url().toString());
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<Void> first =
          http.send(
              HttpRequest.newBuilder(URI.create(link)).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(first.statusCode()).isEqualTo(302);
      assertThat(first.headers().firstValue("Set-Cookie").orElse("")).startsWith("skiff-session=");
      HttpResponse<Void> again =
          http.send(
              HttpRequest.newBuilder(URI.create(link)).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(again.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void without_a_server_says_how_to_start_one() {
    CliRun open = CliRun.of("open", "--no-browser", "--home", home.toString());
    assertThat(open.exit()).isEqualTo(1);
    assertThat(open.err().strip()).contains("no Skiff server runs on").contains("skiff up");
    assertThat(open.err().strip().lines().count()).isEqualTo(1);
  }
}
