package dev.skiff.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.server.LocalSetup;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * A real server (local mode, embedded H2, local processes) on a temporary home, for browser tests:
 * its URL, the home's token for API calls that set up fixtures, and browser sign-in through the
 * one-time link, as a user does after {@code skiff up}.
 */
public final class DashboardServer implements AutoCloseable {
  /** The server. */
  public final SkiffServer server;

  /** The home's API token (the local user's). */
  public final String token;

  private final HttpClient http = HttpClient.newHttpClient();

  /** Starts a server on {@code home}. */
  public DashboardServer(Path home) throws IOException {
    this(home, Set.of());
  }

  /**
   * Starts a server on {@code home} whose platform administrators ({@code auth.admins}) are {@code
   * admins} (the local user is one only when named, as in a real home).
   */
  public DashboardServer(Path home, Set<String> admins) throws IOException {
    this(home, admins, NotebookSettings.defaults());
  }

  /** A server whose platform admins are {@code admins}, with these notebook environments. */
  public DashboardServer(Path home, Set<String> admins, NotebookSettings notebooks)
      throws IOException {
    AuthSettings local = AuthSettings.LOCAL;
    server =
        SkiffServer.start(
            new SkiffConfig(
                    home,
                    new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                    new SkiffConfig.Database(null, null, null),
                    new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
                    ArtifactStoreConfig.LOCAL,
                    SkiffConfig.Retention.DEFAULT,
                    SkiffConfig.Api.DEFAULTS,
                    new AuthSettings(
                        local.mode(),
                        local.externalUrl(),
                        admins,
                        local.allowedEmails(),
                        local.allowedDomains(),
                        local.allowedGroups(),
                        local.sessionTtl(),
                        local.tokenTtl(),
                        local.oidc(),
                        local.iap(),
                        local.proxy()))
                .withNotebooks(notebooks));
    token = TokenFile.read(home).orElseThrow();
  }

  /** The local user's id (the OS user). */
  public static String localUser() {
    return System.getProperty("user.name");
  }

  /** The local user's default profile. */
  public static String profile() {
    return LocalSetup.profileNameFor(System.getProperty("user.name"));
  }

  /** {@code path} on this server. */
  public String url(String path) {
    return server.url().resolve(path).toString();
  }

  /** Signs the browser profile in as the local user (the one-time link) and opens the home page. */
  public Page signIn(BrowserContext browser) {
    Page page = browser.newPage();
    page.navigate(server.signInLink().orElseThrow().toString());
    return page;
  }

  /** Calls the API as the local user. */
  public HttpResponse<String> api(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      // Notebook servers outlive a Skiff that stops (by design): a test's must not outlive it.
      server.database().notebooks().all().stream()
          .map(n -> n.profile())
          .distinct()
          .forEach(server.notebookService()::removeProfile);
    } finally {
      server.close();
    }
  }
}
