package dev.skiff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skiff open}: a new one-time link that signs a browser in to the server running on this
 * home (local mode), printed and, unless {@code --no-browser}, opened with {@code xdg-open}.
 */
@Command(
    name = "open",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Sign a browser in to the dashboard of the server running on this home:",
      "prints a new one-time link (valid 15 minutes) and opens it."
    })
final class OpenCommand implements Callable<Integer> {
  @Mixin HomeOptions home;

  @Option(names = "--no-browser", description = "Only print the link.")
  boolean noBrowser;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    SkiffConfig config = ConfigLoader.load(home.overrides(), System.getenv());
    URI server =
        RunClients.runningServer(config.home())
            .orElseThrow(
                () ->
                    new CommandFailure(
                        "no Skiff server runs on "
                            + config.home()
                            + "; start one with `skiff up`"));
    String token =
        TokenFile.read(config.home())
            .orElseThrow(() -> new CommandFailure("no token in " + TokenFile.path(config.home())));
    HttpResponse<String> r;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      r =
          http.send(
              HttpRequest.newBuilder(server.resolve("/api/v1/signin-link"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
    if (r.statusCode() != 200) {
      String detail = new ObjectMapper().readTree(r.body()).path("detail").asText(r.body());
      throw new CommandFailure("the server refused a sign-in link: " + detail);
    }
    String link = new ObjectMapper().readTree(r.body()).path("url").asText();
    spec.commandLine().getOut().printf("Sign in with this one-time link (15 min):%n    %s%n", link);
    spec.commandLine().getOut().flush();
    if (!noBrowser) {
      try {
        new ProcessBuilder("xdg-open", link).redirectErrorStream(true).start();
      } catch (IOException e) {
        // no desktop here: the printed link is enough
      }
    }
    return 0;
  }
}
