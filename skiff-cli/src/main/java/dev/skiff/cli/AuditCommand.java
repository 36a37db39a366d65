package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v1.IdentityJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skiff audit}: the server's audit log of state-changing requests, newest first. The whole
 * log is for platform administrators; a profile's admins read their profile's part.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Show the audit log, newest first: who changed what, where, and the answer. The whole log",
      "is for platform administrators; a profile's owner and admins read it with --profile."
    })
final class AuditCommand implements Callable<Integer> {
  /** The most events the server gives in one page. */
  private static final int PAGE = 1000;

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Only this profile.")
  String profile;

  @Option(names = "--user", paramLabel = "USER", description = "Only this user's requests.")
  String user;

  @Option(names = "--limit", paramLabel = "N", description = "At most N events (default 50).")
  int limit = 50;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json: {\"events\": [...], \"next_page_token\": \"...\"} as the API pages.")
  String output;

  @Mixin ServerTarget target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean json = OutputFormat.isJson(output);
    Limits.check(limit);
    PrintWriter out = spec.commandLine().getOut();
    try (IdentityClient client = target.open()) {
      List<IdentityJson.AuditEvent> events = new ArrayList<>();
      String next = "";
      do {
        IdentityJson.AuditList page =
            client.audit(profile, user, Math.min(PAGE, limit - events.size()), next);
        events.addAll(page.events());
        next = page.nextPageToken() == null ? "" : page.nextPageToken();
      } while (!next.isEmpty() && events.size() < limit);
      if (json) {
        out.println(ApiJson.write(new IdentityJson.AuditList(events, next)));
        return 0;
      }
      String row = "%-19s  %-24s  %-20s  %-40s  %-6s  %s%n";
      out.printf(row, "TIME", "USER", "PROFILE", "ACTION", "STATUS", "TARGET");
      for (IdentityJson.AuditEvent e : events) {
        out.printf(
            row,
            ServerTarget.time(e.time()),
            GetCommand.truncate(e.user() == null || e.user().isEmpty() ? "-" : e.user(), 24),
            GetCommand.truncate(
                e.profile() == null || e.profile().isEmpty() ? "-" : e.profile(), 20),
            GetCommand.truncate(e.action(), 40),
            e.status(),
            e.target());
      }
      return 0;
    }
  }
}
