package dev.skiff.cli;

import dev.skiff.api.v1.IdentityJson;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skiff login}: stores an API token for a server in {@link Credentials}, after the server
 * has accepted it ({@code GET /api/v1/me}); every command that talks to that server then sends it.
 * The token is pasted (read from standard input, or typed at a prompt that does not echo), or comes
 * from the browser ({@code --web}, see {@link BrowserSignIn}).
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Sign the CLI in to a Skiff server: store an API token for it in",
      "$XDG_CONFIG_HOME/skiff/credentials.json (default ~/.config/skiff), readable by you only.",
      "Paste a token ('skiff tokens create' or the dashboard makes one), pipe it in with",
      "--token-stdin, or sign in through a browser with --web."
    })
final class LoginCommand implements Callable<Integer> {
  /** How long {@code --web} waits for the browser. */
  static final Duration BROWSER_WAIT = Duration.ofMinutes(5);

  /** The longest token accepted (Skiff's are 65 characters). */
  private static final int MAX_TOKEN = 4096;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = {
        "The server, e.g. https://skiff.example.com. Default: the server running on the home,",
        "else the only server signed in to before."
      })
  String server;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Skiff home whose running server to use (default ~/.skiff; env SKIFF_HOME).")
  Path home;

  /** Where the token comes from (a prompt when neither). */
  static final class Source {
    @Option(
        names = "--token-stdin",
        description = "Read the token from standard input, e.g. skiff login --token-stdin < file.")
    boolean stdin;

    @Option(
        names = "--web",
        description = "Sign in through a browser that is signed in to the server.")
    boolean web;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  @Option(
      names = "--no-browser",
      description = "With --web: print the link instead of opening a browser (e.g. over SSH).")
  boolean noBrowser;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (noBrowser && (source == null || !source.web)) {
      throw new UsageError("--no-browser goes with --web");
    }
    Map<String, String> env = System.getenv();
    Path homeFolder = RunClients.homeFolder(home, env);
    RemoteOptions remote = new RemoteOptions();
    remote.server = server;
    URI url = RunClients.serverFor(remote, homeFolder, env);
    Credentials credentials = Credentials.of(env);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    String token;
    String user;
    if (source != null && source.web) {
      BrowserSignIn.Result r = viaBrowser(url, err);
      token = r.token();
      user = r.user();
    } else {
      token = checked(source != null && source.stdin ? fromStdin() : fromPrompt(url));
      user = verify(url, token);
    }
    Optional<Credentials.Entry> before = credentials.find(url);
    credentials.save(url, new Credentials.Entry(token, user, Instant.now()));
    out.println("signed in to " + Credentials.key(url) + " as " + user);
    before
        .map(b -> TokensCommand.idOf(b.token()))
        .filter(id -> !id.equals(TokensCommand.idOf(token)))
        .ifPresent(
            id ->
                err.println(
                    "skiff: the token stored before (id "
                        + id
                        + ") still works until it expires; revoke it with 'skiff tokens revoke "
                        + id
                        + "'"));
    err.flush();
    return 0;
  }

  /** The user the server says {@code token} belongs to; nothing is stored when it refuses it. */
  static String verify(URI server, String token) {
    try (IdentityClient client = new IdentityClient(new ServerHttp(server, token))) {
      IdentityJson.Me me = client.me();
      return me.user();
    } catch (ServerHttp.TokenRejected e) {
      throw new UsageError(
          "server "
              + Credentials.key(server)
              + " rejected the token: "
              + e.detail()
              + "; nothing was stored");
    }
  }

  private BrowserSignIn.Result viaBrowser(URI url, PrintWriter err) {
    try (BrowserSignIn signIn = BrowserSignIn.listen(t -> verify(url, checked(t)))) {
      URI page = signIn.page(url);
      if (noBrowser || !Browser.open(page)) {
        err.println(
            "Open this link in a browser that is signed in to "
                + Credentials.key(url)
                + " and allow the CLI:");
        err.println("  " + page);
      } else {
        err.println("Opened " + page + " in your browser; allow the CLI there.");
      }
      err.println(
          "Waiting for the browser (up to "
              + BROWSER_WAIT.toMinutes()
              + " minutes; Ctrl-C stops)...");
      err.flush();
      return signIn.await(BROWSER_WAIT);
    }
  }

  private static String fromStdin() {
    try {
      InputStream in = System.in;
      byte[] bytes = in.readNBytes(MAX_TOKEN + 2);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandFailure("cannot read the token from standard input: " + e.getMessage());
    }
  }

  private static String fromPrompt(URI url) {
    Console console =
        Terminal.interactive()
            .orElseThrow(
                () ->
                    new UsageError(
                        "no token: pipe one in with --token-stdin, or sign in through a browser"
                            + " with --web"));
    char[] typed =
        console.readPassword(
            "API token for %s (input hidden; 'skiff tokens create' makes one): ",
            Credentials.key(url));
    if (typed == null) {
      throw new UsageError("no token given");
    }
    return new String(typed);
  }

  /** The token text, stripped, when it can be one: printable ASCII without spaces. */
  static String checked(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      throw new UsageError("no token given (empty input)");
    }
    if (t.length() > MAX_TOKEN || !t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new UsageError(
          "that is not an API token: a token is one word of printable ASCII characters, at most "
              + MAX_TOKEN
              + " (Skiff's look like skf.0123456789abcdef.SECRET)");
    }
    return t;
  }

  /** Opens a link in the user's browser, the way the desktop does it. */
  static final class Browser {
    private Browser() {}

    /** Whether a browser was started for {@code page}. */
    static boolean open(URI page) {
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      String[] command =
          os.contains("mac")
              ? new String[] {"open", page.toString()}
              : os.contains("win")
                  ? new String[] {"rundll32", "url.dll,FileProtocolHandler", page.toString()}
                  : new String[] {"xdg-open", page.toString()};
      try {
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        return true;
      } catch (IOException e) {
        return false; // no opener: the link is printed instead
      }
    }
  }
}
