package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v1.IdentityJson;
import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skiff tokens create|list|revoke}: API tokens for scripts, CI and {@code
 * kfp.Client(existing_token=...)}. A token is shown once, when it is made; the server keeps only
 * its hash.
 */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Create, list and revoke API tokens (Authorization: Bearer TOKEN), for scripts, CI and",
      "kfp.Client(host=URL, existing_token=TOKEN). A token can be limited to a profile and role."
    },
    subcommands = {
      TokensCommand.Create.class,
      TokensCommand.ListTokens.class,
      TokensCommand.Revoke.class
    },
    commandListHeading = "%nCommands:%n")
final class TokensCommand {
  /** A whole token, whose middle part is its id. */
  private static final Pattern TOKEN = Pattern.compile("skf\\.([0-9a-f]{16})\\..+");

  /** The id of an API token ({@code skf.ID.SECRET}), or null for another kind of token. */
  static String idOf(String token) {
    Matcher m = TOKEN.matcher(token == null ? "" : token.strip());
    return m.matches() ? m.group(1) : null;
  }

  /** The options every tokens command has. */
  abstract static class Base extends IdentitySubcommand {}

  /** {@code skiff tokens create --name NAME}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Create a token and print it (only this once: the server keeps its hash). Standard",
        "output is the token alone, e.g. TOKEN=$(skiff tokens create --name ci)."
      })
  static final class Create extends Base {
    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "What it is for, e.g. ci or laptop.")
    String name;

    @Option(
        names = "--profile",
        paramLabel = "PROFILE",
        description = "Only this profile (default: all of yours).")
    String profile;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        description = "At most this role: view, edit, admin (default: your own).")
    String role;

    @Option(
        names = "--expires-in-days",
        paramLabel = "DAYS",
        description = "Its lifetime (default: the server's, 90 days unless configured).")
    Integer expiresInDays;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (IdentityClient client = target.open()) {
        IdentityJson.CreatedToken made =
            client.createToken(new IdentityJson.NewToken(name, profile, role, expiresInDays));
        if (json) {
          out().println(ApiJson.write(made));
          return 0;
        }
        out().println(made.token());
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "skiff: created token "
                + made.info().name()
                + " (id "
                + made.info().id()
                + ", "
                + scope(made.info())
                + ", valid until "
                + ServerTarget.time(made.info().expiresAt())
                + " UTC); it is shown only now: store it safely");
        err.flush();
        return 0;
      }
    }
  }

  /** {@code skiff tokens list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "List your tokens, newest first (never their secret).")
  static final class ListTokens extends Base {
    @Option(
        names = "--user",
        paramLabel = "USER",
        description = "Another user's (platform administrators).")
    String user;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (IdentityClient client = target.open()) {
        IdentityJson.TokenList list = client.tokens(user);
        if (json) {
          out().println(ApiJson.write(list));
          return 0;
        }
        String row = "%-16s  %-24s  %-20s  %-19s  %-19s  %-19s  %s%n";
        out().printf(row, "ID", "NAME", "SCOPE", "CREATED", "EXPIRES", "LAST USED", "STATUS");
        for (IdentityJson.Token t : list.tokens()) {
          out()
              .printf(
                  row,
                  t.id(),
                  GetCommand.truncate(t.name(), 24),
                  GetCommand.truncate(scope(t), 20),
                  ServerTarget.time(t.createdAt()),
                  ServerTarget.time(t.expiresAt()),
                  ServerTarget.time(t.lastUsedAt()),
                  t.revokedAt() != null ? "revoked" : t.active() ? "active" : "expired");
        }
        return 0;
      }
    }
  }

  /** {@code skiff tokens revoke ID}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Revoke a token at once: every request with it is refused from now on.")
  static final class Revoke extends Base {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        description = "The token's id (as 'skiff tokens list' shows it) or the token itself.")
    String id;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      String tokenId = idOf(id) != null ? idOf(id) : id.strip();
      try (IdentityClient client = target.open()) {
        client.revokeToken(tokenId);
        out().println(json ? "{}" : "revoked token " + tokenId);
        return 0;
      }
    }
  }

  /** What a token may do, in a few words. */
  static String scope(IdentityJson.Token t) {
    if (t.profile() == null && t.role() == null) {
      return "all profiles";
    }
    return (t.profile() == null ? "all profiles" : t.profile())
        + (t.role() == null ? "" : ", " + t.role());
  }
}
